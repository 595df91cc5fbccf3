"""The Python extractor on real public projects: faust's order_system example (app imported from
another module), confluent-kafka-python's examples (argv/argparse topics, inline Avro schemas).

The sources are the projects' own files, verbatim; line numbers come from `ln` so every assertion
is exact.
"""

from __future__ import annotations

from copilot.model.facts import CallFact, Loc, Pending, SchemaRef, Setting, TopicRef
from copilot.scan.extractors.python import extract
from copilot.scan.repo import scan

# ------------------------------------------------------------------------------ faust order_system
APP_PY = r"""import faust

app = faust.App(
    'orders',   # group/app unique identifier
    version=2,
    origin='order_system',
    autodiscover=True,

    # Faust requires Kafka
    # and we have that running on our machine
    broker='kafka://localhost:9092',
)


if __name__ == '__main__':
    app.main()
"""

ORDERS_PY = r'''import faust
from .app import app
from . import products


class Order(faust.Record):
    id: str
    price: float
    quantity: int
    user_id: int
    product_id: int

    count_by_user = app.Table(default=int)

    def update_count(self, n: int = 1) -> None:
        self.count_by_user[self.user_id] += n

    @property
    def num(self) -> int:
        return self.count_by_user[self.user_id]


@app.agent(value_type=Order)
async def process_order(orders):
    # repartition the stream by user
    async for order in orders.group_by(Order.user_id):
        order.update_count(1)
        print(f'#{order.num} {order.user_id} ordered {order.product_id}')
        await products.reserve.send(key=order.product_id, value=order.quantity)


@app.command()
async def add_example_orders():
    """Produce example orders (our custom command)."""
    import random
    # let's make some customers
    for i in range(10):
        await process_order.send(
            value=Order(
                id=faust.uuid(),
                price=i,
                quantity=1,
                user_id=random.choice([1, 2, 3]),
                product_id=random.choice([1, 2, 3]),
            ),
        )


if __name__ == '__main__':
    app.main()
'''

PRODUCTS_PY = r"""import faust
from .app import app


class Product(faust.Record):
    id: int
    name: str

    objects = app.Table()
    quantities = app.Table(default=int)
    quantities_last_hour = app.Table(default=int).hopping(3600, step=60)

    def increase_quantity(self, n: int = 1) -> int:
        self.quantities_last_hour[self.id] += n
        self.quantities[self.id] += n
        return self.quantities[self.id]

    def decrease_quantity(self, n: int = 1) -> int:
        self.quantities_last_hour[self.id] += n
        self.quantities[self.id] -= n
        return self.quantities[self.id]


@app.agent(value_type=Product)
async def register(products):
    async for product in products.group_by(Product.id):
        print(f'Registering product: {product}')
        Product.objects.setdefault(product.id, product)


@app.agent(value_type=int)
async def refill(products):
    async for product_id, amount in products.items():
        product = Product.objects[product_id]
        q_now = product.increase_quantity(amount)
        print(f'Refilled {product} by {amount} to {q_now}')


@app.agent(key_type=int, value_type=int)
async def reserve(product_ids):
    async for product_id, quantity in product_ids.items():
        product = Product.objects[product_id]
        remaining = product.decrease_quantity(quantity)
        print(f'Quantity of {product_id} now: {remaining}')


@app.command()
async def add_example_products():
    product1 = Product(1, 'Nintendo Switch')
    await register.send(value=product1)
    await refill.send(product1.id, 100)

    product2 = Product(2, 'XBOX')
    await register.send(value=product2)
    await refill.send(product2.id, 30)

    product3 = Product(3, 'Playstation')
    await register.send(value=product3)
    await refill.send(product3.id, 60)
"""

USERS_PY = r'''# site/users.py
import faust
from .app import app


class User(faust.Record):
    id: int
    email: str
    first_name: str
    last_name: str

    objects = app.Table()


class UserAndUrl(faust.Record):
    user_id: id
    url: str


@app.agent(value_type=User)
async def register(users):
    async for user in users.group_by(User.id):
        print(f'Register user: {user}')
        User.objects.setdefault(user.id, user)


@app.command()
async def add_example_users():
    """Add example users."""
    await register.send(value=User(
        1, 'george@vandelay.com', 'George', 'Costanza',
    ))
    await register.send(value=User(
        2, 'elaine@benes.com', 'Elaine Marie', 'Benes',
    ))
    await register.send(value=User(
        3, 'jerry@seinfeld.com', 'Jerry', 'Seinfeld',
    ))
'''

