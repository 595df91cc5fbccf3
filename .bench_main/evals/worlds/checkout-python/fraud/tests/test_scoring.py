from fraud.scoring import score


def test_large_amount_is_risky():
    assert score({"amount_cents": 250_000, "country": "DE", "customer_id": "c-1"}) >= 0.5


def test_small_known_customer_is_fine():
    assert score({"amount_cents": 1_000, "country": "DE", "customer_id": "c-1"}) == 0.0
