"""Avro type names: the constants, and how names, namespaces and references resolve (Avro spec)."""

from __future__ import annotations

import re

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED_TYPES = frozenset({"record", "error", "enum", "fixed"})
CONTAINER_TYPES = frozenset({"array", "map"})
ALL_TYPE_KEYWORDS = PRIMITIVES | NAMED_TYPES | CONTAINER_TYPES

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def is_valid_name(name: str) -> bool:
    """A simple Avro name: ``[A-Za-z_][A-Za-z0-9_]*``."""
    return bool(_NAME.match(name))


def is_valid_fullname(name: str) -> bool:
    """A dotted full name whose every part is a valid simple name."""
    return all(is_valid_name(part) for part in name.split("."))


def fullname(name: str, namespace: str | None) -> str:
    """The full name of a definition or reference `name` seen where `namespace` applies."""
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def namespace_of(full: str) -> str | None:
    return full.rsplit(".", 1)[0] if "." in full else None


def simple_name(full: str) -> str:
    return full.rsplit(".", 1)[-1]