WORD_COUNT_PY = r'''#!/usr/bin/env python
import asyncio
import faust

WORDS = ['the', 'quick', 'brown', 'fox']


app = faust.App(
    'word-counts',
    broker='kafka://localhost:9092',
    store='rocksdb://',
    version=1,
    topic_partitions=8,
)

posts_topic = app.topic('posts', value_type=str)
word_counts = app.Table('word_counts', default=int,
                        help='Keep count of words (str to int).')


@app.agent(posts_topic)
async def shuffle_words(posts):
    async for post in posts:
        for word in post.split():
            await count_words.send(key=word, value=word)


@app.agent(value_type=str)
async def count_words(words):
    """Count words from blog post article body."""
    async for word in words:
        word_counts[word] += 1


@app.page('/count/{word}/')
@app.table_route(table=word_counts, match_info='word')
async def get_count(web, request, word):
    return web.json({
        word: word_counts[word],
    })


@app.task
async def sender():
    await posts_topic.maybe_declare()

    for word in WORDS:
        for _ in range(1000):
            await shuffle_words.send(value=word)

    await asyncio.sleep(5.0)
    print(word_counts.as_ansitable(
        key='word',
        value='count',
        title='$$ TALLY $$',
        sort=True,
    ))


if __name__ == '__main__':
    app.main()
'''

# ------------------------------------------------------------------------------ confluent-kafka-python
AVRO_CONSUMER_PY = r'''#!/usr/bin/env python
# -*- coding: utf-8 -*-
#
# This is a simple example of the SerializingProducer using Avro.
#
import argparse

from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import StringDeserializer


class User(object):
    def __init__(self, name=None, favorite_number=None, favorite_color=None):
        self.name = name
        self.favorite_number = favorite_number
        self.favorite_color = favorite_color


def dict_to_user(ctx, obj):
    if obj is None:
        return None

    return User(name=obj['name'],
                favorite_number=obj['favorite_number'],
                favorite_color=obj['favorite_color'])


def main(args):
    topic = args.topic

    schema_str = """
    {
        "namespace": "confluent.io.examples.serialization.avro",
        "name": "User",
        "type": "record",
        "fields": [
            {"name": "name", "type": "string"},
            {"name": "favorite_number", "type": "int"},
            {"name": "favorite_color", "type": "string"},
            {"name": "favorite_food", "type": "string"}
        ]
    }
    """

    sr_conf = {'url': args.schema_registry}
    schema_registry_client = SchemaRegistryClient(sr_conf)

    avro_deserializer = AvroDeserializer(schema_registry_client, schema_str, dict_to_user)
    string_deserializer = StringDeserializer('utf_8')

    consumer_conf = {'bootstrap.servers': args.bootstrap_servers,
                     'key.deserializer': string_deserializer,
                     'value.deserializer': avro_deserializer,
                     'group.id': args.group,
                     'auto.offset.reset': "latest"}

    consumer = DeserializingConsumer(consumer_conf)
    consumer.subscribe([topic])

    while True:
        try:
            # SIGINT can't be handled when polling, limit timeout to 1 second.
            msg = consumer.poll(1.0)
            if msg is None:
                continue

            user = msg.value()
            if user is not None:
                print("User record {}: name: {}\n"
                      "\tfavorite_number: {}\n"
                      "\tfavorite_color: {}\n"
                      .format(msg.key(), user.name,
                              user.favorite_color,
                              user.favorite_number))
        except KeyboardInterrupt:
            break


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description="Producer Example client with "
                                                 "serialization capabilities")
    parser.add_argument('-b', dest="bootstrap_servers", required=True,
                        help="Bootstrap broker(s) (host[:port])")
    parser.add_argument('-s', dest="schema_registry", required=True,
                        help="Schema Registry (http(s)://host[:port]")
    parser.add_argument('-t', dest="topic", default="example_serde_avro",
                        help="Topic name")
    parser.add_argument('-g', dest="group", default="example_serde_avro",
                        help="Consumer group")

    main(parser.parse_args())
'''

