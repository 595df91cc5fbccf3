"""The Python client libraries as catalogue entries: each idiom on a small real repository,
matched by the one matcher over the Python front-end's IR (no extractor involved)."""

from __future__ import annotations

from tests.lang.helpers import py_endpoints


def _settings(ep) -> dict[str, str]:
    return {k: s.value for k, s in ep.settings.items()}


def test_confluent_client_settings_from_a_factory_in_another_file_reach_every_endpoint(make_repo):
    repo = make_repo({
        "shop/kafka_factory.py": (
            "from confluent_kafka import Consumer, Producer\n"            # 1
            "\n"                                                          # 2
            "def make_producer():\n"                                      # 3
            "    return Producer({\"bootstrap.servers\": \"k:9092\", \"acks\": \"0\", \"enable.idempotence\": False})\n"  # 4
            "\n"                                                          # 5
            "def make_consumer(group):\n"                                 # 6
            "    conf = {\"group.id\": group, \"auto.offset.reset\": \"earliest\", \"enable.auto.commit\": False}\n"  # 7
            "    return Consumer(conf)\n"                                 # 8
        ),
        "shop/main.py": (
            "from shop.kafka_factory import make_consumer, make_producer\n"  # 1
            "\n"                                                          # 2
            "ORDERS = \"orders\"\n"                                       # 3
            "\n"                                                          # 4
            "def report(err, msg):\n"                                     # 5
            "    pass\n"                                                  # 6
            "\n"                                                          # 7
            "def publish(order):\n"                                       # 8
            "    producer = make_producer()\n"                            # 9
            "    producer.produce(ORDERS, value=order, key=order.id, on_delivery=report)\n"  # 10
            "    producer.produce(\"audit\", order)\n"                      # 11
            "\n"                                                          # 12
            "def consume():\n"                                            # 13
            "    consumer = make_consumer(\"shipping\")\n"                # 14
            "    consumer.subscribe([ORDERS, \"^returns\\\\..*\"])\n"     # 15
        ),
    })
    eps = py_endpoints(repo)
    got = [(e.role, e.topic.name, e.topic.pattern, e.loc.path, e.loc.line, e.library) for e in eps]
    assert got == [
        ("produce", "orders", False, "shop/main.py", 10, "confluent-kafka"),
        ("produce", "audit", False, "shop/main.py", 11, "confluent-kafka"),
        ("consume", "^returns\\..*", True, "shop/main.py", 15, "confluent-kafka"),
        ("consume", "orders", False, "shop/main.py", 15, "confluent-kafka"),
    ]
    orders, audit = eps[0], eps[1]
    assert _settings(orders) == {"bootstrap.servers": "k:9092", "acks": "0", "enable.idempotence": "false"}
    assert orders.settings["acks"].loc.path == "shop/kafka_factory.py" and orders.settings["acks"].loc.line == 4
    assert (orders.key, orders.value, orders.awaits_ack) == ("order.id", "order", True)  # a delivery handler
    assert (audit.key, audit.value, audit.awaits_ack) == (None, "order", False)  # no handler, no flush
    consumer = eps[3]
    assert consumer.group == "shipping"
    assert _settings(consumer) == {"group.id": "shipping", "auto.offset.reset": "earliest", "enable.auto.commit": "false"}


def test_confluent_flush_after_the_send_acknowledges_it(make_repo):
    repo = make_repo({
        "svc/send.py": (
            "from confluent_kafka import Producer\n"     # 1
            "p = Producer({})\n"                         # 2
            "def run():\n"                               # 3
            "    p.produce(\"a\", b\"1\")\n"             # 4
            "    p.flush()\n"                            # 5
            "    p.produce(\"b\", b\"2\")\n"             # 6
        ),
    })
    assert [(e.topic.name, e.awaits_ack) for e in py_endpoints(repo)] == [("a", True), ("b", False)]


