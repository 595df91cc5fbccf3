from collections import defaultdict, deque

import numpy as np

from anomaly_detector.constants import WINDOW


class BandDetector:
    """Mean +- 4 sigma over the last WINDOW readings of a (device, sensor)."""

    def __init__(self, window: int = WINDOW, sigmas: float = 4.0) -> None:
        self._history = defaultdict(lambda: deque(maxlen=window))
        self._sigmas = sigmas

    def observe(self, device_id: str, sensor: str, value: float) -> bool:
        history = self._history[(device_id, sensor)]
        anomalous = False
        if len(history) >= 30:
            arr = np.fromiter(history, dtype=float)
            anomalous = abs(value - arr.mean()) > self._sigmas * max(arr.std(), 1e-9)
        history.append(value)
        return anomalous