PRODUCER_PY = r"""#!/usr/bin/env python
#
# Example Kafka Producer.
# Reads lines from stdin and sends to Kafka.
#

from confluent_kafka import Producer
import sys

if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.stderr.write('Usage: %s <bootstrap-brokers> <topic>\n' % sys.argv[0])
        sys.exit(1)

    broker = sys.argv[1]
    topic = sys.argv[2]

    # Producer configuration
    # See https://github.com/edenhill/librdkafka/blob/master/CONFIGURATION.md
    conf = {'bootstrap.servers': broker}

    # Create Producer instance
    p = Producer(**conf)

    # Optional per-message delivery callback (triggered by poll() or flush())
    # when a message has been successfully delivered or permanently
    # failed delivery (after retries).
    def delivery_callback(err, msg):
        if err:
            sys.stderr.write('%% Message failed delivery: %s\n' % err)
        else:
            sys.stderr.write('%% Message delivered to %s [%d] @ %o\n' %
                             (msg.topic(), msg.partition(), msg.offset()))

    # Read lines from stdin, produce each line to Kafka
    for line in sys.stdin:
        try:
            # Produce line (without newline)
            p.produce(topic, line.rstrip(), callback=delivery_callback)

        except BufferError:
            sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\n' %
                             len(p))

        # Serve delivery callback queue.
        # NOTE: Since produce() is an asynchronous API this poll() call
        #       will most likely not serve the delivery callback for the
        #       last produce()d message.
        p.poll(0)

    # Wait until all messages have been delivered
    sys.stderr.write('%% Waiting for %d deliveries\n' % len(p))
    p.flush()
"""

CONSUMER_PY = r"""#!/usr/bin/env python
#
# Example high-level Kafka 0.9 balanced Consumer
#
from confluent_kafka import Consumer, KafkaException, KafkaError
import sys
import getopt
import json
import logging
from pprint import pformat


def stats_cb(stats_json_str):
    stats_json = json.loads(stats_json_str)
    print('\nKAFKA Stats: {}\n'.format(pformat(stats_json)))


def print_usage_and_exit(program_name):
    sys.stderr.write('Usage: %s [options..] <bootstrap-brokers> <group> <topic1> <topic2> ..\n' % program_name)
    options = '''
 Options:
  -T <intvl>   Enable client statistics at specified interval (ms)
'''
    sys.stderr.write(options)
    sys.exit(1)


if __name__ == '__main__':
    optlist, argv = getopt.getopt(sys.argv[1:], 'T:')
    if len(argv) < 3:
        print_usage_and_exit(sys.argv[0])

    broker = argv[0]
    group = argv[1]
    topics = argv[2:]
    # Consumer configuration
    # See https://github.com/edenhill/librdkafka/blob/master/CONFIGURATION.md
    conf = {'bootstrap.servers': broker, 'group.id': group, 'session.timeout.ms': 6000,
            'default.topic.config': {'auto.offset.reset': 'smallest'}}

    # Check to see if -T option exists
    for opt in optlist:
        if opt[0] != '-T':
            continue
        try:
            intval = int(opt[1])
        except ValueError:
            sys.stderr.write("Invalid option value for -T: %s\n" % opt[1])
            sys.exit(1)

        if intval <= 0:
            sys.stderr.write("-T option value needs to be larger than zero: %s\n" % opt[1])
            sys.exit(1)

        conf['stats_cb'] = stats_cb
        conf['statistics.interval.ms'] = int(opt[1])

    # Create logger for consumer (logs will be emitted when poll() is called)
    logger = logging.getLogger('consumer')
    logger.setLevel(logging.DEBUG)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter('%(asctime)-15s %(levelname)-8s %(message)s'))
    logger.addHandler(handler)

    # Create Consumer instance
    # Hint: try debug='fetch' to generate some log messages
    c = Consumer(conf, logger=logger)

    def print_assignment(consumer, partitions):
        print('Assignment:', partitions)

    # Subscribe to topics
    c.subscribe(topics, on_assign=print_assignment)

    # Read messages from Kafka, print to stdout
    try:
        while True:
            msg = c.poll(timeout=1.0)
            if msg is None:
                continue
            if msg.error():
                # Error or event
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    # End of partition event
                    sys.stderr.write('%% %s [%d] reached end at offset %d\n' %
                                     (msg.topic(), msg.partition(), msg.offset()))
                else:
                    # Error
                    raise KafkaException(msg.error())
            else:
                # Proper message
                sys.stderr.write('%% %s [%d] at offset %d with key %s:\n' %
                                 (msg.topic(), msg.partition(), msg.offset(),
                                  str(msg.key())))
                print(msg.value())

    except KeyboardInterrupt:
        sys.stderr.write('%% Aborted by user\n')

    finally:
        # Close down consumer to commit final offsets.
        c.close()
"""

