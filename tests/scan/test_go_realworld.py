"""The Go front-end on real public projects: segmentio/kafka-go's examples (settings read from the
environment, settled from docker-compose) and confluent-kafka-go's examples (os.Args values).

The sources are the projects' own files, verbatim (variants change one line, said where); line
numbers come from `ln` so every assertion is exact.
"""

from __future__ import annotations

from copilot.model.facts import Loc, Pending, Setting, TopicRef
from copilot.scan.repo import scan
from tests.conftest import commit
from tests.lang.helpers import go_scan

CONSUMER_LOGGER_GO = r"""package main

import (
	"context"
	"fmt"
	"log"
	"os"

	kafka "github.com/segmentio/kafka-go"
)

func getKafkaReader(kafkaURL, topic, groupID string) *kafka.Reader {
	return kafka.NewReader(kafka.ReaderConfig{
		Brokers:  []string{kafkaURL},
		GroupID:  groupID,
		Topic:    topic,
		MinBytes: 10e3, // 10KB
		MaxBytes: 10e6, // 10MB
	})
}

func main() {
	// get kafka reader using environment variables.
	kafkaURL := os.Getenv("kafkaURL")
	topic := os.Getenv("topic")
	groupID := os.Getenv("groupID")

	reader := getKafkaReader(kafkaURL, topic, groupID)

	defer reader.Close()

	fmt.Println("start consuming ... !!")
	for {
		m, err := reader.ReadMessage(context.Background())
		if err != nil {
			log.Fatalln(err)
		}
		fmt.Printf("message at topic:%v partition:%v offset:%v	%s = %s\n", m.Topic, m.Partition, m.Offset, string(m.Key), string(m.Value))
	}
}
"""

COMPOSE = r"""version: '2.3'
services:

  zookeeper:
    hostname: zookeeper
    image: bitnami/zookeeper:latest
    restart: always
    expose:
    - "2181"
    ports:
    - "2181:2181"
    environment:
      ALLOW_ANONYMOUS_LOGIN: yes

  kafka:
    hostname: kafka
    image: bitnami/kafka:2.7.0
    restart: always
    env_file:
    - kafka/kafka-variables.env
    depends_on:
    - zookeeper
    expose:
    - "9092"
    - "8082"
    - "8083"
    ports:
    - '9092:9092'
    - '8082:8082'
    - '8083:8083'

  mongo-db:
    image: mongo:4.0
    restart: always
    expose:
    - "27017"
    ports:
    - "27017:27017"
    environment:
      MONGO_DATA_DIR: /data/db
      MONGO_LOG_DIR: /dev/null

  consumer-mongo-db:
    build:
      context: consumer-mongo-db
    environment:
      mongoURL: mongodb://mongo-db:27017
      dbName: example_db
      collectionName: example_coll
      kafkaURL: kafka:9092
      topic: topic1
      groupID: mongo-group-v2
    depends_on:
    - kafka
    - mongo-db
    restart: always

  consumer-logger:
    build:
      context: consumer-logger
    environment:
      kafkaURL: kafka:9092
      topic: topic1
      groupID: logger-group
    depends_on:
    - kafka
    restart: always

  producer-random:
    build:
      context: producer-random
    environment:
      kafkaURL: kafka:9092
      topic: topic1
    depends_on:
    - kafka
    restart: always

  producer-api:
    build:
      context: producer-api
    environment:
      kafkaURL: kafka:9092
      topic: topic-api
    expose:
    - "8080"
    ports:
    - "8080:8080"
    depends_on:
    - kafka
    restart: always
"""  # trailing blanks trimmed

CK_CONSUMER_GO = r"""// Example function-based high-level Apache Kafka consumer
package main

// consumer_example implements a consumer using the non-channel Poll() API
// to retrieve messages and events.

import (
	"fmt"
	"github.com/confluentinc/confluent-kafka-go/kafka"
	"os"
	"os/signal"
	"syscall"
)

func main() {

	if len(os.Args) < 4 {
		fmt.Fprintf(os.Stderr, "Usage: %s <broker> <group> <topics..>\n",
			os.Args[0])
		os.Exit(1)
	}

	broker := os.Args[1]
	group := os.Args[2]
	topics := os.Args[3:]
	sigchan := make(chan os.Signal, 1)
	signal.Notify(sigchan, syscall.SIGINT, syscall.SIGTERM)

	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":  broker,
		"group.id":           group,
		"session.timeout.ms": 6000,
		"auto.offset.reset":  "earliest"})

	if err != nil {
		fmt.Fprintf(os.Stderr, "Failed to create consumer: %s\n", err)
		os.Exit(1)
	}

	fmt.Printf("Created Consumer %v\n", c)

	err = c.SubscribeTopics(topics, nil)

	run := true

	for run == true {
		select {
		case sig := <-sigchan:
			fmt.Printf("Caught signal %v: terminating\n", sig)
			run = false
		default:
			ev := c.Poll(100)
			if ev == nil {
				continue
			}

			switch e := ev.(type) {
			case *kafka.Message:
				fmt.Printf("%% Message on %s:\n%s\n",
					e.TopicPartition, string(e.Value))
				if e.Headers != nil {
					fmt.Printf("%% Headers: %v\n", e.Headers)
				}
			case kafka.Error:
				// Errors should generally be considered as informational, the client will try to automatically recover
				fmt.Fprintf(os.Stderr, "%% Error: %v\n", e)
			default:
				fmt.Printf("Ignored %v\n", e)
			}
		}
	}

	fmt.Printf("Closing consumer\n")
	c.Close()
}
"""

