"""Rule-based fraud score for one order event."""

from __future__ import annotations

HIGH_RISK_COUNTRIES = {"XX", "YY"}


def score(order: dict) -> float:
    risk = 0.0
    if order["amount_cents"] > 100_000:
        risk += 0.5
    if order["country"] in HIGH_RISK_COUNTRIES:
        risk += 0.3
    if order["customer_id"].startswith("guest-"):
        risk += 0.2
    return min(risk, 1.0)