EOS_PY = r'''#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""
The following example demonstrates how to perform a consume-transform-produce
loop with exactly-once semantics.
"""

import argparse
from base64 import b64encode
from uuid import uuid4

from confluent_kafka import Producer, Consumer, KafkaError, TopicPartition


def process_input(msg):
    key, value = None, None
    if msg.key() is not None:
        key = b64encode(msg.key())
    if msg.value() is not None:
        value = b64encode(msg.value())

    return key, value


def delivery_report(err, msg):
    if err:
        print('Message delivery failed ({} [{}]): {}'.format(
            msg.topic(), str(msg.partition()), err))


def main(args):
    brokers = args.brokers
    group_id = args.group_id
    input_topic = args.input_topic
    input_partition = args.input_partition
    output_topic = args.output_topic

    consumer = Consumer({
        'bootstrap.servers': brokers,
        'group.id': group_id,
        'auto.offset.reset': 'earliest',
        # Do not advance committed offsets outside of the transaction.
        # Consumer offsets are committed along with the transaction
        # using the producer's send_offsets_to_transaction() API.
        'enable.auto.commit': True,
        'enable.partition.eof': True,
    })

    # Prior to KIP-447 being supported each input partition requires
    # its own transactional producer, so in this example we use
    # assign() to a single partition rather than subscribe().
    consumer.assign([TopicPartition(input_topic, input_partition)])

    producer = Producer({
        'bootstrap.servers': brokers,
        'transactional.id': 'eos_transactions.py'
    })

    # Initialize producer transaction.
    producer.init_transactions()
    # Start producer transaction.
    producer.begin_transaction()

    eof = {}
    msg_cnt = 0
    print("=== Starting Consume-Transform-Process loop ===")
    while True:
        # serve delivery reports from previous produce()s
        producer.poll(0)

        # read message from input_topic
        msg = consumer.poll(timeout=1.0)
        if msg is None:
            continue

        topic, partition = msg.topic(), msg.partition()
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                eof[(topic, partition)] = True
                print("=== Reached the end of {} [{}] at {}====".format(
                    topic, partition, msg.offset()))

                if len(eof) == len(consumer.assignment()):
                    print("=== Reached end of input ===")
                    break
            continue
        # clear EOF if a new message has been received
        eof.pop((topic, partition), None)

        msg_cnt += 1

        # process message
        processed_key, processed_value = process_input(msg)

        # produce transformed message to output topic
        producer.produce(output_topic, processed_value, processed_key,
                         on_delivery=delivery_report)

        if msg_cnt % 100 == 0:
            print("=== Committing transaction with {} messages at input offset {} ===".format(
                msg_cnt, msg.offset()))
            producer.send_offsets_to_transaction(
                consumer.position(consumer.assignment()),
                consumer.consumer_group_metadata())

            # Commit the transaction
            producer.commit_transaction()

            # Begin new transaction
            producer.begin_transaction()
            msg_cnt = 0

    print("=== Committing final transaction with {} messages ===".format(msg_cnt))
    # commit processed message offsets to the transaction
    producer.send_offsets_to_transaction(
        consumer.position(consumer.assignment()),
        consumer.consumer_group_metadata())

    # commit transaction
    producer.commit_transaction()

    consumer.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="Exactly Once Semantics (EOS) example")
    parser.add_argument('-b', dest="brokers", required=True,
                        help="Bootstrap broker(s) (host[:port])")
    parser.add_argument('-t', dest="input_topic", required=True,
                        help="Input topic to consume from, an external " +
                        "producer needs to produce messages to this topic")
    parser.add_argument('-o', dest="output_topic", default="output_topic",
                        help="Output topic")
    parser.add_argument('-p', dest="input_partition", default=0, type=int,
                        help="Input partition to consume from")
    parser.add_argument('-g', dest="group_id",
                        default="eos_example_" + str(uuid4()),
                        help="Consumer group")

    main(parser.parse_args())
'''

ORDERS = "examples/order_system/orders.py"
APP_ID_KEY = Pending("py-const", "examples.order_system.app:app.id")


def ln(src: str, needle: str, nth: int = 1) -> int:
    """1-based line of the `nth` occurrence of `needle` in `src`."""
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str):
    return extract(path, src.encode("utf-8"))


def settings(endpoint) -> dict[str, tuple[str, int, str]]:
    return {k: (s.value, s.loc.line, s.raw_key) for k, s in endpoint.settings.items()}


