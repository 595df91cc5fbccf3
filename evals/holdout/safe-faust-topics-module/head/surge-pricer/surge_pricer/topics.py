"""Topics and records of surge-pricer, shared by the agents and the tests."""

import faust
from surge_pricer.app import app


class TripRequested(faust.Record, serializer="json"):
    trip_id: str
    cell: str
    requested_at: float


class SurgeMultiplier(faust.Record, serializer="json"):
    cell: str
    multiplier: float


trips_requested = app.topic("trips.requested", value_type=TripRequested)
surge_updates = app.topic("trips.surge", value_type=SurgeMultiplier)
