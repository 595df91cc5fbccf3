"""Apache kafka-clients and Kafka Streams as catalogue entries, matched over the Java and Kotlin
front-ends' IR: each test a small real repository (real git, real tree-sitter parses, the real
link step), asserting the endpoints, their topics with evidence, and the client settings with
the line they come from."""

from __future__ import annotations

from tests.lang.helpers import jvm_endpoints

J = "svc/src/main/java/com/acme"
K = "svc/src/main/kotlin/com/acme"


def _settings(ep) -> dict[str, tuple[str, str]]:
    return {k: (s.value, f"{s.loc.path}:{s.loc.line}") for k, s in ep.settings.items()}


def _topics(eps) -> list[tuple[str, int, str | None]]:
    return [(ep.role, ep.loc.line, ep.topic.name) for ep in eps]


# -- kafka-clients: producers ------------------------------------------------------------------


def test_java_producer_built_from_properties_in_a_factory_of_another_class(make_repo):
    repo = make_repo({
        f"{J}/KafkaFactory.java": (
            "package com.acme;\n"                                                                 # 1
            "import java.util.Properties;\n"                                                      # 2
            "import org.apache.kafka.clients.producer.KafkaProducer;\n"                          # 3
            "import org.apache.kafka.clients.producer.ProducerConfig;\n"                         # 4
            "import org.apache.kafka.common.serialization.StringSerializer;\n"                   # 5
            "public class KafkaFactory {\n"                                                       # 6
            "    public static KafkaProducer<String, String> producer() {\n"                      # 7
            "        Properties props = new Properties();\n"                                      # 8
            "        props.put(ProducerConfig.ACKS_CONFIG, \"0\");\n"                            # 9
            "        props.setProperty(\"enable.idempotence\", \"false\");\n"                    # 10
            "        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());\n"  # 11
            "        return new KafkaProducer<>(props);\n"                                         # 12
            "    }\n"
            "}\n"
        ),
        f"{J}/OrderService.java": (
            "package com.acme;\n"                                                                 # 1
            "import org.apache.kafka.clients.producer.KafkaProducer;\n"                          # 2
            "import org.apache.kafka.clients.producer.ProducerRecord;\n"                         # 3
            "public class OrderService {\n"                                                       # 4
            "    static final String TOPIC = \"orders\";\n"                                      # 5
            "    private final KafkaProducer<String, String> producer = KafkaFactory.producer();\n"  # 6
            "    void place(String id, String json) {\n"                                          # 7
            "        producer.send(new ProducerRecord<>(TOPIC, id, json));\n"                      # 8
            "    }\n"
            "}\n"
        ),
    })
    [ep] = jvm_endpoints(repo)
    assert (ep.role, ep.library, ep.loc.path, ep.loc.line, ep.topic.name) == ("produce", "kafka-clients", f"{J}/OrderService.java", 8, "orders")
    assert [f"{v.path}:{v.line}" for v in ep.topic.via] == [f"{J}/OrderService.java:5"]
    assert (ep.key, ep.value) == ("id", "json")  # ProducerRecord(topic, key, value)
    assert _settings(ep) == {
        "acks": ("0", f"{J}/KafkaFactory.java:9"),
        "enable.idempotence": ("false", f"{J}/KafkaFactory.java:10"),
        "value.serializer": ("StringSerializer", f"{J}/KafkaFactory.java:11"),
        "value.format": ("string", f"{J}/KafkaFactory.java:11"),
    }
    assert ep.awaits_ack is False  # no callback, no get(), no flush


def test_producer_record_overloads_and_how_a_send_waits(make_repo):
    repo = make_repo({
        f"{J}/Sender.java": (
            "package com.acme;\n"                                                                 # 1
            "import org.apache.kafka.clients.producer.*;\n"                                      # 2
            "public class Sender {\n"                                                             # 3
            "    private final KafkaProducer<String, String> producer;\n"                         # 4
            "    Sender(KafkaProducer<String, String> producer) { this.producer = producer; }\n"  # 5
            "    void run(String k, String v) throws Exception {\n"                               # 6
            "        producer.send(new ProducerRecord<>(\"plain\", v)).get();\n"                   # 7
            "        ProducerRecord<String, String> r = new ProducerRecord<>(\"parted\", 3, k, v);\n"  # 8
            "        producer.send(r, (meta, err) -> {});\n"                                      # 9
            "        producer.send(new ProducerRecord<>(\"later\", k, v));\n"                      # 10
            "        producer.flush();\n"                                                         # 11
            "    }\n"
            "}\n"
        ),
    })
    eps = jvm_endpoints(repo)
    # the producer is injected (no construction in the repository): its declared type makes it one
    assert [(ep.loc.line, ep.topic.name, ep.key, ep.value, ep.awaits_ack) for ep in eps] == [
        (7, "plain", None, "v", True),  # .get() waits
        (9, "parted", "k", "v", True),  # a callback, and (topic, partition, key, value)
        (10, "later", "k", "v", True),  # flushed after
    ]
    assert all(ep.library == "kafka-clients" and ep.settings == {} for ep in eps)