def order_value(src: str) -> str:
    """The ``Order(...)`` expression `add_example_orders` sends."""
    start = src.index("value=Order(")
    end = src.index("),\n        )", start) + 1
    return src[len("value=") + start : end]


# ------------------------------------------------------------------------------ 1. faust: imported app
def test_agent_on_an_imported_app_consumes_its_own_topic_named_by_its_qualified_name():
    src = ORDERS_PY
    facts = run(src, ORDERS)
    [consume] = [e for e in facts.endpoints if e.role == "consume"]
    agent_line = ln(src, "@app.agent(value_type=Order)")
    assert (consume.library, consume.loc.line, consume.handler, consume.client) == (
        "faust",
        agent_line,
        "process_order",
        "app",
    )
    # faust names it {app id}-order_system.orders.process_order; the id lives in app.py
    assert consume.topic == TopicRef(
        text="order_system.orders.process_order",
        name=None,
        origin="unresolved",
        pending=Pending("template", "{0}-order_system.orders.process_order", parts=(APP_ID_KEY,)),
    )
    # best effort group: the app's module path, settled from app.py by the Pending
    assert consume.group == "order_system.app"
    assert consume.settings == {
        "group.id": Setting(
            "group.id", "order_system.app", Loc(ORDERS, ln(src, "from .app import app")), "id", APP_ID_KEY
        )
    }
    assert consume.schema == SchemaRef("name", "Order", Loc(ORDERS, agent_line))
    [handler] = facts.handlers
    assert (handler.kind, handler.name, handler.loc.line) == ("agent", "process_order", agent_line + 1)
    assert (
        CallFact("produce", "products.reserve.send", ln(src, "products.reserve.send("), "products.reserve")
        in handler.calls
    )


def test_send_to_an_agent_of_another_module_and_to_a_same_file_agent():
    src = ORDERS_PY
    produces = [e for e in run(src, ORDERS).endpoints if e.role == "produce"]
    assert [(e.loc.line, e.client, e.key, e.value, e.library) for e in produces] == [
        (
            ln(src, "products.reserve.send("),
            "products.reserve",
            "order.product_id",
            "order.quantity",
            "faust",
        ),
        (ln(src, "process_order.send("), "process_order", None, order_value(src), "faust"),
    ]
    reserve, own = produces
    assert reserve.topic == TopicRef(
        text="products.reserve",
        name=None,
        origin="unresolved",
        # settled only if order_system/products.py exports the agent's topic (see faust_symbols)
        pending=Pending("py-const", "examples.order_system.products:reserve"),
    )
    # faust's `await send()` returns a future of the delivery, it does not wait for it
    assert (reserve.settings, reserve.schema, reserve.awaits_ack) == ({}, None, False)
    consume = next(e for e in run(src, ORDERS).endpoints if e.role == "consume")
    assert own.topic == consume.topic  # the same agent: the same topic node
    assert own.group is None and "group.id" not in own.settings


def test_same_named_agents_of_two_modules_stay_apart():
    products = run(PRODUCTS_PY, "examples/order_system/products.py")
    users = run(USERS_PY, "examples/order_system/users.py")
    consumed = [e.topic.text for e in products.endpoints + users.endpoints if e.role == "consume"]
    assert consumed == [
        "order_system.products.register",
        "order_system.products.refill",
        "order_system.products.reserve",
        "order_system.users.register",
    ]
    assert all(
        e.topic.name is None and e.group == "order_system.app"
        for e in products.endpoints
        if e.role == "consume"
    )


def test_app_module_exports_its_id_and_the_agents_module_none():
    assert run(APP_PY, "examples/order_system/app.py").symbols == {
        "app.id": ("orders", ln(APP_PY, "'orders',"))
    }
    assert run(PRODUCTS_PY, "examples/order_system/products.py").symbols == {}


def test_agent_without_channel_on_a_same_file_app_is_named_as_faust_does():
    src = WORD_COUNT_PY
    facts = run(src, "examples/word_count.py")
    id_line = ln(src, "'word-counts',")
    topic = TopicRef(
        text="word_count.count_words",
        name="word-counts-word_count.count_words",
        origin="f-string",
        via=[Loc("examples/word_count.py", id_line)],
    )
    assert [(e.role, e.topic, e.loc.line) for e in facts.endpoints if e.topic.text == topic.text] == [
        ("produce", topic, ln(src, "count_words.send(")),
        ("consume", topic, ln(src, "@app.agent(value_type=str)")),
    ]
    assert facts.symbols == {
        "app.id": ("word-counts", id_line),
        "posts_topic": ("posts", ln(src, "posts_topic = app.topic(")),
        "shuffle_words": ("posts", ln(src, "posts_topic = app.topic(")),
        "count_words": ("word-counts-word_count.count_words", id_line),
    }


