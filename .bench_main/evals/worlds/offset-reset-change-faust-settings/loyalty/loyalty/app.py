import faust

from loyalty import settings

app = faust.App(
    settings.APP_ID,
    broker=settings.BROKER_URL,
    value_serializer="json",
    consumer_auto_offset_reset=settings.OFFSET_RESET,
    topic_partitions=6,
    autodiscover=["loyalty.agents"],
    origin="loyalty",
)


def main() -> None:
    app.main()