def test_kafka_python_keyword_settings_constructor_topics_pattern_and_future_get(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "import json\n"                                                             # 1
            "from kafka import KafkaConsumer, KafkaProducer\n"                          # 2
            "\n"                                                                        # 3
            "producer = KafkaProducer(bootstrap_servers=\"k:9092\", acks=0, retries=3,\n"  # 4
            "                         value_serializer=lambda v: json.dumps(v).encode())\n"  # 5
            "\n"                                                                        # 6
            "def publish(order):\n"                                                     # 7
            "    future = producer.send(\"orders\", order, order.id)\n"                  # 8
            "    future.get(timeout=10)\n"                                              # 9
            "    producer.send(\"audit\", value=order)\n"                               # 10
            "\n"                                                                        # 11
            "consumer = KafkaConsumer(\"orders\", \"refunds\", group_id=\"billing\",\n"   # 12
            "                         auto_offset_reset=\"earliest\", enable_auto_commit=False)\n"  # 13
            "watcher = KafkaConsumer(group_id=\"audit\")\n"                             # 14
            "watcher.subscribe(pattern=\"^audit-.*\")\n"                                 # 15
        ),
    })
    eps = py_endpoints(repo)
    got = [(e.role, e.topic.name, e.topic.pattern, e.loc.line, e.group) for e in eps]
    assert got == [
        ("produce", "orders", False, 8, None),
        ("produce", "audit", False, 10, None),
        ("consume", "orders", False, 12, "billing"),
        ("consume", "refunds", False, 12, "billing"),
        ("consume", "^audit-.*", True, 15, "audit"),
    ]
    orders, audit = eps[0], eps[1]
    assert {k: v for k, v in _settings(orders).items() if k != "value.serializer"} == {
        "bootstrap.servers": "k:9092", "acks": "0", "retries": "3", "value.format": "json",  # the serializer's format
    }
    assert orders.settings["value.serializer"].raw_key == "value_serializer"
    assert (orders.key, orders.value, orders.awaits_ack) == ("order.id", "order", True)  # its future is waited for
    assert (audit.key, audit.awaits_ack) == (None, False)
    assert {k: v for k, v in _settings(eps[2]).items() if k != "bootstrap.servers"} == {
        "group.id": "billing", "auto.offset.reset": "earliest", "enable.auto.commit": "false",
    }


def test_aiokafka_send_and_wait_and_an_unawaited_send(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "from aiokafka import AIOKafkaConsumer, AIOKafkaProducer\n"                # 1
            "\n"                                                                      # 2
            "async def run(event):\n"                                                 # 3
            "    producer = AIOKafkaProducer(bootstrap_servers=\"k\", acks=\"all\", enable_idempotence=True)\n"  # 4
            "    await producer.send_and_wait(\"events\", event)\n"                    # 5
            "    producer.send(\"fire\", event)\n"                                     # 6
            "    consumer = AIOKafkaConsumer(\"events\", group_id=\"g1\")\n"            # 7
            "    await producer.send(\"buffered\", event)\n"                            # 8
            "    fut = await producer.send(\"audit\", event)\n"                         # 9
            "    await fut\n"                                                          # 10
            "    await (await producer.send(\"twice\", event))\n"                       # 11
        ),
    })
    eps = py_endpoints(repo)
    assert [(e.role, e.topic.name, e.loc.line, e.awaits_ack, e.group) for e in eps] == [
        ("produce", "events", 5, True, None),
        ("produce", "fire", 6, False, None),
        ("consume", "events", 7, None, "g1"),
        ("produce", "buffered", 8, False, None),  # awaiting send only queues the message
        ("produce", "audit", 9, True, None),  # the future it returned is awaited
        ("produce", "twice", 11, True, None),
    ]
    assert _settings(eps[0])["acks"] == "all" and _settings(eps[0])["enable.idempotence"] == "true"