def test_agent_name_and_env_app_id():
    src = (
        "import os\n"
        "import faust\n"
        "app = faust.App(os.getenv('APP_ID', 'billing'), broker='kafka://kafka:9092')\n"
        "@app.agent(name='invoices')\n"
        "async def invoice(stream):\n"
        "    async for event in stream:\n"
        "        print(event)\n"
    )
    [ep] = run(src, "billing/agents.py").endpoints
    assert (ep.topic.name, ep.topic.text, ep.topic.origin) == ("billing-invoices", "'invoices'", "f-string")
    assert ep.topic.pending == Pending(
        "template",
        "{0}-invoices",
        default="billing-invoices",
        parts=(Pending("env", "APP_ID", default="billing"),),
    )
    group = ep.settings["group.id"]
    assert (group.value, group.loc.line, group.pending) == (
        "billing",
        3,
        Pending("env", "APP_ID", default="billing"),
    )


def test_imported_app_with_a_topic_module_and_an_imported_topic_send():
    src = (
        "from surge_pricer.app import app\n"
        "from surge_pricer.topics import SurgeMultiplier, surge_updates, trips_requested\n"
        "\n"
        "\n"
        "@app.agent(trips_requested)\n"
        "async def track_demand(trips):\n"
        "    async for trip in trips:\n"
        "        await surge_updates.send(key=trip.cell, value=SurgeMultiplier(cell=trip.cell, multiplier=1.0))\n"
    )
    facts = run(src, "surge-pricer/surge_pricer/agents.py")
    assert [(e.role, e.topic.text, e.topic.origin, e.topic.pending, e.loc.line) for e in facts.endpoints] == [
        (
            "consume",
            "trips_requested",
            "imported-constant",
            Pending("py-const", "surge_pricer.topics:trips_requested"),
            5,
        ),
        (
            "produce",
            "surge_updates",
            "unresolved",
            Pending("py-const", "surge_pricer.topics:surge_updates"),
            8,
        ),
    ]
    assert facts.endpoints[0].group == "surge_pricer.app"


def test_imported_names_that_are_not_faust_are_left_alone():
    celery = (
        "from proj.celery import app\n"
        "from proj.mail import mailer\n"
        "import kafka_helpers\n"
        "@app.task\n"
        "def notify(order):\n"
        "    mailer.send(value=order)\n"
    )
    assert run(celery, "proj/tasks.py").endpoints == []
    pubsub = (
        "from google.cloud import pubsub_v1\n"
        "from proj.clients import publisher\n"
        "from proj.kafka import producer\n"
        "topic = publisher.topic('orders')\n"
        "producer.send(key=1, value=2)\n"
    )
    assert run(pubsub, "proj/pub.py").endpoints == []


def test_order_system_repository_settles_the_app_id_across_files(make_repo):
    repo = make_repo(
        {
            "examples/order_system/__init__.py": "",
            "examples/order_system/app.py": APP_PY,
            "examples/order_system/orders.py": ORDERS_PY,
            "examples/order_system/products.py": PRODUCTS_PY,
            "examples/order_system/users.py": USERS_PY,
        }
    )
    result = scan(repo)
    consumed = sorted(n.name for n in result.graph.nodes("topic"))
    assert consumed == [
        "<products.reserve>",
        "orders-order_system.orders.process_order",
        "orders-order_system.products.refill",
        "orders-order_system.products.register",
        "orders-order_system.products.reserve",
        "orders-order_system.users.register",
    ]
    process = next(e for e in result.endpoints if e.role == "consume" and e.ep.handler == "process_order")
    assert process.topic.name == "orders-order_system.orders.process_order"
    assert process.topic.via == [Loc("examples/order_system/app.py", ln(APP_PY, "'orders',"))]
    group = process.settings["group.id"]
    assert (group.value, group.loc) == (
        "orders",
        Loc("examples/order_system/app.py", ln(APP_PY, "'orders',")),
    )


