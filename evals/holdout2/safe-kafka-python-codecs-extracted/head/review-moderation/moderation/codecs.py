"""Wire codecs shared by the moderation consumer and producer (UTF-8 JSON, UTF-8 string keys)."""
from __future__ import annotations

import json
from typing import Any


def decode_key(raw: bytes | None) -> str | None:
    return raw.decode("utf-8") if raw is not None else None


def encode_key(key: str) -> bytes:
    return key.encode("utf-8")


def decode_json(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))


def encode_json(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")