CK_PRODUCER_GO = r"""// Example function-based Apache Kafka producer
package main

import (
	"fmt"
	"github.com/confluentinc/confluent-kafka-go/kafka"
	"os"
)

func main() {

	if len(os.Args) != 3 {
		fmt.Fprintf(os.Stderr, "Usage: %s <broker> <topic>\n",
			os.Args[0])
		os.Exit(1)
	}

	broker := os.Args[1]
	topic := os.Args[2]

	p, err := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": broker})

	if err != nil {
		fmt.Printf("Failed to create producer: %s\n", err)
		os.Exit(1)
	}

	fmt.Printf("Created Producer %v\n", p)

	// Optional delivery channel, if not specified the Producer object's
	// .Events channel is used.
	deliveryChan := make(chan kafka.Event, 1)

	value := "Hello Go!"
	err = p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Value:          []byte(value),
		Headers:        []kafka.Header{{Key: "myTestHeader", Value: []byte("header values are binary")}},
	}, deliveryChan)
	if err != nil {
		fmt.Printf("Failed to produce the message: %s\n", err.Error())
		return
	}

	e := <-deliveryChan
	m := e.(*kafka.Message)

	if m.TopicPartition.Error != nil {
		fmt.Printf("Delivery failed: %v\n", m.TopicPartition.Error)
	} else {
		fmt.Printf("Delivered message to topic %s [%d] at offset %v\n",
			*m.TopicPartition.Topic, m.TopicPartition.Partition, m.TopicPartition.Offset)
	}

	close(deliveryChan)
}
"""

LOGGER = "examples/consumer-logger/main.go"


def ln(src: str, needle: str, nth: int = 1) -> int:
    """1-based line of the `nth` occurrence of `needle` in `src`."""
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str = LOGGER):
    return go_scan({path: src}, path)


# ------------------------------------------------------------------------------ 5. env settings
def test_kafkago_group_id_from_the_environment_carries_an_env_pending():
    src = CONSUMER_LOGGER_GO
    [ep] = run(src).endpoints
    assert (ep.library, ep.role, ep.loc.line) == ("kafka-go", "consume", ln(src, "reader.ReadMessage("))
    # cited where the value is defined (the line a change touches), through the parameter
    assert ep.settings["group.id"] == Setting(
        "group.id",
        'os.Getenv("groupID")',
        Loc(LOGGER, ln(src, "groupID := os.Getenv")),
        "GroupID",
        Pending("env", "groupID"),
    )
    assert ep.topic.pending == Pending("env", "topic")
    # no StartOffset: no auto.offset.reset; the rules know kafka-go's default (FirstOffset)
    assert "auto.offset.reset" not in ep.settings


def test_kafkago_group_id_from_a_local_literal_is_cited_at_the_local():
    src = CONSUMER_LOGGER_GO.replace('groupID := os.Getenv("groupID")', 'groupID := "logger-group-v2"')
    [ep] = run(src).endpoints
    assert ep.settings["group.id"] == Setting(
        "group.id", "logger-group-v2", Loc(LOGGER, ln(src, 'groupID := "logger-group-v2"')), "GroupID"
    )
    assert ep.group == "logger-group-v2"


def test_kafkago_env_with_a_default_keeps_the_default_as_value():
    src = CONSUMER_LOGGER_GO.replace(
        'groupID := os.Getenv("groupID")\n',
        'groupID := os.Getenv("groupID")\n\tif groupID == "" {\n\t\tgroupID = "logger-group"\n\t}\n',
    )
    [ep] = run(src).endpoints
    group = ep.settings["group.id"]
    assert (group.value, group.pending) == ("logger-group", Pending("env", "groupID", default="logger-group"))
    assert group.loc == Loc(LOGGER, ln(src, 'groupID = "logger-group"'))


