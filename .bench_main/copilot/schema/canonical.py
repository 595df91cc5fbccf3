"""Parsing Canonical Form and fingerprints of a schema (fastavro implements the spec's transformation;
it loads when a form is asked for: the rules import this module on every review)."""

from __future__ import annotations

import hashlib
from typing import Any


def canonical_form(schema_json: Any) -> str:
    """The Parsing Canonical Form: full names, no doc/aliases/defaults, fixed key order, no whitespace."""
    from fastavro.schema import to_parsing_canonical_form

    return to_parsing_canonical_form(schema_json)


def rabin_fingerprint(canonical: str) -> str:
    """CRC-64-AVRO (Rabin) fingerprint of a canonical form, as 16 hex digits."""
    from fastavro.schema import fingerprint

    return fingerprint(canonical, "CRC-64-AVRO")


def sha256_fingerprint(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