# ------------------------------------------------------------------------------ 2. unresolved text
def test_unresolved_topic_shows_the_assigned_expression_not_the_variable():
    facts = run(PRODUCER_PY, "examples/producer.py")
    [ep] = facts.endpoints
    assert ep.topic == TopicRef(text="sys.argv[2]", name=None, origin="unresolved")
    # sys.argv is no imported config dict: no py-const Pending on the broker either
    assert ep.settings["bootstrap.servers"] == Setting(
        "bootstrap.servers",
        "sys.argv[1]",
        Loc("examples/producer.py", ln(PRODUCER_PY, "conf = {")),
        "bootstrap.servers",
        unresolved=True,  # a command-line argument: known only at run time
    )
    [sub] = run(CONSUMER_PY, "examples/consumer.py").endpoints
    assert (sub.topic.text, sub.topic.name, sub.group) == ("argv[2:]", None, "argv[1]")


def test_args_attribute_without_a_usable_default_shows_the_attribute():
    facts = run(EOS_PY, "examples/eos_transactions.py")
    consume, produce = facts.endpoints
    assert consume.topic == TopicRef(text="args.input_topic", name=None, origin="unresolved")  # required=True
    assert consume.group == "args.group_id"  # default="eos_example_" + str(uuid4()): a run-time value
    assert produce.topic == TopicRef(
        text="output_topic",
        name="output_topic",
        origin="cli-default",
        via=[
            Loc("examples/eos_transactions.py", ln(EOS_PY, "output_topic = args.output_topic")),
            Loc("examples/eos_transactions.py", ln(EOS_PY, 'dest="output_topic"')),
        ],
    )


# ------------------------------------------------------------------------------ 3. argparse defaults
def test_argparse_default_names_the_topic_and_the_group():
    src = AVRO_CONSUMER_PY
    [ep] = run(src, "examples/avro_consumer.py").endpoints
    path = "examples/avro_consumer.py"
    assert ep.topic == TopicRef(
        text="topic",
        name="example_serde_avro",
        origin="cli-default",
        via=[Loc(path, ln(src, "topic = args.topic")), Loc(path, ln(src, 'dest="topic"'))],
    )
    assert ep.group == "example_serde_avro"
    assert settings(ep)["group.id"] == ("example_serde_avro", ln(src, "'group.id': args.group"), "group.id")


def test_argparse_option_names_ambiguity_and_env_defaults():
    src = (
        "import argparse, os\n"
        "from confluent_kafka import Consumer\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('-t', '--topic-name', default='orders')\n"
        "parser.add_argument('--group', default=os.getenv('GROUP', 'billing'))\n"
        "sub = parser.add_subparsers()\n"
        "a = sub.add_parser('a')\n"
        "a.add_argument('--dlq', default='a.dlq')\n"
        "b = sub.add_parser('b')\n"
        "b.add_argument('--dlq', default='b.dlq')\n"
        "args = parser.parse_args()\n"
        "c = Consumer({'group.id': args.group})\n"
        "c.subscribe([args.topic_name, args.dlq])\n"
    )
    orders, dlq = run(src, "svc/main.py").endpoints
    assert (orders.topic.name, orders.topic.origin, orders.topic.via) == (
        "orders",
        "cli-default",
        [Loc("svc/main.py", 4)],
    )
    assert dlq.topic == TopicRef(text="args.dlq", name=None, origin="unresolved")  # two --dlq options
    group = orders.settings["group.id"]
    assert (group.value, group.pending) == ("billing", Pending("env", "GROUP", default="billing"))


# ------------------------------------------------------------------------------ 4. inline schemas
def test_inline_reader_schema_of_an_avro_deserializer():
    src = AVRO_CONSUMER_PY
    path = "examples/avro_consumer.py"
    facts = run(src, path)
    [ep] = facts.endpoints
    schema_line = ln(src, 'schema_str = """')
    assert ep.schema == SchemaRef(
        "inline", "confluent.io.examples.serialization.avro.User", Loc(path, schema_line)
    )
    [schema] = facts.schemas
    assert (schema.full_name, schema.loc, schema.end_line, schema.inline, schema.fields) == (
        "confluent.io.examples.serialization.avro.User",
        Loc(path, schema_line),
        ln(src, '    """\n\n    sr_conf'),
        True,
        ["name", "favorite_number", "favorite_color", "favorite_food"],
    )
    assert settings(ep)["value.format"] == ("avro", ln(src, "'value.deserializer'"), "value.deserializer")


