"""Register a schema with a Confluent-compatible Schema Registry (stdlib HTTP, no client library)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
BODY_LIMIT = 64 * 1024


@dataclass(frozen=True)
class RegistryResult:
    ok: bool
    steps: list[dict[str, Any]]  # one per HTTP call: method, url, status, body

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "steps": self.steps}


def _call(method: str, url: str, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"), method=method,
        headers={"Content-Type": CONTENT_TYPE, "Accept": CONTENT_TYPE},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked at proposal
            status, body = response.status, response.read(BODY_LIMIT)
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read(BODY_LIMIT)
    except (urllib.error.URLError, OSError) as exc:
        return {"method": method, "url": url, "status": None, "body": f"{type(exc).__name__}: {exc}"}
    return {"method": method, "url": url, "status": status, "body": body.decode("utf-8", "replace")}


def register(url: str, subject: str, schema: str, mode: str, timeout: float) -> RegistryResult:
    """Set the subject's compatibility to ``mode``, then register ``schema`` under it."""
    base = url.rstrip("/")
    name = quote(subject, safe="")
    steps = [_call("PUT", f"{base}/config/{name}", {"compatibility": mode}, timeout)]
    if steps[0]["status"] == 200:
        steps.append(_call("POST", f"{base}/subjects/{name}/versions", {"schema": schema}, timeout))
    ok = all(step["status"] == 200 for step in steps) and len(steps) == 2
    return RegistryResult(ok=ok, steps=steps)