def test_a_send_on_something_that_is_no_producer_is_no_endpoint(make_repo):
    repo = make_repo({
        f"{J}/Mailer.java": (
            "package com.acme;\n"
            "import org.apache.kafka.clients.producer.KafkaProducer;\n"
            "class Mailer {\n"
            "    private final MailClient mail;\n"
            "    void run() { mail.send(\"hello\"); mail.send(new Letter(\"topic\")); }\n"
            "}\n"
        ),
    })
    assert jvm_endpoints(repo) == []


# -- kafka-clients: consumers ------------------------------------------------------------------


def test_kotlin_consumer_apply_subscribe_with_settings_from_map_of_pairs(make_repo):
    repo = make_repo({
        f"{K}/Topics.kt": "package com.acme\nobject Topics {\n    const val PAYMENTS = \"payments\"\n}\n",
        f"{K}/Listener.kt": (
            "package com.acme\n"                                                                   # 1
            "import org.apache.kafka.clients.consumer.ConsumerConfig\n"                            # 2
            "import org.apache.kafka.clients.consumer.KafkaConsumer\n"                             # 3
            "class Listener {\n"                                                                   # 4
            "    private val config = mapOf(\n"                                                    # 5
            "        ConsumerConfig.GROUP_ID_CONFIG to \"billing\",\n"                            # 6
            "        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to \"earliest\",\n"                  # 7
            "    )\n"                                                                              # 8
            "    fun start() {\n"                                                                  # 9
            "        KafkaConsumer<String, String>(config).apply {\n"                              # 10
            "            subscribe(listOf(Topics.PAYMENTS, \"refunds\"))\n"                       # 11
            "        }\n"
            "    }\n"
            "}\n"
        ),
    })
    eps = sorted(jvm_endpoints(repo), key=lambda ep: ep.topic.name or "")
    assert [(ep.role, ep.end_line, ep.topic.name) for ep in eps] == [("consume", 11, "payments"), ("consume", 11, "refunds")]
    pay, refunds = eps
    assert [f"{v.path}:{v.line}" for v in pay.topic.via] == [f"{K}/Topics.kt:3"]
    # one call, two topics: each cited where its value is selected
    assert (f"{pay.loc.path}:{pay.loc.line}", f"{refunds.loc.path}:{refunds.loc.line}") == (f"{K}/Topics.kt:3", f"{K}/Listener.kt:11")
    assert pay.group == "billing"
    assert _settings(pay) == {"group.id": ("billing", f"{K}/Listener.kt:6"), "auto.offset.reset": ("earliest", f"{K}/Listener.kt:7")}


def test_kotlin_properties_set_by_index_and_put_in_apply(make_repo):
    repo = make_repo({
        f"{K}/Consumer.kt": (
            "package com.acme\n"                                                                   # 1
            "import java.util.Properties\n"                                                        # 2
            "import org.apache.kafka.clients.consumer.KafkaConsumer\n"                             # 3
            "fun consumer(): KafkaConsumer<String, String> {\n"                                    # 4
            "    val props = Properties().apply {\n"                                               # 5
            "        put(\"group.id\", \"audit\")\n"                                               # 6
            "        this[\"enable.auto.commit\"] = \"false\"\n"                                  # 7
            "    }\n"                                                                              # 8
            "    props[\"max.poll.records\"] = \"10\"\n"                                          # 9
            "    return KafkaConsumer(props)\n"                                                    # 10
            "}\n"                                                                                  # 11
            "fun run() {\n"                                                                        # 12
            "    val c = consumer()\n"                                                             # 13
            "    c.subscribe(listOf(\"audit-log\"))\n"                                            # 14
            "}\n"
        ),
    })
    [ep] = jvm_endpoints(repo)
    assert (ep.loc.line, ep.topic.name, ep.group) == (14, "audit-log", "audit")
    assert _settings(ep) == {
        "group.id": ("audit", f"{K}/Consumer.kt:6"),
        "enable.auto.commit": ("false", f"{K}/Consumer.kt:7"),
        "max.poll.records": ("10", f"{K}/Consumer.kt:9"),
    }


