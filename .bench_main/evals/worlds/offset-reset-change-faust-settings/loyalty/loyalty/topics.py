from loyalty import settings
from loyalty.app import app
from loyalty.models import PointsAwarded, Purchase

purchases_topic = app.topic(settings.PURCHASES_TOPIC, key_type=str, value_type=Purchase)
points_topic = app.topic(settings.POINTS_TOPIC, key_type=str, value_type=PointsAwarded)
