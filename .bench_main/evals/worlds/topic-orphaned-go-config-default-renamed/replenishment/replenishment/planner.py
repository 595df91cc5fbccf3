import logging
from collections import defaultdict

log = logging.getLogger(__name__)


class Planner:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.on_hand: dict[tuple[str, str], int] = defaultdict(int)

    async def apply(self, adjustment: dict) -> None:
        key = (adjustment["sku"], adjustment["warehouse_id"])
        self.on_hand[key] += adjustment["delta"]
        if self.on_hand[key] < self.threshold:
            log.info("reorder %s at %s (on hand %d)", key[0], key[1], self.on_hand[key])
