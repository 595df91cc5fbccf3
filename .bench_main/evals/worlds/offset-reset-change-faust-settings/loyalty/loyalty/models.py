import faust


class Purchase(faust.Record, serializer="json"):
    purchase_id: str
    member_id: str
    store_id: str
    amount_cents: int


class PointsAwarded(faust.Record, serializer="json"):
    member_id: str
    purchase_id: str
    points: int