def test_java_subscribe_to_a_pattern_and_assign_partitions(make_repo):
    repo = make_repo({
        f"{J}/Reader.java": (
            "package com.acme;\n"                                                                 # 1
            "import java.util.*;\n"                                                               # 2
            "import java.util.regex.Pattern;\n"                                                   # 3
            "import org.apache.kafka.clients.consumer.KafkaConsumer;\n"                          # 4
            "import org.apache.kafka.common.TopicPartition;\n"                                   # 5
            "class Reader {\n"                                                                    # 6
            "    void run(Properties props) {\n"                                                  # 7
            "        KafkaConsumer<String, String> a = new KafkaConsumer<>(props);\n"             # 8
            "        a.subscribe(Pattern.compile(\"audit\\\\..*\"));\n"                           # 9
            "        KafkaConsumer<String, String> b = new KafkaConsumer<>(props);\n"             # 10
            "        b.assign(Arrays.asList(new TopicPartition(\"ledger\", 0), new TopicPartition(\"ledger\", 1)));\n"  # 11
            "    }\n"
            "}\n"
        ),
    })
    eps = jvm_endpoints(repo)
    assert [(ep.loc.line, ep.topic.name, ep.topic.pattern) for ep in eps] == [(9, "audit\\..*", True), (11, "ledger", False)]


def test_map_of_settings_keyed_by_a_constant_of_the_repository(make_repo):
    repo = make_repo({
        f"{J}/Keys.java": "package com.acme;\npublic class Keys {\n    public static final String GROUP = \"group.id\";\n}\n",
        f"{J}/Worker.java": (
            "package com.acme;\n"                                                                 # 1
            "import java.util.*;\n"                                                               # 2
            "import org.apache.kafka.clients.consumer.KafkaConsumer;\n"                          # 3
            "class Worker {\n"                                                                    # 4
            "    void run() {\n"                                                                  # 5
            "        Map<String, Object> conf = Map.of(Keys.GROUP, \"workers\", \"isolation.level\", \"read_committed\");\n"  # 6
            "        new KafkaConsumer<String, String>(conf).subscribe(List.of(\"jobs\"));\n"     # 7
            "    }\n"
            "}\n"
        ),
    })
    [ep] = jvm_endpoints(repo)
    assert (ep.topic.name, ep.group) == ("jobs", "workers")
    assert _settings(ep) == {"group.id": ("workers", f"{J}/Worker.java:6"), "isolation.level": ("read_committed", f"{J}/Worker.java:6")}


# -- Kafka Streams ---------------------------------------------------------------------------


def test_streams_topology_sources_sinks_and_serdes(make_repo):
    repo = make_repo({
        f"{J}/Topology.java": (
            "package com.acme;\n"                                                                 # 1
            "import org.apache.kafka.streams.StreamsBuilder;\n"                                  # 2
            "import org.apache.kafka.streams.kstream.*;\n"                                       # 3
            "import org.apache.kafka.common.serialization.Serdes;\n"                             # 4
            "class Pipeline {\n"                                                                  # 5
            "    static final String IN = \"clicks\";\n"                                          # 6
            "    void build(StreamsBuilder builder) {\n"                                          # 7
            "        KStream<String, Click> in = builder.stream(IN, Consumed.with(Serdes.String(), new SpecificAvroSerde<Click>()));\n"  # 8
            "        in.mapValues(v -> v.page()).filter((k, v) -> v != null)\n"                   # 9
            "          .to(\"pages\", Produced.with(Serdes.String(), Serdes.String()));\n"        # 10
            "        builder.table(\"users\");\n"                                                 # 11
            "        in.through(\"clicks-by-user\");\n"                                           # 12
            "        sink(in);\n"                                                                 # 13
            "    }\n"                                                                             # 14
            "    void sink(KStream<String, Click> s) { s.to(\"archive\"); }\n"                    # 15
            "}\n"
        ),
        f"{J}/App.java": (
            "package com.acme;\n"
            "import org.apache.kafka.streams.StreamsBuilder;\n"
            "class App { void main() { new Pipeline().build(new StreamsBuilder()); } }\n"
        ),
    })
    eps = [ep for ep in jvm_endpoints(repo) if ep.loc.path.endswith("Topology.java")]
    assert _topics(eps) == [
        ("consume", 8, "clicks"),
        ("produce", 10, "pages"),  # a chain of operators down to the builder's stream, cited at `.to(`
        ("consume", 11, "users"),
        ("consume", 12, "clicks-by-user"),  # through(): written and read back
        ("produce", 12, "clicks-by-user"),
        ("produce", 15, "archive"),  # a KStream parameter: its declared type
    ]
    assert all(ep.library == "kafka-streams" for ep in eps)
    src, sink = eps[0], eps[1]
    assert (src.settings["key.format"].value, src.settings["value.format"].value) == ("string", "avro")
    assert (sink.settings["key.format"].value, sink.settings["value.format"].value) == ("string", "string")
    assert src.settings["value.format"].loc.line == 8


