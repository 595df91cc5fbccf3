from unittest.mock import patch

from fastapi.testclient import TestClient

from checkout import api


def test_place_order_publishes_event():
    client = TestClient(api.app)
    with patch.object(api.publisher, "publish") as publish:
        resp = client.post("/orders", json={"customer_id": "c-1", "amount_cents": 1299, "country": "DE"})
    assert resp.status_code == 201
    publish.assert_called_once()


def test_rejects_non_positive_amount():
    client = TestClient(api.app)
    resp = client.post("/orders", json={"customer_id": "c-1", "amount_cents": 0, "country": "DE"})
    assert resp.status_code == 422
