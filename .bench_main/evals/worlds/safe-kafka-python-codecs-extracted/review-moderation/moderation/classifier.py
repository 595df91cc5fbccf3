BLOCKLIST = {"scam", "fake", "counterfeit"}


def classify(text: str) -> str:
    words = {w.strip(".,!?").lower() for w in text.split()}
    return "rejected" if words & BLOCKLIST else "approved"