def test_streams_settings_come_from_the_kafka_streams_that_runs_the_topology(make_repo):
    repo = make_repo({
        f"{J}/Scorer.java": (
            "package com.acme;\n"                                                                 # 1
            "import java.util.Properties;\n"                                                      # 2
            "import org.apache.kafka.streams.*;\n"                                               # 3
            "import org.apache.kafka.streams.kstream.*;\n"                                       # 4
            "import org.apache.kafka.common.serialization.Serdes;\n"                             # 5
            "class Scorer {\n"                                                                    # 6
            "    void main() {\n"                                                                 # 7
            "        Properties props = new Properties();\n"                                      # 8
            "        props.put(StreamsConfig.APPLICATION_ID_CONFIG, \"fraud-scorer\");\n"         # 9
            "        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);\n"  # 10
            "        StreamsBuilder builder = new StreamsBuilder();\n"                            # 11
            "        Serde<Alert> alerts = new JsonSerde<>(Alert.class);\n"                       # 12
            "        builder.stream(\"payments\")\n"                                              # 13
            "            .to(\"alerts\", Produced.with(Serdes.String(), alerts));\n"              # 14
            "        Topology topology = builder.build();\n"                                      # 15
            "        new KafkaStreams(topology, props).start();\n"                                # 16
            "    }\n"
            "}\n"
        ),
    })
    src, sink = jvm_endpoints(repo)
    assert (src.role, src.topic.name, src.group) == ("consume", "payments", "fraud-scorer")  # application.id is the group
    assert _settings(src)["processing.guarantee"] == ("exactly_once_v2", f"{J}/Scorer.java:10")
    assert (sink.role, sink.loc.line, sink.topic.name) == ("produce", 14, "alerts")
    # a serde held in a variable: the class it was made from names the format
    assert _settings(sink)["default.value.serde"] == ("JsonSerde", f"{J}/Scorer.java:12")
    assert sink.settings["value.format"].value == "json"


def test_kotlin_send_with_a_trailing_callback_and_settings_of_literal_values(make_repo):
    repo = make_repo({
        f"{K}/Publisher.kt": (
            "package com.acme\n"                                                                   # 1
            "import org.apache.kafka.clients.producer.KafkaProducer\n"                             # 2
            "import org.apache.kafka.clients.producer.ProducerConfig\n"                            # 3
            "import org.apache.kafka.clients.producer.ProducerRecord\n"                            # 4
            "class Publisher {\n"                                                                  # 5
            "    private val producer = KafkaProducer<String, String>(\n"                          # 6
            "        mapOf(\n"                                                                     # 7
            "            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG to true,\n"                      # 8
            "            ProducerConfig.RETRIES_CONFIG to Int.MAX_VALUE,\n"                        # 9
            "        ),\n"                                                                         # 10
            "    )\n"                                                                              # 11
            "    fun publish(sku: String) {\n"                                                     # 12
            "        producer.send(ProducerRecord(\"stock\", sku, sku)) { _, error ->\n"           # 13
            "            if (error != null) println(error)\n"                                      # 14
            "        }\n"                                                                          # 15
            "    }\n"
            "}\n"
        ),
    })
    [ep] = jvm_endpoints(repo)
    assert (ep.loc.line, ep.topic.name, ep.key, ep.value) == (13, "stock", "sku", "sku")
    assert ep.awaits_ack is True  # the trailing lambda is the send's callback
    assert _settings(ep) == {"enable.idempotence": ("true", f"{K}/Publisher.kt:8"), "retries": ("2147483647", f"{K}/Publisher.kt:9")}