def test_inline_schema_on_the_producer_side_and_no_schema_without_one():
    src = '''\
from confluent_kafka import DeserializingConsumer, Producer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

schema_str = """
{
    "namespace": "confluent.io.examples.serialization.avro",
    "name": "User",
    "type": "record",
    "fields": [{"name": "name", "type": "string"}]
}
"""


def main(args, user):
    schema_registry_client = SchemaRegistryClient({'url': args.schema_registry})
    avro_serializer = AvroSerializer(schema_registry_client, schema_str, user_to_dict)
    producer = Producer({'bootstrap.servers': args.bootstrap_servers})
    producer.produce(topic="users", value=avro_serializer(user, SerializationContext("users", MessageField.VALUE)))
    serializing = SerializingProducer({'value.serializer': avro_serializer})
    serializing.produce(topic="users", value=user)
    latest = AvroDeserializer(schema_registry_client)
    consumer = DeserializingConsumer({'group.id': 'g', 'value.deserializer': latest})
    consumer.subscribe(["users"])
'''
    facts = run(src, "svc/users.py")
    inline = SchemaRef("inline", "confluent.io.examples.serialization.avro.User", Loc("svc/users.py", 6))
    assert [(e.role, e.schema) for e in facts.endpoints] == [
        ("produce", inline),
        ("produce", inline),
        ("consume", None),  # the registry's latest schema: nothing in the code to cite
    ]
    assert [s.full_name for s in facts.schemas] == ["confluent.io.examples.serialization.avro.User"]


# ------------------------------------------------------------------------------ 5. env settings
def test_python_settings_from_the_environment_carry_a_pending():
    src = (
        "import os\n"
        "from confluent_kafka import Consumer\n"
        "group = os.getenv('GROUP_ID', 'billing')\n"
        "c = Consumer({'group.id': group, 'auto.offset.reset': os.environ['OFFSET_RESET']})\n"
        "c.subscribe(['invoices'])\n"
    )
    [ep] = run(src, "svc/main.py").endpoints
    assert ep.settings["group.id"] == Setting(
        "group.id",
        "billing",
        Loc("svc/main.py", 4),
        "group.id",
        Pending("env", "GROUP_ID", default="billing"),
    )
    assert ep.settings["auto.offset.reset"] == Setting(
        "auto.offset.reset",
        "os.environ['OFFSET_RESET']",
        Loc("svc/main.py", 4),
        "auto.offset.reset",
        Pending("env", "OFFSET_RESET"),
    )


def test_module_name_of_an_agent_comes_from_the_package_its_imports_name():
    src = (
        "from surge_pricer.app import app\n"
        "\n"
        "\n"
        "@app.agent()\n"
        "async def recompute(events):\n"
        "    async for event in events:\n"
        "        print(event)\n"
    )
    [ep] = run(src, "services/surge-pricer/surge_pricer/jobs/agents.py").endpoints
    assert ep.topic == TopicRef(
        text="surge_pricer.jobs.agents.recompute",
        name=None,
        origin="unresolved",
        pending=Pending(
            "template",
            "{0}-surge_pricer.jobs.agents.recompute",
            parts=(Pending("py-const", "surge_pricer.app:app.id"),),
        ),
    )
    assert ep.group == "surge_pricer.app"


def test_faust_app_settings_apply_to_agents_in_other_modules(make_repo):
    from copilot.scan.repo import scan

    app_py = (
        "import faust\n\nfrom loyalty import settings\n\n"
        'app = faust.App("loyalty", broker="kafka://k:9092", consumer_auto_offset_reset=settings.OFFSET_RESET)\n'
    )
    settings_py = 'import os\n\nOFFSET_RESET = os.getenv("LOYALTY_OFFSET_RESET", "earliest")\n'
    agents_py = (
        "from loyalty.app import app\n\npurchases = app.topic(\"purchases\")\n\n\n"
        "@app.agent(purchases)\nasync def award(stream):\n    async for p in stream:\n        print(p)\n"
    )
    repo = make_repo({"loyalty/pyproject.toml": "", "loyalty/loyalty/__init__.py": "", "loyalty/loyalty/app.py": app_py,
                      "loyalty/loyalty/settings.py": settings_py, "loyalty/loyalty/agents.py": agents_py})
    (ep,) = [e for e in scan(repo).endpoints if e.role == "consume"]
    s = ep.settings["auto.offset.reset"]
    assert s.value == "earliest" and s.loc.path == "loyalty/loyalty/settings.py" and s.loc.line == 3
