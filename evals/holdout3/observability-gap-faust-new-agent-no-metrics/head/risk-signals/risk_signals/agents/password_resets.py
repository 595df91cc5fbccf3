from datetime import timedelta

import faust

from risk_signals.app import alerts_topic, app


class PasswordReset(faust.Record, serializer="json"):
    user_id: str
    ip: str
    channel: str
    ts: float


resets_topic = app.topic("auth.password-resets", value_type=PasswordReset)
resets_per_ip = app.Table("resets-per-ip", default=int).tumbling(timedelta(minutes=15), expires=timedelta(hours=2))

BURST_THRESHOLD = 20


@app.agent(resets_topic)
async def flag_reset_bursts(resets):
    async for reset in resets:
        resets_per_ip[reset.ip] += 1
        if resets_per_ip[reset.ip].now() == BURST_THRESHOLD:
            await alerts_topic.send(key=reset.ip, value={"kind": "reset-burst", "ip": reset.ip})
