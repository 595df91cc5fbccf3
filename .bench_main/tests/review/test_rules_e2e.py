"""Every rule id: a change that must trigger it and a look-alike safe change that must not.

Each test builds a real git repository (checkout → orders → fraud), commits a change and reviews
HEAD~1..HEAD with the rules alone.
"""

from __future__ import annotations

from tests.review.helpers import BASE, CONSUMER, PRODUCER, above_info, only, review_of


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


# -- consumer-group-change ------------------------------------------------------------------------
def test_group_id_change_is_high_and_names_the_replaying_consumer(make_repo):
    new = edit(CONSUMER, '"group.id": "fraud"', '"group.id": "fraud-v2"')
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    f = only(review, "consumer-group-change")
    assert f.severity == "high"
    assert f.impacted == ["service:fraud"]
    line = line_of(new, "fraud-v2")
    assert [(c.path, c.start_line, c.side) for c in f.citations] == [("fraud/worker.py", line, "head"), ("fraud/worker.py", line, "base")]
    assert '"group.id": "fraud-v2"' in f.citations[0].snippet
    assert ["topic:orders", "service:fraud"] in f.graph_paths
    assert "latest" in f.reasoning and f.alternatives


def test_reformatting_the_consumer_config_is_quiet(make_repo):
    new = edit(
        CONSUMER,
        '{"bootstrap.servers": "kafka:9092", "group.id": "fraud", "auto.offset.reset": "latest", "enable.auto.commit": False}',
        '{\n        "bootstrap.servers": "kafka:9092",\n        "group.id": "fraud",\n        "auto.offset.reset": "latest",\n        "enable.auto.commit": False,\n    }',
    )
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    assert above_info(review) == []


# -- offset-reset-change --------------------------------------------------------------------------
def test_offset_reset_change(make_repo):
    review, _ = review_of(make_repo, {"fraud/worker.py": edit(CONSUMER, '"auto.offset.reset": "latest"', '"auto.offset.reset": "earliest"')})
    f = only(review, "offset-reset-change")
    assert f.severity == "medium" and f.impacted == ["service:fraud"]
    assert "earliest" in f.title


def test_poll_timeout_change_is_quiet(make_repo):
    review, _ = review_of(make_repo, {"fraud/worker.py": edit(CONSUMER, "poll(1.0)", "poll(2.0)")})
    assert above_info(review) == []


# -- delivery-weakened ----------------------------------------------------------------------------
def test_acks_lowered(make_repo):
    new = edit(PRODUCER, '"acks": "all"', '"acks": "1"')
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    f = only(review, "delivery-weakened")
    assert f.severity == "medium"
    assert f.impacted == ["service:fraud"]
    assert f.citations[0].path == "checkout/app.py" and f.citations[0].start_line == line_of(new, '"acks": "1"')
    assert ["service:checkout", "topic:orders", "service:fraud"] in f.graph_paths


def test_fire_and_forget(make_repo):
    new = edit(PRODUCER, ", on_delivery=report)\n    producer.flush()", ")")
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    f = only(review, "delivery-weakened")
    assert "fire-and-forget" in f.title and f.impacted == ["service:fraud"]


def test_acks_strengthened_is_quiet(make_repo):
    base = {**BASE, "checkout/app.py": edit(PRODUCER, '"acks": "all"', '"acks": "1"')}
    review, _ = review_of(make_repo, {"checkout/app.py": PRODUCER}, base=base)
    assert above_info(review) == []


# -- commit-semantics -----------------------------------------------------------------------------
def test_auto_commit_turned_on(make_repo):
    review, _ = review_of(make_repo, {"fraud/worker.py": edit(CONSUMER, '"enable.auto.commit": False', '"enable.auto.commit": True')})
    f = only(review, "commit-semantics")
    assert f.severity == "high" and "service:fraud" in f.impacted


