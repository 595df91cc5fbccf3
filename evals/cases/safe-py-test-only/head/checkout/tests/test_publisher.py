from unittest.mock import patch

from checkout.publisher import OrderPublisher

ORDER = {
    "order_id": "o-1",
    "customer_id": "c-1",
    "amount_cents": 1299,
    "currency": "EUR",
    "country": "DE",
    "placed_at": "2024-05-01T10:00:00+00:00",
}


def test_publish_produces_to_orders_keyed_by_order_id():
    with patch("checkout.publisher.Producer") as producer_cls:
        publisher = OrderPublisher()
        publisher.publish(ORDER)
    producer = producer_cls.return_value
    args, kwargs = producer.produce.call_args
    assert args[0] == "orders"
    assert kwargs["key"] == "o-1"
    producer.flush.assert_called_once_with(10)


def test_producer_is_idempotent_with_acks_all():
    with patch("checkout.publisher.Producer") as producer_cls:
        OrderPublisher()
    config = producer_cls.call_args.args[0]
    assert config["acks"] == "all"
    assert config["enable.idempotence"] is True
