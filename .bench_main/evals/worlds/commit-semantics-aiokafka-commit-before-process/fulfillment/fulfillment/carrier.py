from dataclasses import dataclass

import httpx


@dataclass
class Shipment:
    tracking_no: str


class CarrierClient:
    def __init__(self, base_url: str) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=10.0)

    async def book(self, order_id: str, address: str, items: list[str]) -> Shipment:
        resp = await self._http.post(
            "/v2/shipments",
            json={"reference": order_id, "address": address, "parcels": len(items)},
            headers={"Idempotency-Key": order_id},
        )
        resp.raise_for_status()
        return Shipment(tracking_no=resp.json()["tracking_number"])

    async def close(self) -> None:
        await self._http.aclose()
