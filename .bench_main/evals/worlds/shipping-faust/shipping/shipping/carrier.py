"""Async client for the carrier's label API."""

from __future__ import annotations

import httpx


class CarrierError(Exception):
    pass


async def buy_label(client: httpx.AsyncClient, request: dict) -> dict:
    resp = await client.post(
        "/v2/labels",
        json={
            "reference": request["parcel_id"],
            "weight_grams": request["weight_grams"],
            "country": request["destination_country"],
            "postcode": request["postcode"],
        },
    )
    if resp.status_code >= 400:
        raise CarrierError(f"carrier refused parcel {request['parcel_id']}: {resp.status_code}")
    return resp.json()
