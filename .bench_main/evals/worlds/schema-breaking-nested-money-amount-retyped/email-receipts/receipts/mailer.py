import logging

log = logging.getLogger(__name__)


def send_receipt(email: str, order_id: str) -> None:
    log.info("queued receipt for order %s to %s", order_id, email)
