"""The value-flow evaluator on Python, one construct per test, each on a small real repository:
the values an expression can have and the evidence chain (path:line per hop) behind each."""

from __future__ import annotations

from tests.lang.helpers import chain, probe, texts

# -- Enum members ----------------------------------------------------------------------------


def test_enum_member_value_name_and_lookup_by_value(make_repo):
    repo = make_repo({
        "app/topics.py": (
            "from enum import Enum\n"                        # 1
            "\n"                                             # 2
            "class Stream(Enum):\n"                          # 3
            "    ORDERS = \"orders\"\n"                      # 4
            "    PAYMENTS = \"payments\"\n"                  # 5
        ),
        "app/main.py": (
            "from app.topics import Stream\n"                # 1
            "\n"                                             # 2
            "def run(raw):\n"                                # 3
            "    probe(Stream.ORDERS.value)\n"               # 4
            "    probe(Stream.PAYMENTS.name)\n"              # 5
            "    probe(Stream.ORDERS)\n"                     # 6
            "    probe(Stream(\"refunds\").value)\n"         # 7
        ),
    })
    [v] = probe(repo, "app/main.py", 0)
    assert v.text == "orders" and chain(v) == ["app/topics.py:4", "app/topics.py:4"]  # the member, its value
    [n] = probe(repo, "app/main.py", 1)
    assert n.text == "PAYMENTS" and chain(n) == ["app/topics.py:5", "app/topics.py:5"]
    [m] = probe(repo, "app/main.py", 2)  # a member used as a value stands for its value
    assert m.text == "orders"
    [looked] = probe(repo, "app/main.py", 3)  # Stream(x).value is x
    assert looked.text == "refunds" and chain(looked) == ["app/topics.py:3", "app/main.py:7"]  # the lookup, its argument


# -- maps indexed by constant keys -------------------------------------------------------------


def test_map_by_constant_key_and_get_with_default(make_repo):
    repo = make_repo({
        "svc/settings.py": (
            "TOPIC_MAP = {}\n"                                        # 1
            "ROUTES = {\"eu\": \"orders-eu\", \"us\": \"orders-us\"}\n"  # 2
        ),
        "svc/main.py": (
            "from svc import settings\n"                              # 1
            "REGION = \"us\"\n"                                       # 2
            "\n"                                                      # 3
            "def run(name):\n"                                        # 4
            "    probe(settings.ROUTES[REGION])\n"                    # 5
            "    probe(settings.TOPIC_MAP.get(name, \"fallback\"))\n"   # 6
            "    probe(settings.ROUTES.get(\"eu\"))\n"                # 7
            "    probe(settings.ROUTES[name])\n"                      # 8
        ),
    })
    [v] = probe(repo, "svc/main.py", 0)
    assert v.text == "orders-us" and chain(v) == ["svc/settings.py:2"]
    [d] = probe(repo, "svc/main.py", 1)  # an empty map: whatever the key, the default
    assert d.text == "fallback" and chain(d) == ["svc/main.py:6"]
    [g] = probe(repo, "svc/main.py", 2)
    assert g.text == "orders-eu"
    [u] = probe(repo, "svc/main.py", 3)  # an unknown key of a full map: not guessed
    assert u.text is None and "cannot be known" in u.reason


# -- dataclass / NamedTuple holders ------------------------------------------------------------


def test_dataclass_and_namedtuple_holders(make_repo):
    repo = make_repo({
        "svc/config.py": (
            "from dataclasses import dataclass, replace\n"           # 1
            "from typing import NamedTuple\n"                        # 2
            "\n"                                                     # 3
            "@dataclass(frozen=True)\n"                              # 4
            "class Sink:\n"                                          # 5
            "    topic: str\n"                                       # 6
            "    acks: str = \"all\"\n"                              # 7
            "\n"                                                     # 8
            "class Route(NamedTuple):\n"                             # 9
            "    source: str\n"                                      # 10
            "    target: str\n"                                      # 11
            "\n"                                                     # 12
            "def run():\n"                                           # 13
            "    sink = Sink(topic=\"audit\")\n"                     # 14
            "    probe(sink.topic)\n"                                # 15
            "    probe(sink.acks)\n"                                 # 16
            "    route = Route(\"raw\", \"clean\")\n"                # 17
            "    probe(route.target)\n"                              # 18
            "    probe(route[0])\n"                                  # 19
            "    moved = replace(sink, topic=\"audit-v2\")\n"        # 20
            "    probe(moved.topic)\n"                               # 21
            "    probe(moved.acks)\n"                                # 22
            "    src, dst = route\n"                                 # 23
            "    probe(dst)\n"                                       # 24
        ),
    })
    [t] = probe(repo, "svc/config.py", 0)
    assert t.text == "audit" and chain(t) == ["svc/config.py:14", "svc/config.py:14"]  # the variable, the keyword
    [a] = probe(repo, "svc/config.py", 1)  # the field's default
    assert a.text == "all"
    [target] = probe(repo, "svc/config.py", 2)  # positional arguments in field order
    assert target.text == "clean"
    [first] = probe(repo, "svc/config.py", 3)
    assert first.text == "raw"
    [moved] = probe(repo, "svc/config.py", 4)  # a copy with a field changed
    assert moved.text == "audit-v2"
    [kept] = probe(repo, "svc/config.py", 5)  # ... and the others kept
    assert kept.text == "all"
    [dst] = probe(repo, "svc/config.py", 6)  # tuple unpacking
    assert dst.text == "clean"


