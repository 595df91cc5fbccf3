"""A Kafka Streams application.id and a Spring Cloud Stream binding group are consumer identities:
changing or dropping them restarts the consumer (Streams from earliest, with its state rebuilt).
Also the binder-level settings of a binding (its dead-letter queue)."""

from __future__ import annotations

from tests.review.helpers import above_info, only, review_of

POM = "<project><artifactId>{}</artifactId><dependencies><dependency><artifactId>{}</artifactId></dependency></dependencies></project>\n"
TOPOLOGY = """package com.acme.stock;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

@Configuration
@EnableKafkaStreams
public class StockTopology {
    @Bean
    public KTable<String, Long> levels(StreamsBuilder builder) {
        return builder.stream("stock-moves", Consumed.with(Serdes.String(), Serdes.Long()))
            .groupByKey()
            .reduce(Long::sum, Materialized.as("levels"));
    }
}
"""
STREAMS_YML = """spring:
  application:
    name: stock
  kafka:
    bootstrap-servers: kafka:9092
    streams:
      application-id: stock-levels
"""
PRODUCER = 'from confluent_kafka import Producer\n\np = Producer({"bootstrap.servers": "k:9092"})\np.produce("stock-moves", key="sku", value=b"1")\n'
STREAMS = {
    "stock/pom.xml": POM.format("stock", "kafka-streams"),
    "stock/src/main/resources/application.yml": STREAMS_YML,
    "stock/src/main/java/com/acme/stock/StockTopology.java": TOPOLOGY,
    "scanner/pyproject.toml": "[project]\nname = 'scanner'\n",
    "scanner/app.py": PRODUCER,
}


