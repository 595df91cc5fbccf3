"""Adapter for /work/shared/conformance/avro/check_avro_cases.py: ``is_compatible(reader, writer) -> bool``."""

from __future__ import annotations

from typing import Any

from copilot.schema.compatibility import can_read


def is_compatible(reader_json: Any, writer_json: Any) -> bool:
    return can_read(reader_json, writer_json).compatible