def test_non_string_settings_through_a_local_are_normalised_and_cited_at_the_local():
    src = """\
package main

import (
	"time"

	kafka "github.com/segmentio/kafka-go"
)

func newWriter(url, topic string) *kafka.Writer {
	acks := kafka.RequireAll
	batch := 50 * time.Millisecond
	return &kafka.Writer{
		Addr:         kafka.TCP(url),
		Topic:        topic,
		RequiredAcks: acks,
		BatchTimeout: batch,
	}
}

func main() {
	w := newWriter("kafka:9092", "orders")
	w.WriteMessages(nil, kafka.Message{Value: []byte("x")})
}
"""
    [ep] = run(src, "svc/main.go").endpoints
    assert {k: (s.value, s.loc.line) for k, s in ep.settings.items() if k in ("acks", "linger.ms")} == {
        "acks": ("all", ln(src, "acks := kafka.RequireAll")),
        "linger.ms": ("50", ln(src, "batch := 50")),
    }


def test_sarama_and_confluent_settings_from_the_environment():
    src = """\
package main

import (
	"os"

	"github.com/IBM/sarama"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	group := os.Getenv("GROUP")
	config := sarama.NewConfig()
	g, _ := sarama.NewConsumerGroup([]string{"kafka:9092"}, group, config)
	g.Consume(nil, []string{"payments"}, nil)
	c, _ := kafka.NewConsumer(&kafka.ConfigMap{"group.id": os.Getenv("CK_GROUP"), "auto.offset.reset": "earliest"})
	c.SubscribeTopics([]string{"refunds"}, nil)
}
"""
    saramas, confluent = run(src, "svc/main.go").endpoints
    assert saramas.settings["group.id"] == Setting(
        "group.id",
        'os.Getenv("GROUP")',
        Loc("svc/main.go", ln(src, "group := os.Getenv")),
        "group.id",
        Pending("env", "GROUP"),
    )
    assert confluent.settings["group.id"] == Setting(
        "group.id",
        'os.Getenv("CK_GROUP")',
        Loc("svc/main.go", ln(src, '"group.id"')),
        "group.id",
        Pending("env", "CK_GROUP"),
    )
    assert confluent.settings["auto.offset.reset"].pending is None


def test_compose_groupid_settles_the_setting_and_its_change_is_seen(make_repo):
    files = {
        "examples/docker-compose.yaml": COMPOSE,
        "examples/consumer-logger/go.mod": "module consumer-logger\n\ngo 1.21\n",
        LOGGER: CONSUMER_LOGGER_GO,
    }
    repo = make_repo(files)
    [ep] = scan(repo).endpoints
    assert (ep.service, ep.topic.name, ep.ep.library) == ("consumer-logger", "topic1", "kafka-go")
    group = ep.settings["group.id"]
    compose_line = ln(COMPOSE, "groupID: logger-group")
    assert (group.value, group.loc) == ("logger-group", Loc("examples/docker-compose.yaml", compose_line))
    commit(
        repo,
        {
            "examples/docker-compose.yaml": COMPOSE.replace(
                "groupID: logger-group", "groupID: logger-group-v2"
            )
        },
    )
    [ep] = scan(repo).endpoints
    assert ep.settings["group.id"].value == "logger-group-v2"


# ------------------------------------------------------------------------------ 2/6. os.Args
def test_confluent_go_os_args_values_show_the_expression_at_their_definition():
    src = CK_CONSUMER_GO
    path = "examples/consumer_example/consumer_example.go"
    [ep] = run(src, path).endpoints
    assert ep.topic == TopicRef(
        text="topics", name=None, origin="unresolved", via=[Loc(path, ln(src, "topics := os.Args[3:]"))]
    )
    assert ep.settings["group.id"] == Setting(  # known only at run time: never compared
        "group.id", "os.Args[2]", Loc(path, ln(src, "group := os.Args[2]")), "group.id", unresolved=True
    )
    assert ep.settings["session.timeout.ms"] == Setting(
        "session.timeout.ms", "6000", Loc(path, ln(src, '"session.timeout.ms"')), "session.timeout.ms"
    )
    src = CK_PRODUCER_GO
    path = "examples/producer_example/producer_example.go"
    [ep] = run(src, path).endpoints
    assert ep.topic == TopicRef(
        text="topic", name=None, origin="unresolved", via=[Loc(path, ln(src, "topic := os.Args[2]"))]
    )
    assert ep.settings["bootstrap.servers"].loc == Loc(path, ln(src, "broker := os.Args[1]"))