def cited(f) -> set[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    return {(c.path, c.start_line, c.side) for c in f.citations}


def test_spring_streams_application_id_change_cites_the_yaml_and_says_earliest(make_repo):
    yml = STREAMS_YML.replace("application-id: stock-levels", "application-id: stock-levels-v2")
    review, _ = review_of(make_repo, {"stock/src/main/resources/application.yml": yml}, STREAMS)
    f = only(review, "consumer-group-change")
    assert f.severity == "high" and "service:stock" in f.impacted
    assert ("stock/src/main/resources/application.yml", 7, "head") in cited(f)
    assert ("stock/src/main/resources/application.yml", 7, "base") in cited(f)
    assert "earliest" in f.reasoning and "changelog" in f.reasoning and "latest" not in f.reasoning


def test_dropping_the_application_id_lets_spring_application_name_take_over(make_repo):
    yml = STREAMS_YML.replace("    streams:\n      application-id: stock-levels\n", "")
    review, _ = review_of(make_repo, {"stock/src/main/resources/application.yml": yml}, STREAMS)
    f = only(review, "consumer-group-change")
    assert "`stock-levels`" in f.title and "`stock`" in f.title
    # the file that now sets the id (spring.application.name) and the line that set it before
    assert ("stock/src/main/resources/application.yml", 3, "head") in cited(f)
    assert ("stock/src/main/resources/application.yml", 7, "base") in cited(f)


PLAIN = """package com.acme.routes;

import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

public final class Routes {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "routes");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("requests").to("routes-planned");
        new KafkaStreams(builder.build(), props).start();
    }
}
"""


def test_an_application_id_moved_into_a_runtime_properties_file_is_quiet(make_repo):
    base = {
        "routes/pom.xml": POM.format("routes", "kafka-streams"),
        "routes/src/main/java/com/acme/routes/Routes.java": PLAIN,
        "scanner/pyproject.toml": "[project]\nname = 'scanner'\n",
        "scanner/app.py": PRODUCER.replace("stock-moves", "requests"),
    }
    loaded = PLAIN.replace(
        '        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "routes");\n        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");\n',
        '        try (InputStream in = Routes.class.getResourceAsStream("/streams.properties")) {\n            props.load(in);\n        }\n',
    )
    change = {"routes/src/main/java/com/acme/routes/Routes.java": loaded, "routes/src/main/resources/streams.properties": "application.id=routes\n"}
    review, _ = review_of(make_repo, change, base)
    assert "consumer-group-change" not in [r for r, _, _ in above_info(review)]


SCS_YML = """spring:
  cloud:
    function:
      definition: index
    stream:
      bindings:
        index-in-0:
          destination: product-updated
          group: indexer
"""
INDEXER = """package com.acme.search;

import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class Indexer {
    @Bean
    public Consumer<String> index() {
        return doc -> System.out.println(doc);
    }
}
"""
SCS = {
    "search/pom.xml": POM.format("search", "spring-cloud-stream-binder-kafka"),
    "search/src/main/resources/application.yml": SCS_YML,
    "search/src/main/java/com/acme/search/Indexer.java": INDEXER,
    "catalog/pyproject.toml": "[project]\nname = 'catalog'\n",
    "catalog/app.py": PRODUCER.replace("stock-moves", "product-updated"),
}


def test_a_binding_group_renamed_is_a_group_change_starting_from_earliest(make_repo):
    review, _ = review_of(make_repo, {"search/src/main/resources/application.yml": SCS_YML.replace("group: indexer", "group: search-indexer")}, SCS)
    f = only(review, "consumer-group-change")
    assert f.severity in ("medium", "high") and f.impacted[0] == "service:search"
    assert ("search/src/main/resources/application.yml", 9, "head") in cited(f)
    assert "earliest" in f.reasoning


def test_a_binding_group_dropped_becomes_an_anonymous_group(make_repo):
    review, _ = review_of(make_repo, {"search/src/main/resources/application.yml": SCS_YML.replace("          group: indexer\n", "")}, SCS)
    f = only(review, "consumer-group-change")
    assert f.severity == "high" and "anonymous" in f.title
    assert ("search/src/main/resources/application.yml", 9, "base") in cited(f)


def test_a_binding_with_its_group_unchanged_is_quiet(make_repo):
    yml = SCS_YML.replace("          group: indexer\n", "          group: indexer\n          consumer:\n            max-attempts: 3\n")
    review, _ = review_of(make_repo, {"search/src/main/resources/application.yml": yml}, SCS)
    assert "consumer-group-change" not in [r for r, _, _ in above_info(review)]


READER = """package main

import (
	"context"
	"os"

	"github.com/segmentio/kafka-go"
)

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: os.Getenv("groupID"),
		Topic:   "events",
	})
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			return
		}
		_ = m
	}
}
"""
COMPOSE = """services:
  audit:
    build: ./audit
    environment:
      GroupID: audit-group
  search:
    build: ./search
    environment:
      GroupID: search-group
"""
GO_MOD = "module github.com/acme/{}\n\ngo 1.22\n\nrequire github.com/segmentio/kafka-go v0.4.47\n"


def test_an_env_var_the_code_reads_now_set_by_compose_gives_consumers_a_group(make_repo):
    base = {
        "audit/go.mod": GO_MOD.format("audit"), "audit/main.go": READER,
        "search/go.mod": GO_MOD.format("search"), "search/main.go": READER,
        "docker-compose.yaml": COMPOSE,
    }
    review, _ = review_of(make_repo, {"docker-compose.yaml": COMPOSE.replace("GroupID:", "groupID:")}, base)
    f = only(review, "consumer-group-change")
    assert f.severity == "medium" and "`groupID`" in f.title
    assert f.impacted == ["service:audit", "service:search"]
    assert {(c.path, c.side) for c in f.citations} >= {("docker-compose.yaml", "head")}

    review, _ = review_of(make_repo, {"docker-compose.yaml": COMPOSE.replace("audit-group", "audit-group-2")}, base)
    assert "consumer-group-change" not in [r for r, _, _ in above_info(review)]


FAUST_APP = """import faust

app = faust.App("risk-v1", broker="kafka://kafka:9092", store="rocksdb://")
logins = app.topic("logins", value_type=bytes)
counts = app.Table("login-counts", default=int)


@app.agent(logins)
async def count(stream):
    async for user in stream:
        counts[user] += 1
"""


def test_a_faust_app_id_change_is_a_new_group_and_new_table_changelogs(make_repo):
    base = {
        "risk/pyproject.toml": "[project]\nname = 'risk'\ndependencies = ['faust-streaming']\n",
        "risk/app.py": FAUST_APP,
        "auth/pyproject.toml": "[project]\nname = 'auth'\n",
        "auth/app.py": PRODUCER.replace("stock-moves", "logins"),
    }
    review, _ = review_of(make_repo, {"risk/app.py": FAUST_APP.replace('"risk-v1"', '"risk-v2"')}, base)
    f = only(review, "consumer-group-change")
    assert f.severity == "high" and "service:risk" in f.impacted
    assert "Faust defaults to earliest" in f.reasoning and "changelog" in f.reasoning
    assert ("risk/app.py", 3, "head") in cited(f)


DLQ_YML = """spring:
  cloud:
    function:
      definition: index
    stream:
      kafka:
        bindings:
          index-in-0:
            consumer:
              enable-dlq: true
              dlq-name: product-updated.dlq
      bindings:
        index-in-0:
          destination: product-updated
          group: indexer
"""


def test_a_binder_dead_letter_queue_removed_is_error_handling_removed(make_repo):
    base = {**SCS, "search/src/main/resources/application.yml": DLQ_YML}
    gone = DLQ_YML.replace("        bindings:\n          index-in-0:\n            consumer:\n              enable-dlq: true\n              dlq-name: product-updated.dlq\n", "")
    review, _ = review_of(make_repo, {"search/src/main/resources/application.yml": gone}, base)
    f = only(review, "error-handling-removed")
    assert f.severity == "medium" and f.impacted == ["service:search"]
    assert [(c.path, c.start_line, c.side) for c in f.citations] == [("search/src/main/resources/application.yml", 10, "base")]
    off = DLQ_YML.replace("enable-dlq: true", "enable-dlq: false")
    review, _ = review_of(make_repo, {"search/src/main/resources/application.yml": off}, base)
    assert "switched off" in only(review, "error-handling-removed").title
    kept = DLQ_YML.replace("dlq-name: product-updated.dlq", "dlq-name: search.dlq")
    review, _ = review_of(make_repo, {"search/src/main/resources/application.yml": kept}, base)
    assert "error-handling-removed" not in [r for r, _, _ in above_info(review)]