# -- parameters from every call site, closures ---------------------------------------------------


def test_parameter_from_every_call_site_and_a_closure(make_repo):
    repo = make_repo({
        "svc/pipe.py": (
            "def build(topic, suffix=\"-v1\"):\n"                # 1
            "    def step():\n"                                  # 2
            "        probe(topic)\n"                             # 3
            "        probe(suffix)\n"                            # 4
            "    return step\n"                                  # 5
            "\n"                                                 # 6
            "build(\"clicks\")\n"                                # 7
            "build(\"views\", suffix=\"-v2\")\n"                 # 8
        ),
    })
    values = probe(repo, "svc/pipe.py", 0)
    assert texts(values) == ["clicks", "views"]
    clicks = next(v for v in values if v.text == "clicks")
    assert chain(clicks) == ["svc/pipe.py:7"]  # the call site that selects it
    suffixes = probe(repo, "svc/pipe.py", 1)
    assert texts(suffixes) == ["-v1", "-v2"]  # the default where a call leaves it out
    assert chain(next(v for v in suffixes if v.text == "-v1")) == ["svc/pipe.py:7"]


def test_assignments_in_branches_all_reach_the_use(make_repo):
    repo = make_repo({
        "svc/pick.py": (
            "def pick(fast):\n"                 # 1
            "    name = \"default\"\n"          # 2
            "    if fast:\n"                    # 3
            "        name = \"fast-lane\"\n"    # 4
            "    else:\n"                       # 5
            "        name = \"slow-lane\"\n"    # 6
            "    probe(name)\n"                 # 7
            "    name = name.upper()\n"         # 8
        ),
    })
    values = probe(repo, "svc/pick.py")
    # the unconditional default is hidden by neither branch alone; a later statement is not before the use
    assert texts(values) == ["default", "fast-lane", "slow-lane"]


# -- accessors returning what the constructor got ------------------------------------------------


def test_accessor_method_and_property_return_what_the_constructor_got(make_repo):
    repo = make_repo({
        "svc/spec.py": (
            "from svc.names import Name\n"                       # 1
            "\n"                                                 # 2
            "class TopicSpec:\n"                                 # 3
            "    def __init__(self, name: Name) -> None:\n"      # 4
            "        self.__name = name\n"                       # 5
            "\n"                                                 # 6
            "    @property\n"                                    # 7
            "    def topic_name(self) -> str:\n"                 # 8
            "        return self.__name.value\n"                 # 9
            "\n"                                                 # 10
            "    def physical(self, shard=None) -> str:\n"       # 11
            "        if shard is not None:\n"                    # 12
            "            return f\"{self.topic_name}-{shard}\"\n"  # 13
            "        return self.topic_name\n"                   # 14
        ),
        "svc/names.py": "from enum import Enum\n\nclass Name(Enum):\n    LEDGER = \"ledger\"\n",
        "svc/main.py": (
            "from svc.names import Name\n"                       # 1
            "from svc.spec import TopicSpec\n"                   # 2
            "\n"                                                 # 3
            "def run():\n"                                       # 4
            "    spec = TopicSpec(Name.LEDGER)\n"                # 5
            "    probe(spec.physical())\n"                       # 6
            "    probe(spec.physical(3))\n"                      # 7
        ),
    })
    values = probe(repo, "svc/main.py", 0)
    assert "ledger" in texts(values)
    ledger = next(v for v in values if v.text == "ledger")
    assert "svc/spec.py:9" in chain(ledger) and chain(ledger)[-1] == "svc/names.py:4"
    assert "ledger-3" in texts(probe(repo, "svc/main.py", 1))


