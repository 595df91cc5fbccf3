from fraud.scoring import score


def test_large_amount_is_risky():
    assert score({"amount_cents": 250_000, "country": "DE", "customer_id": "c-1"}) >= 0.5


def test_high_risk_country_adds_risk():
    assert score({"amount_cents": 1_000, "country": "XX", "customer_id": "c-1"}) == 0.3


def test_guest_checkout_adds_risk():
    assert score({"amount_cents": 1_000, "country": "DE", "customer_id": "guest-7"}) == 0.2


def test_score_is_capped_at_one():
    assert score({"amount_cents": 900_000, "country": "XX", "customer_id": "guest-7"}) == 1.0


def test_small_known_customer_is_fine():
    assert score({"amount_cents": 1_000, "country": "DE", "customer_id": "c-1"}) == 0.0
