import faust
import h3

from geo_enricher.app import app


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


requested = app.topic("rides.requested", value_type=RideRequest)
enriched = app.topic("rides.enriched", value_type=EnrichedRide)


@app.agent(requested, sink=[enriched])
async def enrich(rides):
    async for ride in rides:
        yield EnrichedRide(
            ride_id=ride.ride_id,
            rider_id=ride.rider_id,
            pickup_cell=h3.geo_to_h3(ride.pickup_lat, ride.pickup_lon, 8),
            dropoff_cell=h3.geo_to_h3(ride.dropoff_lat, ride.dropoff_lon, 8),
        )
