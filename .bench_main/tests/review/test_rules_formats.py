"""Wire formats on live topics: both sides switching at once, new schemaless producers, and
look-alike edits (a reset policy spelled differently, a key moved into a local) that change nothing."""

from __future__ import annotations

from tests.review.helpers import BASE, CONSUMER, PRODUCER, above_info, only, review_of

POM = "<project><artifactId>{}</artifactId><dependencies><dependency><artifactId>kafka-clients</artifactId></dependency></dependencies></project>\n"
JAVA_PRODUCER = """package com.acme.quota;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;

public class Usage {
    private final KafkaProducer<String, Object> producer;

    public Usage() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class);
        producer = new KafkaProducer<>(p);
    }

    public void used(String tenant, int units) {
        producer.send(new ProducerRecord<>("usage", tenant, units));
    }
}
"""
JAVA_CONSUMER = """package com.acme.meter;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;

public class Meter {
    public void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "meter");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class);
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of("usage"));
        while (true) {
            consumer.poll(java.time.Duration.ofSeconds(1)).forEach(r -> System.out.println(r.value()));
        }
    }
}
"""
JAVA = {
    "quota/pom.xml": POM.format("quota"),
    "quota/src/main/java/com/acme/quota/Usage.java": JAVA_PRODUCER,
    "meter/pom.xml": POM.format("meter"),
    "meter/src/main/java/com/acme/meter/Meter.java": JAVA_CONSUMER,
}


def to_json(text: str, cls: str) -> str:
    return text.replace(f"import org.apache.kafka.common.serialization.Integer{cls};", f"import io.confluent.kafka.serializers.KafkaJson{cls};").replace(
        f"Integer{cls}.class", f"KafkaJson{cls}.class"
    )


def test_serializer_and_deserializer_switched_together_on_a_live_topic(make_repo):
    change = {
        "quota/src/main/java/com/acme/quota/Usage.java": to_json(JAVA_PRODUCER, "Serializer"),
        "meter/src/main/java/com/acme/meter/Meter.java": to_json(JAVA_CONSUMER, "Deserializer"),
    }
    review, _ = review_of(make_repo, change, JAVA)
    f = only(review, "serialization-change")
    assert f.severity == "high" and f.impacted == ["service:meter"]
    assert "int" in f.title and "json" in f.title
    assert "live topic" in f.reasoning and "rolling deploy" in f.reasoning
    paths = {(c.path, c.side) for c in f.citations}
    assert ("quota/src/main/java/com/acme/quota/Usage.java", "head") in paths
    assert ("meter/src/main/java/com/acme/meter/Meter.java", "head") in paths


def test_only_the_producer_switching_leaves_the_consumer_stale(make_repo):
    review, _ = review_of(make_repo, {"quota/src/main/java/com/acme/quota/Usage.java": to_json(JAVA_PRODUCER, "Serializer")}, JAVA)
    f = only(review, "serialization-change")
    assert f.severity == "high" and "still read it the old way" in f.reasoning


KAFKA_GO = """package main

import (
	"context"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "clicks"}
	_ = w.WriteMessages(context.Background(), kafka.Message{Key: []byte("k"), Value: []byte(`{"page":"/"}`)})
}
"""


def test_a_new_raw_bytes_producer_is_schema_unmanaged(make_repo):
    change = {"clicks/go.mod": "module github.com/acme/clicks\n\ngo 1.22\n\nrequire github.com/segmentio/kafka-go v0.4.47\n", "clicks/main.go": KAFKA_GO}
    review, _ = review_of(make_repo, change)
    f = only(review, "schema-unmanaged")
    assert "`clicks`" in f.title and "bytes" in f.title
    assert f.citations[0].path == "clicks/main.go"


FAUST = """import faust

app = faust.App("hits", broker="kafka://kafka:9092")


class Hit(faust.Record):
    page: str


hits = app.topic("page-hits", value_type=Hit)


@app.timer(1.0)
async def emit() -> None:
    await hits.send(value=Hit(page="/"))
"""


