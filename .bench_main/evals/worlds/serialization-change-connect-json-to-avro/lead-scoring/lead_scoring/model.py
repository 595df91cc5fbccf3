def score_account(account: dict) -> float:
    score = 0.0
    if account.get("employees", 0) > 200:
        score += 0.4
    if account.get("industry") in {"retail", "logistics"}:
        score += 0.3
    if account.get("trial_started_at"):
        score += 0.3
    return round(score, 2)