def test_commit_moved_before_processing(make_repo):
    new = edit(CONSUMER, "        score(order)\n        consumer.commit(msg)\n", "        consumer.commit(msg)\n        score(order)\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    f = only(review, "commit-semantics")
    assert f.severity == "high"
    assert {c.start_line for c in f.citations if c.side == "head"} == {line_of(new, "consumer.commit(msg)"), line_of(new, "        score(order)")}


def test_log_line_before_commit_is_quiet(make_repo):
    new = edit(CONSUMER, "        consumer.commit(msg)\n", "        print('scored')\n        consumer.commit(msg)\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    assert above_info(review) == []


# -- partition-key-change -------------------------------------------------------------------------
def test_key_changed(make_repo):
    new = edit(PRODUCER, "key=order_id", 'key=order["customer"]')
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    f = only(review, "partition-key-change")
    assert f.severity == "medium" and f.impacted == ["service:fraud"]
    assert f.citations[0].side == "head" and 'key=order["customer"]' in f.citations[0].snippet


def test_renaming_the_local_key_variable_is_quiet(make_repo):
    new = PRODUCER.replace("order_id", "oid")
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    assert above_info(review) == []


# -- topic-orphaned -------------------------------------------------------------------------------
def test_producer_renames_topic_without_consumers(make_repo):
    new = edit(PRODUCER, 'TOPIC = "orders"', 'TOPIC = "orders.v2"')
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    f = only(review, "topic-orphaned")
    assert f.severity == "high"
    assert f.impacted == ["service:fraud"]
    assert "orders.v2" in f.reasoning
    assert ["service:checkout", "topic:orders", "service:fraud"] in f.graph_paths


def test_moving_the_topic_constant_to_another_module_is_quiet(make_repo):
    new = edit(PRODUCER, 'TOPIC = "orders"\n', "from checkout.topics import TOPIC\n")
    review, _ = review_of(make_repo, {"checkout/app.py": new, "checkout/checkout/__init__.py": "", "checkout/checkout/topics.py": 'TOPIC = "orders"\n'})
    assert above_info(review) == []


# -- lag-risk -------------------------------------------------------------------------------------
def test_sleep_in_poll_loop(make_repo):
    new = edit(CONSUMER, "        score(order)\n", "        score(order)\n        time.sleep(0.5)\n").replace("import json\n", "import json\nimport time\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    f = only(review, "lag-risk")
    assert f.severity == "medium" and f.impacted == ["service:fraud"]
    assert f.citations[0].start_line == line_of(new, "time.sleep(0.5)")


def test_sleep_outside_the_loop_is_quiet(make_repo):
    new = edit(CONSUMER, "    consumer.subscribe([\"orders\"])\n", "    time.sleep(0.5)\n    consumer.subscribe([\"orders\"])\n").replace("import json\n", "import json\nimport time\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    assert above_info(review) == []


def test_adding_acks_0_where_the_default_was_all_is_weakening(make_repo):
    base = {**BASE, "checkout/app.py": PRODUCER.replace('"acks": "all", ', "")}
    new = PRODUCER.replace('"acks": "all", ', '"acks": "0", ')
    review, _ = review_of(make_repo, {"checkout/app.py": new}, base=base)
    f = only(review, "delivery-weakened")
    assert f.severity == "high"
    assert "all (confluent-kafka default)" in f.title and "to 0" in f.title


def test_kafka_python_default_acks_is_1_so_adding_acks_1_is_quiet(make_repo):
    src = 'from kafka import KafkaProducer\n\np = KafkaProducer(bootstrap_servers="k:9092")\np.send("orders", value=b"x").get(timeout=5)\n'
    base = {**BASE, "checkout/app.py": src}
    review, _ = review_of(make_repo, {"checkout/app.py": src.replace('"k:9092"', '"k:9092", acks=1')}, base=base)
    assert above_info(review) == []


def test_producer_moved_to_an_unread_topic_while_others_still_feed_the_old_one(make_repo):
    second = PRODUCER.replace("def build", "def build_other").replace("def publish", "def publish_other")
    base = {**BASE, "refunds/pyproject.toml": "[project]\nname='refunds'\n", "refunds/app.py": second}
    review, _ = review_of(make_repo, {"checkout/app.py": PRODUCER.replace('TOPIC = "orders"', 'TOPIC = "orders-checkout"')}, base=base)
    f = only(review, "topic-orphaned")
    assert f.severity == "high" and f.impacted == ["service:fraud"]
    assert "refunds" in f.reasoning and "orders-checkout" in f.title


def test_moving_settings_into_a_settings_object_is_not_a_group_change(make_repo):
    new = CONSUMER.replace('"group.id": "fraud"', '"group.id": settings.kafka.group_id').replace(
        "import json\n", "import json\n\nfrom fraud.config import settings\n"
    )
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    assert [f for f in review.findings if f.rule == "consumer-group-change"] == []


def test_compose_env_overrides_an_imported_env_default(make_repo):
    settings_py = 'import os\n\nGROUP_ID = os.environ.get("KAFKA_GROUP_ID", "fraud")\n'
    consumer = CONSUMER.replace('"group.id": "fraud"', '"group.id": settings.GROUP_ID').replace(
        "import json\n", "import json\n\nfrom fraud import settings\n"
    )
    compose = "services:\n  fraud:\n    build: ./fraud\n    environment:\n      KAFKA_GROUP_ID: fraud-scoring\n"
    base = {**BASE, "fraud/worker.py": consumer, "fraud/fraud/__init__.py": "", "fraud/fraud/settings.py": settings_py,
            "docker-compose.yml": compose}
    review, _ = review_of(make_repo, {"docker-compose.yml": compose.replace("fraud-scoring", "fraud-scoring-v2")}, base=base)
    f = only(review, "consumer-group-change")
    assert "`fraud-scoring` to `fraud-scoring-v2`" in f.title
    assert any(c.path == "docker-compose.yml" and c.side == "head" for c in f.citations)


def test_dead_letter_send_removed_from_a_helper_the_loop_calls(make_repo):
    helper = CONSUMER.replace(
        "        score(order)\n",
        "        handle(order, msg, dlq)\n",
    ).replace("    consumer.subscribe", '    dlq = Producer({"bootstrap.servers": "kafka:9092"})\n    consumer.subscribe').replace(
        "from confluent_kafka import Consumer", "from confluent_kafka import Consumer, Producer"
    ) + '\n\ndef handle(order, msg, dlq):\n    try:\n        score(order)\n    except KeyError:\n        dlq.produce("orders.dlq", value=msg.value())\n'
    without = helper.replace('        dlq.produce("orders.dlq", value=msg.value())\n', "        pass\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": without}, base={**BASE, "fraud/worker.py": helper})
    hits = [f for f in review.findings if f.rule == "error-handling-removed" and f.severity == "high"]
    assert len(hits) == 1 and "dlq" in hits[0].title


def test_config_moved_into_an_opaque_settings_call_is_not_a_weakening(make_repo):
    new = PRODUCER.replace(
        'Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})',
        "Producer(settings.producer_config())",
    ).replace("from confluent_kafka import Producer\n", "from confluent_kafka import Producer\n\nfrom checkout import settings\n")
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    assert [f for f in review.findings if f.rule == "delivery-weakened"] == []


def test_a_topic_now_read_from_an_unfollowable_settings_object_is_not_orphaned(make_repo):
    new = PRODUCER.replace('TOPIC = "orders"\n', "").replace("producer.produce(TOPIC,", "producer.produce(settings.current().topic,").replace(
        "from confluent_kafka import Producer\n", "from confluent_kafka import Producer\n\nfrom checkout import settings\n"
    )
    review, _ = review_of(make_repo, {"checkout/app.py": new})
    assert [f for f in review.findings if f.rule == "topic-orphaned"] == []
