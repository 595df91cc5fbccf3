"""Polls the POS vendor's menu API and publishes every changed menu."""

import hashlib
import json
import os

import httpx
from apscheduler.schedulers.blocking import BlockingScheduler
from menu_sync.kafka_out import flush, publish_menu

_last_digest: dict[str, str] = {}


def sync_once() -> None:
    with httpx.Client(base_url=os.environ["POS_API"], timeout=10) as client:
        for restaurant in client.get("/restaurants").json():
            menu = client.get(f"/restaurants/{restaurant['id']}/menu").json()
            digest = hashlib.sha256(json.dumps(menu, sort_keys=True).encode()).hexdigest()
            if _last_digest.get(restaurant["id"]) != digest:
                publish_menu(restaurant["id"], menu)
                _last_digest[restaurant["id"]] = digest
    flush(10)


def main() -> None:
    scheduler = BlockingScheduler()
    scheduler.add_job(sync_once, "interval", minutes=5)
    scheduler.start()


if __name__ == "__main__":
    main()
