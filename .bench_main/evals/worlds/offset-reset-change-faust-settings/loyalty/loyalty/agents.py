from loyalty import settings
from loyalty.app import app
from loyalty.models import PointsAwarded, Purchase
from loyalty.topics import points_topic, purchases_topic

balances = app.Table("member-balances", default=int, partitions=6)


@app.agent(purchases_topic)
async def award_points(purchases):
    async for purchase in purchases.group_by(Purchase.member_id):
        points = purchase.amount_cents * settings.POINTS_PER_EURO // 100
        balances[purchase.member_id] += points
        await points_topic.send(
            key=purchase.member_id,
            value=PointsAwarded(member_id=purchase.member_id, purchase_id=purchase.purchase_id, points=points),
        )
