import os

import aiohttp


class AlertBook:
    def __init__(self, webhook: str, thresholds: dict[str, float]):
        self.webhook = webhook
        self.thresholds = thresholds
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_env(cls) -> "AlertBook":
        pairs = (item.split("=") for item in os.environ.get("ALERT_THRESHOLDS", "").split(",") if item)
        return cls(os.environ["ALERT_WEBHOOK"], {sym: float(px) for sym, px in pairs})

    async def evaluate(self, symbol: str, price: float) -> None:
        limit = self.thresholds.get(symbol)
        if limit is None or price < limit:
            return
        if self._session is None:
            self._session = aiohttp.ClientSession()
        await self._session.post(self.webhook, json={"symbol": symbol, "price": price, "limit": limit})