def test_method_of_an_object_that_cannot_be_followed_is_the_one_class_defining_it(make_repo):
    repo = make_repo({
        "svc/loader.py": (
            "class StreamLoader:\n"                                  # 1
            "    def __init__(self, input_topic, output_topic):\n"  # 2
            "        self.__input = input_topic\n"                   # 3
            "        self.__output = output_topic\n"                 # 4
            "\n"                                                     # 5
            "    def get_output_topic(self):\n"                      # 6
            "        return self.__output\n"                         # 7
            "\n"                                                     # 8
            "def make():\n"                                          # 9
            "    return StreamLoader(\"in\", \"out\")\n"             # 10
        ),
        "svc/main.py": (
            "def run(registry, key):\n"                              # 1
            "    loader = registry.lookup(key).loader()\n"           # 2
            "    probe(loader.get_output_topic())\n"                 # 3
        ),
    })
    [v] = probe(repo, "svc/main.py")
    assert v.text == "out"  # not "in": the field, not every argument
    assert chain(v)[:3] == ["svc/loader.py:7", "svc/loader.py:4", "svc/loader.py:10"]


def test_typed_parameter_without_call_site_is_the_one_construction_of_its_class(make_repo):
    repo = make_repo({
        "svc/cfg.py": (
            "from typing import NamedTuple\n"          # 1
            "\n"                                       # 2
            "class LogConfig(NamedTuple):\n"           # 3
            "    topic: str\n"                         # 4
            "    group: str\n"                         # 5
            "\n"                                       # 6
            "def config():\n"                          # 7
            "    return LogConfig(\"audit-log\", \"g1\")\n"  # 8
        ),
        "svc/writer.py": (
            "from svc.cfg import LogConfig\n"                          # 1
            "\n"                                                       # 2
            "class Writer:\n"                                          # 3
            "    def __init__(self, log: LogConfig | None) -> None:\n"  # 4
            "        self.__log = log\n"                               # 5
            "\n"                                                       # 6
            "    def close(self):\n"                                   # 7
            "        probe(self.__log.topic)\n"                        # 8
        ),
    })
    [v] = probe(repo, "svc/writer.py")
    assert v.text == "audit-log" and "svc/cfg.py:8" in chain(v)


# -- strings, environment, documents -----------------------------------------------------------


def test_string_building_and_environment(make_repo):
    repo = make_repo({
        "svc/names.py": (
            "import os\n"                                                  # 1
            "from os import getenv\n"                                      # 2
            "ENV = os.environ.get(\"STAGE\", \"dev\")\n"                   # 3
            "PREFIX = getenv(\"PREFIX\", \"shop\")\n"                      # 4
            "\n"                                                           # 5
            "def run(n):\n"                                                # 6
            "    probe(f\"{PREFIX}.{ENV}.orders\")\n"                      # 7
            "    probe(\"{}-{}\".format(PREFIX, \"events\"))\n"            # 8
            "    probe(\"%s_%s\" % (ENV, \"audit\"))\n"                    # 9
            "    probe(os.environ[\"REQUIRED_TOPIC\"])\n"                  # 10
        ),
    })
    [f] = probe(repo, "svc/names.py", 0)
    assert f.text == "shop.dev.orders" and "svc/names.py:3" in chain(f) and "svc/names.py:4" in chain(f)
    assert [v.text for v in probe(repo, "svc/names.py", 1)] == ["shop-events"]
    assert [v.text for v in probe(repo, "svc/names.py", 2)] == ["dev_audit"]
    [req] = probe(repo, "svc/names.py", 3)
    assert req.text is None and req.env == "REQUIRED_TOPIC"


def test_keys_of_a_yaml_document_loaded_at_run_time(make_repo):
    repo = make_repo({
        "svc/conf/orders.yaml": "name: orders\nstream:\n  input: raw-orders\n  output: orders\n",
        "svc/conf/payments.yaml": "name: payments\nstream:\n  input: raw-payments\n",
        "svc/conf/other.yaml": "name: other\n",
        "svc/load.py": (
            "import yaml\n"                                   # 1
            "\n"                                              # 2
            "def load(path):\n"                               # 3
            "    with open(path) as f:\n"                     # 4
            "        data = yaml.safe_load(f)\n"              # 5
            "    return data\n"                               # 6
            "\n"                                              # 7
            "def topic_of(path):\n"                           # 8
            "    stream = load(path)[\"stream\"]\n"           # 9
            "    probe(stream[\"input\"])\n"                  # 10
            "    probe(stream.get(\"output\"))\n"             # 11
        ),
    })
    values = probe(repo, "svc/load.py", 0)
    assert texts(values) == ["raw-orders", "raw-payments"]  # one value per file that sets the key
    orders = next(v for v in values if v.text == "raw-orders")
    assert chain(orders)[-1] == "svc/conf/orders.yaml:3"
    assert texts(probe(repo, "svc/load.py", 1)) == ["orders"]
