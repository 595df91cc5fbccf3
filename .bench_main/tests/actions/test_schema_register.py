"""Schema-register actions against a local fake Schema Registry."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from copilot.actions.propose import schema_register_proposal
from copilot.actions.store import ActionStore
from copilot.config import load_config
from tests.actions.conftest import Cli, status_of
from tests.conftest import MakeRepo, commit

SCHEMA = '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}'


class Registry:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.reject_with: int | None = None


@pytest.fixture
def registry() -> Iterator[tuple[Registry, str]]:
    state = Registry()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.calls.append({"method": self.command, "path": self.path, "body": body,
                                "type": self.headers["Content-Type"]})  # fmt: skip
            if self.command == "POST" and state.reject_with:
                status, answer = state.reject_with, {"error_code": 409, "message": "incompatible"}
            elif self.command == "PUT":
                status, answer = 200, {"compatibility": body["compatibility"]}
            else:
                status, answer = 200, {"id": 7}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_PUT = do_POST = _handle  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _propose(repo: Path) -> str:
    proposal = schema_register_proposal(
        repo, load_config(repo), "orders-value", SCHEMA, "FULL", "Register Order v2", "r", ["fp"]
    )
    assert proposal is not None
    with ActionStore(repo) as store:
        return store.save(proposal).id


def test_register_after_approval(make_repo: MakeRepo, cli: Cli, registry: tuple[Registry, str]) -> None:
    state, url = registry
    repo = make_repo({".pipeline-copilot.toml": f'[registry]\nurl = "{url}"\n'})
    action_id = _propose(repo)
    assert cli("apply", action_id, "--repo", repo).code == 2 and state.calls == []
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 0, result.err
    assert [(c["method"], c["path"]) for c in state.calls] == [
        ("PUT", "/config/orders-value"),
        ("POST", "/subjects/orders-value/versions"),
    ]
    assert state.calls[0]["body"] == {"compatibility": "FULL"}
    assert state.calls[1]["body"] == {"schema": SCHEMA}
    assert state.calls[1]["type"] == "application/vnd.schemaregistry.v1+json"
    assert status_of(repo, action_id) == "applied"


def test_registry_refusal_is_a_failure(make_repo: MakeRepo, cli: Cli, registry: tuple[Registry, str]) -> None:
    state, url = registry
    state.reject_with = 409
    repo = make_repo({".pipeline-copilot.toml": f'[registry]\nurl = "{url}"\n'})
    action_id = _propose(repo)
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 1 and "409" in result.err
    assert status_of(repo, action_id) == "failed"


def test_changed_registry_url_makes_it_stale(
    make_repo: MakeRepo, cli: Cli, registry: tuple[Registry, str]
) -> None:
    state, url = registry
    repo = make_repo({".pipeline-copilot.toml": f'[registry]\nurl = "{url}"\n'})
    action_id = _propose(repo)
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    commit(repo, {".pipeline-copilot.toml": '[registry]\nurl = "http://127.0.0.1:9"\n'})
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "registry changed" in result.err
    assert state.calls == []
