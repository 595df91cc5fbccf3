from datetime import timedelta

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

demand = app.Table("demand-by-cell", default=int).tumbling(
    timedelta(minutes=5), expires=timedelta(minutes=30)
)


@app.agent(trips_requested)
async def track_demand(trips):
    async for trip in trips.group_by(TripRequested.cell):
        demand[trip.cell] += 1
        current = demand[trip.cell].now()
        multiplier = min(3.0, 1.0 + max(0, current - 20) * 0.05)
        await surge_updates.send(key=trip.cell, value=SurgeMultiplier(cell=trip.cell, multiplier=multiplier))
