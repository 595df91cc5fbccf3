import os

import faust
import h3
import requests
from geo_enricher.app import app

GEOCODER_URL = os.environ.get("GEOCODER_URL", "http://geocoder.internal:8080")


class RideRequest(faust.Record, serializer="json"):
    ride_id: str
    rider_id: str
    pickup_lat: float
    pickup_lon: float
    dropoff_lat: float
    dropoff_lon: float


class EnrichedRide(faust.Record, serializer="json"):
    ride_id: str
    rider_id: str
    pickup_cell: str
    dropoff_cell: str
    pickup_address: str


requested = app.topic("rides.requested", value_type=RideRequest)
enriched = app.topic("rides.enriched", value_type=EnrichedRide)


def reverse_geocode(lat: float, lon: float) -> str:
    resp = requests.get(f"{GEOCODER_URL}/reverse", params={"lat": lat, "lon": lon}, timeout=3)
    resp.raise_for_status()
    return resp.json()["display_name"]


@app.agent(requested, sink=[enriched])
async def enrich(rides):
    async for ride in rides:
        yield EnrichedRide(
            ride_id=ride.ride_id,
            rider_id=ride.rider_id,
            pickup_cell=h3.geo_to_h3(ride.pickup_lat, ride.pickup_lon, 8),
            dropoff_cell=h3.geo_to_h3(ride.dropoff_lat, ride.dropoff_lon, 8),
            pickup_address=reverse_geocode(ride.pickup_lat, ride.pickup_lon),
        )