def test_a_faust_record_is_json_without_a_managed_schema(make_repo):
    change = {"hits/pyproject.toml": "[project]\nname = 'hits'\ndependencies = ['faust-streaming']\n", "hits/app.py": FAUST}
    review, _ = review_of(make_repo, change)
    f = only(review, "schema-unmanaged")
    assert "`page-hits`" in f.title and "json" in f.title


def test_a_reset_policy_moved_out_of_a_nested_block_is_quiet(make_repo):
    nested = CONSUMER.replace('"auto.offset.reset": "latest", ', '"default.topic.config": {"auto.offset.reset": "smallest"}, ')
    flat = CONSUMER.replace('"auto.offset.reset": "latest", ', '"auto.offset.reset": "earliest", ')
    review, _ = review_of(make_repo, {"fraud/worker.py": flat}, {**BASE, "fraud/worker.py": nested})
    assert "offset-reset-change" not in [r for r, _, _ in above_info(review)]


def test_a_key_extracted_into_a_new_local_is_not_a_key_change(make_repo):
    inline = PRODUCER.replace('    order_id = order["id"]\n    producer.produce(TOPIC, key=order_id,', '    producer.produce(TOPIC, key=str(order["id"]),')
    extracted = PRODUCER.replace('    order_id = order["id"]\n    producer.produce(TOPIC, key=order_id,', '    order_key = order["id"]\n    producer.produce(TOPIC, key=str(order_key),')
    review, _ = review_of(make_repo, {"checkout/app.py": extracted}, {**BASE, "checkout/app.py": inline})
    assert "partition-key-change" not in [r for r, _, _ in above_info(review)]
    changed = PRODUCER.replace('    order_id = order["id"]\n', '    order_id = order["customer_id"]\n')
    review, _ = review_of(make_repo, {"checkout/app.py": changed})
    assert "partition-key-change" in [r for r, _, _ in above_info(review)]


GO_JSON = """package main

import (
	"encoding/json"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

type Reading struct {
	Device string  `json:"device"`
	Value  float64 `json:"value"`
}

func publish(p *kafka.Producer, r Reading) error {
	topic := "readings"
	value, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Value:          value,
	}, nil)
}
"""
GO_AVRO = GO_JSON.replace('\t"encoding/json"\n', '\t"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"\n\t"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde"\n\t"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/avrov2"\n').replace(
    "func publish(p *kafka.Producer, r Reading) error {\n\ttopic := \"readings\"\n\tvalue, err := json.Marshal(r)\n",
    "func publish(p *kafka.Producer, client schemaregistry.Client, r Reading) error {\n\ttopic := \"readings\"\n"
    "\tser, err := avrov2.NewSerializer(client, serde.ValueSerde, avrov2.NewSerializerConfig())\n\tif err != nil {\n\t\treturn err\n\t}\n"
    "\tvalue, err := ser.Serialize(topic, &r)\n",
)
PY_READER = 'import json\n\nfrom confluent_kafka import Consumer\n\nc = Consumer({"bootstrap.servers": "k:9092", "group.id": "dash"})\nc.subscribe(["readings"])\nmsg = c.poll(1.0)\nprint(json.loads(msg.value()))\n'


def test_a_registry_serializer_written_where_json_was_is_a_format_change(make_repo):
    assert "avrov2.NewSerializer" in GO_AVRO and "json.Marshal" not in GO_AVRO
    base = {
        "gateway/go.mod": "module github.com/acme/gateway\n\ngo 1.22\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.3.0\n",
        "gateway/publish.go": GO_JSON,
        "dash/pyproject.toml": "[project]\nname = 'dash'\n",
        "dash/main.py": PY_READER,
    }
    review, _ = review_of(make_repo, {"gateway/publish.go": GO_AVRO}, base)
    f = only(review, "serialization-change")
    assert f.severity == "high" and f.impacted == ["service:dash"]
    assert "json" in f.title and "avro" in f.title
    assert any(c.path == "gateway/publish.go" and c.side == "head" for c in f.citations)