def test_pulsar_create_producer_and_subscribe(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "import pulsar, re\n"                                                          # 1
            "\n"                                                                           # 2
            "TOPIC = \"persistent://public/default/payments\"\n"                           # 3
            "client = pulsar.Client(\"pulsar://pulsar:6650\")\n"                            # 4
            "producer = client.create_producer(TOPIC)\n"                                   # 5
            "consumer = client.subscribe(TOPIC, \"settlement\")\n"                          # 6
            "auditor = client.subscribe(topic=\"persistent://public/default/audit\", subscription_name=\"auditors\")\n"  # 7
            "every = client.subscribe(re.compile(\"persistent://public/default/audit-.*\"), \"all\")\n"  # 8
        ),
    })
    eps = py_endpoints(repo)
    assert [(e.role, e.topic.name, e.topic.pattern, e.loc.line, e.group, e.library) for e in eps] == [
        ("produce", "persistent://public/default/payments", False, 5, None, "pulsar"),
        ("consume", "persistent://public/default/payments", False, 6, "settlement", "pulsar"),
        ("consume", "persistent://public/default/audit", False, 7, "auditors", "pulsar"),
        ("consume", "persistent://public/default/audit-.*", True, 8, "all", "pulsar"),  # re.compile: a pattern
    ]
    assert eps[0].settings["bootstrap.servers"].value == "pulsar://pulsar:6650"


def test_an_empty_string_is_no_topic_name(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "import os\n"                                          # 1
            "from kafka import KafkaProducer\n"                    # 2
            "EMPTY = \"\"\n"                                       # 3
            "FROM_ENV = os.getenv(\"TOPIC\", \"\")\n"              # 4
            "producer = KafkaProducer()\n"                         # 5
            "producer.send(EMPTY, b\"x\")\n"                       # 6
            "producer.send(FROM_ENV, b\"x\")\n"                    # 7
            "producer.send(\"\", b\"x\")\n"                        # 8
        ),
    })
    got = [(e.loc.line, e.topic.name, e.topic.origin, e.topic.pending.key if e.topic.pending else None) for e in py_endpoints(repo)]
    assert got == [(6, None, "unresolved", None), (7, None, "env", "TOPIC"), (8, None, "unresolved", None)]


def test_a_constructor_subscription_names_the_variable_it_is_bound_to_and_its_poll_loop(make_repo):
    repo = make_repo({
        "svc/worker.py": (
            "from kafka import KafkaConsumer\n"                                  # 1
            "\n"                                                                 # 2
            "def run():\n"                                                       # 3
            "    consumer = KafkaConsumer(\"orders\", group_id=\"billing\")\n"   # 4
            "    for message in consumer:\n"                                     # 5
            "        handle(message.value)\n"                                    # 6
        ),
    })
    [ep] = py_endpoints(repo)
    assert (ep.topic.name, ep.client, ep.loc.line) == ("orders", "consumer", 4)


def test_decorators_are_annotations_of_their_function_in_the_jvm_shape():
    from copilot.lang.python import PythonFrontEnd

    src = (
        "import faust\n"                                                   # 1
        "app = faust.App(\"orders\")\n"                                    # 2
        "orders = app.topic(\"orders\")\n"                                 # 3
        "\n"                                                               # 4
        "@app.agent(orders, sink=[audit])\n"                               # 5
        "async def process(stream):\n"                                     # 6
        "    pass\n"                                                       # 7
        "\n"                                                               # 8
        "@staticmethod\n"                                                  # 9
        "@app.timer(interval=5.0)\n"                                       # 10
        "def tick():\n"                                                    # 11
        "    pass\n"                                                       # 12
    )
    mod = PythonFrontEnd().lower("svc/agents.py", src.encode())
    fns = {f.name: f for f in mod.functions}
    [agent] = fns["process"].annotations
    assert (agent.kind, agent.value, agent.line, agent.obj.text) == ("annotation", "agent", 5, "app")
    assert [a.text for a in agent.args] == ["orders"]
    assert [(k, v.text) for k, v in agent.fields] == [("value", "orders"), ("sink", "[audit]")]
    assert [(a.value, a.obj.text if a.obj else None, [(k, v.text) for k, v in a.fields]) for a in fns["tick"].annotations] == [
        ("staticmethod", None, []),
        ("timer", "app", [("interval", "5.0")]),
    ]


