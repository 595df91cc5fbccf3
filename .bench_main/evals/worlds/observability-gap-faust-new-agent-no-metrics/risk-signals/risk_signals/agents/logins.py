import time
from datetime import timedelta

import faust

from risk_signals.app import alerts_topic, app
from risk_signals.metrics import ALERTS_RAISED, EVENT_AGE_SECONDS, EVENTS_PROCESSED, PROCESSING_SECONDS


class LoginAttempt(faust.Record, serializer="json"):
    user_id: str
    ip: str
    success: bool
    ts: float


logins_topic = app.topic("auth.logins", value_type=LoginAttempt)
failed_logins = app.Table("failed-logins", default=int).tumbling(timedelta(minutes=10), expires=timedelta(hours=1))

FAILED_THRESHOLD = 8


@app.agent(logins_topic)
async def score_logins(attempts):
    async for attempt in attempts:
        started = time.monotonic()
        EVENT_AGE_SECONDS.labels("score_logins").observe(max(0.0, time.time() - attempt.ts))
        if not attempt.success:
            failed_logins[attempt.user_id] += 1
            if failed_logins[attempt.user_id].now() == FAILED_THRESHOLD:
                await alerts_topic.send(key=attempt.user_id, value={"kind": "brute-force", "ip": attempt.ip})
                ALERTS_RAISED.labels("score_logins").inc()
        EVENTS_PROCESSED.labels("score_logins").inc()
        PROCESSING_SECONDS.labels("score_logins").observe(time.monotonic() - started)