def test_vertx_producer_record_factory(make_repo):
    repo = make_repo({
        f"{J}/Greeter.java": (
            "package com.acme;\n"                                                                 # 1
            "import io.vertx.mutiny.kafka.client.producer.KafkaProducer;\n"                      # 2
            "import io.vertx.mutiny.kafka.client.producer.KafkaProducerRecord;\n"                # 3
            "public class Greeter {\n"                                                            # 4
            "    @Inject KafkaProducer<String, String> producer;\n"                               # 5
            "    public void greet(String who) {\n"                                               # 6
            "        producer.send(KafkaProducerRecord.create(\"greetings\", who, \"hi\"));\n"     # 7
            "        producer.send(KafkaProducerRecord.create(\"farewells\", \"bye\"));\n"        # 8
            "    }\n"
            "}\n"
        ),
    })
    eps = jvm_endpoints(repo)
    assert [(ep.library, ep.loc.line, ep.topic.name, ep.key, ep.value) for ep in eps] == [
        ("vertx-kafka-client", 7, "greetings", "who", '"hi"'),
        ("vertx-kafka-client", 8, "farewells", None, '"bye"'),
    ]


def test_the_value_schema_is_the_record_class_the_clients_generic_type_carries(make_repo):
    repo = make_repo({
        f"{J}/Clicks.java": (
            "package com.acme;\n"                                                                 # 1
            "import com.acme.avro.Click;\n"                                                       # 2
            "import org.apache.kafka.clients.producer.*;\n"                                      # 3
            "import org.apache.kafka.clients.consumer.KafkaConsumer;\n"                          # 4
            "class Clicks {\n"                                                                    # 5
            "    private final KafkaProducer<String, Click> producer;\n"                          # 6
            "    Clicks(KafkaProducer<String, Click> p) { this.producer = p; }\n"                 # 7
            "    void send(Click c) { producer.send(new ProducerRecord<>(\"clicks\", c)); }\n"    # 8
            "    void read(java.util.Properties props) {\n"                                       # 9
            "        KafkaConsumer<String, byte[]> raw = new KafkaConsumer<String, byte[]>(props);\n"  # 10
            "        raw.subscribe(java.util.List.of(\"raw\"));\n"                                # 11
            "        try (KafkaConsumer<String, Click> typed = new KafkaConsumer<>(props)) {\n"     # 12
            "            typed.subscribe(java.util.List.of(\"clicks\"));\n"                       # 13
            "        }\n"
            "    }\n"
            "}\n"
        ),
    })
    sent, read, typed = jvm_endpoints(repo)
    assert (sent.topic.name, sent.schema.kind, sent.schema.key) == ("clicks", "name", "com.acme.avro.Click")
    assert read.topic.name == "raw" and read.schema is None  # bytes are no schema
    # a try-with-resources variable's declared type, cited where it is declared
    assert (typed.topic.name, typed.schema.key, typed.schema.loc.line) == ("clicks", "com.acme.avro.Click", 12)


def test_streams_before_2_0_put_the_serdes_before_the_topic(make_repo):
    """`KStreamBuilder` (Kafka Streams before 2.0): `stream(keySerde, valueSerde, topic)`; a topic
    literal that happens to say "serde" is still the topic."""
    repo = make_repo({
        f"{J}/Legacy.java": (
            "package com.acme;\n"                                                                          # 1
            "import org.apache.kafka.streams.kstream.*;\n"                                                 # 2
            "import org.apache.kafka.common.serialization.Serdes;\n"                                       # 3
            "class Legacy {\n"                                                                             # 4
            "    void build() {\n"                                                                         # 5
            "        KStreamBuilder builder = new KStreamBuilder();\n"                                     # 6
            "        KStream<String, String> in = builder.stream(Serdes.String(), ORDERS.valueSerde(), \"orders\");\n"  # 7
            "        builder.globalTable(CUSTOMERS.keySerde(), CUSTOMERS.valueSerde(), \"customers\", \"store\");\n"    # 8
            "        in.to(Serdes.String(), Serdes.String(), \"orders-out\");\n"                           # 9
            "        builder.stream(\"serde-demo\", \"other\");\n"                                         # 10
            "    }\n"
            "}\n"
        ),
    })
    eps = jvm_endpoints(repo)
    assert _topics(eps) == [("consume", 7, "orders"), ("consume", 8, "customers"), ("produce", 9, "orders-out"), ("consume", 10, "serde-demo")]