def test_faust_topic_objects_send_to_the_topic_they_were_made_for(make_repo):
    repo = make_repo({
        "shop/app.py": (
            "import faust\n"                                         # 1
            "app = faust.App(\"shop\", broker=\"kafka://k:9092\")\n"  # 2
        ),
        "shop/topics.py": (
            "from shop.app import app\n"                             # 1
            "ORDERS = \"orders\"\n"                                  # 2
            "orders_topic = app.topic(ORDERS)\n"                     # 3
        ),
        "shop/checkout.py": (
            "from shop.topics import orders_topic\n"                 # 1
            "\n"                                                     # 2
            "async def checkout(order):\n"                           # 3
            "    await orders_topic.send(key=order.id, value=order)\n"  # 4
            "    other.send(value=order)\n"                          # 5
        ),
    })
    [ep] = py_endpoints(repo)
    assert (ep.role, ep.library, ep.topic.name, ep.loc.path, ep.loc.line) == ("produce", "faust", "orders", "shop/checkout.py", 4)
    assert [(v.path, v.line) for v in ep.topic.via][-1] == ("shop/topics.py", 2)
    assert (ep.key, ep.value, ep.awaits_ack) == ("order.id", "order", False)


def test_keyword_settings_a_spread_mapping_and_null_keywords(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "from kafka import KafkaConsumer\n"                                              # 1
            "BASE = {\"bootstrap_servers\": \"k:9092\", \"security_protocol\": \"SSL\"}\n"  # 2
            "consumer = KafkaConsumer(\"orders\", **BASE, max_poll_records=50, group_id=None, api_version=(2, 0))\n"  # 3
        ),
    })
    [ep] = py_endpoints(repo)
    got = {k: (s.value, s.loc.line, s.raw_key) for k, s in ep.settings.items()}
    assert got == {  # group_id=None is the library's default: no setting, no group
        "bootstrap.servers": ("k:9092", 2, "bootstrap_servers"),
        "security.protocol": ("SSL", 2, "security_protocol"),
        "max.poll.records": ("50", 3, "max_poll_records"),
    }
    assert ep.group is None


def test_settings_from_a_dict_call_spread_into_the_constructor(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "from kafka import KafkaProducer\n"                                          # 1
            "COMMON = dict(bootstrap_servers=\"k:9092\", security_protocol=\"SSL\")\n"   # 2
            "producer = KafkaProducer(acks=\"all\", **COMMON)\n"                         # 3
            "producer.send(\"orders\", b\"x\")\n"                                        # 4
        ),
    })
    [ep] = py_endpoints(repo)
    assert {k: (s.value, s.loc.line, s.raw_key) for k, s in ep.settings.items()} == {
        "acks": ("all", 3, "acks"),
        "bootstrap.servers": ("k:9092", 2, "bootstrap_servers"),
        "security.protocol": ("SSL", 2, "security_protocol"),
        "value.format": ("bytes", 4, "value"),  # a bytes literal is sent
    }


def test_a_builtin_conversion_keeps_the_value_it_converts(make_repo):
    repo = make_repo({
        "svc/app.py": (
            "import os\n"                                                          # 1
            "from kafka import KafkaProducer\n"                                    # 2
            "ACKS = os.getenv(\"ACKS\", \"all\")\n"                                # 3
            "def _acks(v):\n"                                                      # 4
            "    return v if v == \"all\" else int(v)\n"                           # 5
            "producer = KafkaProducer(acks=_acks(ACKS), linger_ms=int(os.getenv(\"LINGER\", \"5\")))\n"  # 6
            "producer.send(\"orders\", b\"x\")\n"                                  # 7
        ),
    })
    [ep] = py_endpoints(repo)
    assert {k: (s.value, s.loc.line, s.pending.key if s.pending else None) for k, s in ep.settings.items() if k != "value.format"} == {
        "acks": ("all", 3, "ACKS"),
        "linger.ms": ("5", 6, "LINGER"),
    }
