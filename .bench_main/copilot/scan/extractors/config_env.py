"""Environment variables set by ``.env`` files, docker compose services and k8s workloads.

Every variable is recorded as ``VAR`` and, when it belongs to a compose service or a k8s
workload, also as ``<service>/VAR`` so the resolver can prefer the variable of the service a
code file belongs to.  Values are kept as written (``${ORDERS:-orders}`` is not expanded).

Kafka client variables (``KAFKA_GROUP_ID``, ``SPRING_KAFKA_CONSUMER_GROUP_ID``, ...) also become
settings, except in services that *are* Kafka infrastructure (a broker's ``KAFKA_*`` variables
configure the broker, not a client).
"""

from __future__ import annotations

import io
import re

from dotenv.parser import parse_stream
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from copilot.model.facts import FileFacts
from copilot.scan.extractors.config_settings import redact, settings_from
from copilot.scan.extractors.config_yaml import get, line_of, mapping_items, scalar_text

_INFRA_IMAGES = re.compile(
    r"(^|/)(cp-kafka|cp-server|cp-zookeeper|cp-schema-registry|cp-kafka-connect[\w-]*|cp-ksqldb[\w-]*"
    r"|cp-enterprise[\w-]*|kafka|zookeeper|redpanda|kafka-ui|akhq|kafdrop|schema-registry|connect"
    r"|strimzi[\w-]*|console)(:|@|$)"
)
_BROKER_VARS = frozenset(
    {
        "KAFKA_BROKER_ID",
        "KAFKA_NODE_ID",
        "KAFKA_PROCESS_ROLES",
        "KAFKA_ZOOKEEPER_CONNECT",
        "KAFKA_ADVERTISED_LISTENERS",
        "KAFKA_CFG_NODE_ID",
        "KAFKA_CFG_PROCESS_ROLES",
        "KAFKA_CFG_ZOOKEEPER_CONNECT",
        "KAFKA_CONTROLLER_QUORUM_VOTERS",
    }
)
_WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet", "DeploymentConfig"}
)

EnvEntries = list[tuple[str, str, int]]


def extract_dotenv(text: str, facts: FileFacts) -> None:
    """``.env``: python-dotenv's own parser (the one ``dotenv_values`` runs), used directly
    because each binding carries its line and an error flag: an unparseable line becomes a
    warning here instead of a log message.  No interpolation: the result must not depend on
    the scanning machine's environment.  The last assignment wins, as in dotenv."""
    entries: dict[str, tuple[str, int]] = {}
    try:
        for binding in parse_stream(io.StringIO(text)):
            line = binding.original.line
            if binding.error:
                facts.warnings.append(f"{facts.path}:{line}: unparseable .env line skipped")
            elif binding.key is not None:
                entries.pop(binding.key, None)  # keep file order of the winning assignment
                entries[binding.key] = (binding.value or "", line)
    except Exception as exc:  # the parser is regex based; never let it take the scan down
        facts.warnings.append(f"{facts.path}:1: unreadable .env file: {exc}")
    for var, (value, line) in entries.items():
        facts.env[var] = (redact(var, value), line)
    facts.settings.extend(settings_from([(k, v, ln) for k, (v, ln) in entries.items()], facts.path, env=True))


def _environment(node: Node | None) -> EnvEntries:
    """A compose ``environment:`` in map form (``KEY: value``) or list form (``- KEY=value``).
    A bare ``- KEY`` (or ``KEY:`` with no value) passes the variable through from where compose
    runs: its value is not written here, so it is not recorded as an empty one."""
    entries: EnvEntries = []
    if isinstance(node, MappingNode):
        for key, knode, value in mapping_items(node):
            if isinstance(value, ScalarNode) and value.tag == "tag:yaml.org,2002:null":
                continue
            entries.append((key, scalar_text(value), line_of(knode)))
    elif isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, ScalarNode):
                var, eq, value = str(item.value).partition("=")
                if eq:
                    entries.append((var.strip(), value, line_of(item)))
    return entries


def _is_infra(image: str, entries: EnvEntries) -> bool:
    return bool(_INFRA_IMAGES.search(image.strip())) or any(var in _BROKER_VARS for var, _, _ in entries)


def _record(facts: FileFacts, owner: str, image: str, entries: EnvEntries) -> None:
    for var, value, line in entries:
        if not var:
            continue
        facts.env[var] = facts.env[f"{owner}/{var}"] = (redact(var, value), line)
    if not _is_infra(image, entries):
        facts.settings.extend(settings_from(entries, facts.path, env=True, owner=owner))


def extract_compose(docs: list[Node], facts: FileFacts) -> None:
    for doc in docs:
        services = get(doc, "services")
        for name, _knode, service in mapping_items(services) if services is not None else ():
            image = scalar_text(get(service, "image")) if get(service, "image") is not None else ""
            _record(facts, name, image, _environment(get(service, "environment")))


def _containers(spec: Node | None) -> list[Node]:
    """Containers of a pod spec (init containers included)."""
    found: list[Node] = []
    for key in ("containers", "initContainers"):
        seq = get(spec, key)
        if isinstance(seq, SequenceNode):
            found.extend(seq.value)
    return found


def extract_k8s_env(doc: Node, kind: str, facts: FileFacts) -> None:
    """``env: [{name, value}]`` of a workload's containers; ``<metadata.name>/VAR`` keys.
    ``valueFrom`` entries (secrets, config maps) are recorded with an empty value."""
    if kind not in _WORKLOAD_KINDS:
        return
    meta_name = get(doc, "metadata", "name")
    owner = scalar_text(meta_name) if meta_name is not None else ""
    spec = get(doc, "spec")
    if kind == "CronJob":
        spec = get(spec, "jobTemplate", "spec")
    pod_spec = spec if kind == "Pod" else get(spec, "template", "spec")
    for container in _containers(pod_spec):
        image_node = get(container, "image")
        entries: EnvEntries = []
        env = get(container, "env")
        for item in env.value if isinstance(env, SequenceNode) else ():
            var_node, value_node = get(item, "name"), get(item, "value")
            if var_node is not None:
                value = scalar_text(value_node) if value_node is not None else ""
                entries.append((scalar_text(var_node), value, line_of(var_node)))
        _record(facts, owner or "?", scalar_text(image_node) if image_node is not None else "", entries)
