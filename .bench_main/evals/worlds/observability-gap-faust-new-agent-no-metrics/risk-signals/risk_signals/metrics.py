from prometheus_client import Counter, Histogram

EVENTS_PROCESSED = Counter(
    "risk_signals_events_processed_total", "Events processed per agent", ["agent"]
)
ALERTS_RAISED = Counter("risk_signals_alerts_total", "Alerts raised per agent", ["agent"])
PROCESSING_SECONDS = Histogram(
    "risk_signals_processing_seconds", "Per-event processing time", ["agent"]
)
EVENT_AGE_SECONDS = Histogram(
    "risk_signals_event_age_seconds",
    "Now minus the event timestamp, a proxy for consumer lag",
    ["agent"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900),
)
