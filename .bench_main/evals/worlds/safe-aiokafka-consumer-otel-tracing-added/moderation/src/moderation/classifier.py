import httpx

BANNED = {"scam", "fake", "counterfeit"}


class ToxicityClient:
    def __init__(self, base_url: str) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=2.0)

    async def verdict(self, text: str) -> str:
        if any(word in text.lower() for word in BANNED):
            return "REJECTED"
        resp = await self._http.post("/v1/score", json={"text": text})
        resp.raise_for_status()
        return "REJECTED" if resp.json()["toxicity"] > 0.8 else "APPROVED"
