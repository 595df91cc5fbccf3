"""The extractors on more real public projects (second round): the Quarkus kafka-quickstart
(SmallRye ``@Channel`` streams), a Spring Cloud Stream Kotlin sample in the annotation style
(``@EnableBinding`` / ``@StreamListener`` / ``source.output().send``), sarama's ``http_server`` and
``exactly_once`` examples (per-constructor configs, command-line flags) and aiokafka's
``batch_produce`` example (``send_batch``).

The sources are the projects' own files, verbatim, except: the Kotlin files lose their license
header, and ``http_server.go``'s ``newDataCollector`` asks for ``sarama.WaitForAll`` as upstream sarama
does (the checked-out copy says ``WaitForLocal`` under the comment "Wait for all in-sync replicas"),
so its two producers differ in acks.  Line numbers come from `ln`, so every assertion is exact.
"""

from __future__ import annotations

from copilot.model.facts import Loc, Pending, SchemaRef, Setting, TopicRef
from copilot.scan.extractors import jvm, python
from copilot.scan.repo import scan
from tests.lang.helpers import go_scan


def ln(src: str, needle: str, nth: int = 1) -> int:
    """1-based line of the `nth` occurrence of `needle` in `src`."""
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def endpoints(facts) -> list[tuple]:
    return [(e.role, e.topic.pending or e.topic.name, e.topic.origin, e.loc.line, e.library) for e in facts.endpoints]


def settings(endpoint) -> dict[str, tuple[str, int]]:
    return {k: (s.value, s.loc.line) for k, s in endpoint.settings.items()}


def edges(result) -> set[tuple[str, str, str]]:
    return {(s, t, k) for s, t, k, _, _ in result.graph.edges() if k in ("produces", "consumes")}


POM = "<project><artifactId>{}</artifactId></project>\n"

# ------------------------------------------------------------------------------ sources
QUOTES_RESOURCE_JAVA = r"""package org.acme.kafka.producer;

import java.util.UUID;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.acme.kafka.model.Quote;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.smallrye.mutiny.Multi;

@Path("/quotes")
public class QuotesResource {

    @Channel("quote-requests")
    Emitter<String> quoteRequestEmitter;

    /**
     * Endpoint to generate a new quote request id and send it to "quote-requests" Kafka topic using the emitter.
     */
    @POST
    @Path("/request")
    @Produces(MediaType.TEXT_PLAIN)
    public String createRequest() {
        UUID uuid = UUID.randomUUID();
        quoteRequestEmitter.send(uuid.toString());
        return uuid.toString();
    }

    @Channel("quotes")
    Multi<Quote> quotes;

    /**
     * Endpoint retrieving the "quotes" Kafka topic and sending the items to a server sent event.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS) // denotes that server side events (SSE) will be produced
    public Multi<Quote> stream() {
        return quotes.log();
    }
}
"""

QUOTES_PROCESSOR_JAVA = r"""package org.acme.kafka.processor;

import java.util.Random;

import javax.enterprise.context.ApplicationScoped;

import org.acme.kafka.model.Quote;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * A bean consuming data from the "quote-requests" Kafka topic (mapped to "requests" channel) and giving out a random quote.
 * The result is pushed to the "quotes" Kafka topic.
 */
@ApplicationScoped
public class QuotesProcessor {

    private Random random = new Random();

    @Incoming("requests")
    @Outgoing("quotes")
    @Blocking
    public Quote toQuote(String requestId) throws InterruptedException {
        // simulate some hard working task
        Thread.sleep(200);
        return new Quote(requestId);
    }
}
"""

PRODUCER_PROPERTIES = r"""# Configure the outgoing `quote-requests` Kafka topic
mp.messaging.outgoing.quote-requests.connector=smallrye-kafka

# Configure the incoming `quotes` Kafka topic
mp.messaging.incoming.quotes.connector=smallrye-kafka
"""

PROCESSOR_PROPERTIES = r"""%dev.quarkus.http.port=8081

# Configure the incoming `quote-requests` Kafka topic
mp.messaging.incoming.requests.connector=smallrye-kafka
mp.messaging.incoming.requests.topic=quote-requests
mp.messaging.incoming.requests.auto.offset.reset=latest

# Configure the outgoing `quotes` Kafka topic
mp.messaging.outgoing.quotes.connector=smallrye-kafka
mp.messaging.outgoing.quotes.value.serializer=io.quarkus.kafka.client.serialization.ObjectMapperSerializer
"""

CUSTOMER_APP_KT = r"""package kafka.e2e.customer

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.cloud.stream.annotation.EnableBinding
import org.springframework.cloud.stream.messaging.Source

/**
 * @author José A. Íñigo
 */
@EnableBinding(Source::class)
@SpringBootApplication
class CustomerServiceApplication

fun main(args: Array<String>) {
    runApplication<CustomerServiceApplication>(*args)
}
"""

CUSTOMER_SERVICE_IMPL_KT = r"""package kafka.e2e.customer.service

import kafka.e2e.customer.Customer
import org.springframework.cloud.stream.messaging.Source
import org.springframework.kafka.support.KafkaHeaders
import org.springframework.messaging.support.MessageBuilder
import org.springframework.stereotype.Service

/**
 * @author José A. Íñigo
 */
@Service
class CustomerServiceImpl(private val customerKafkaProducer: Source) : CustomerService {

    override fun save(customer: Customer) {
        val message = MessageBuilder.withPayload(customer).setHeader(KafkaHeaders.MESSAGE_KEY, customer.getId()).build()
        customerKafkaProducer.output().send(message)
    }
}
"""

CUSTOMER_YML = r"""spring:
  application:
    name: customer-service
  cloud:
    stream:
#      schema-registry-client:
#        endpoint: http://localhost:8081
      kafka:
        bindings:
          output:
            producer:
              configuration:
                key:
                  serializer: org.apache.kafka.common.serialization.IntegerSerializer
                value:
                  serializer: io.confluent.kafka.serializers.KafkaAvroSerializer
                  subject:
                    name:
                      strategy: io.confluent.kafka.serializers.subject.RecordNameStrategy
                schema:
                  registry:
                    url: http://localhost:8081
      bindings:
        output:
          destination: customer
          producer:
            useNativeEncoding: true

server:
  port: 8084

"""

ORDER_APP_KT = r"""package kafka.e2e.order

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.cloud.stream.annotation.EnableBinding
import org.springframework.cloud.stream.messaging.Source
import org.springframework.cloud.stream.schema.client.EnableSchemaRegistryClient

/**
 * @author José A. Íñigo
 */
@EnableSchemaRegistryClient
@EnableBinding(Source::class)
@SpringBootApplication
class OrderServiceApplication

fun main(args: Array<String>) {
    runApplication<OrderServiceApplication>(*args)
}
"""

ORDER_PRODUCER_KT = r"""package kafka.e2e.order.producer

import kafka.e2e.order.OrderCreatedEvent
import kafka.e2e.order.dto.Order
import org.springframework.cloud.stream.messaging.Source
import org.springframework.kafka.support.KafkaHeaders
import org.springframework.messaging.support.MessageBuilder
import org.springframework.stereotype.Component

/**
 * @author José A. Íñigo
 */
@Component
class OrderProducer(private val source: Source) {

    fun publishOrderCreatedEvent(order: Order) {
        val event = OrderCreatedEvent(order.id, order.productId, order.customerId)
        source.output().send(MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.MESSAGE_KEY, order.id).build())
    }

}
"""

ORDER_YML = r"""spring:
  application:
    name: order-service
  cloud:
    stream:
#      schema-registry-client:
#        endpoint: http://localhost:8081
      kafka:
        bindings:
          output:
            producer:
              configuration:
                key:
                  serializer: org.apache.kafka.common.serialization.IntegerSerializer
                value:
                  serializer: io.confluent.kafka.serializers.KafkaAvroSerializer
                  subject:
                    name:
                      strategy: io.confluent.kafka.serializers.subject.RecordNameStrategy
                schema:
                  registry:
                    url: http://localhost:8081
      bindings:
        output:
          destination: orders
          producer:
            useNativeEncoding: true

server:
  port: 8085

"""

SHIPPING_APP_KT = r"""package kafka.e2e.shipping

import kafka.e2e.shipping.stream.ShippingKStreamProcessor
import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.cloud.stream.annotation.EnableBinding

/**
 * @author José A. Íñigo
 */
@EnableBinding(ShippingKStreamProcessor::class)
@SpringBootApplication
class ShippingServiceApplication

fun main(args: Array<String>) {
    runApplication<ShippingServiceApplication>(*args)
}
"""

SHIPPING_PROCESSOR_KT = r"""package kafka.e2e.shipping.stream

import kafka.e2e.customer.Customer
import kafka.e2e.order.OrderCreatedEvent
import kafka.e2e.shipping.OrderShippedEvent
import org.apache.kafka.streams.kstream.KStream
import org.springframework.cloud.stream.annotation.Input
import org.springframework.cloud.stream.annotation.Output

/**
 * @author José A. Íñigo
 */
interface ShippingKStreamProcessor {

    @Input("input")
    fun input(): KStream<Int, Customer>

    @Input("order")
    fun order(): KStream<String, OrderCreatedEvent>

    @Output("output")
    fun output(): KStream<String, OrderShippedEvent>

}
"""

SHIPPING_CONFIGURATION_KT = r"""package kafka.e2e.shipping.stream

import io.confluent.kafka.serializers.AbstractKafkaAvroSerDeConfig
import io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde
import kafka.e2e.customer.Customer
import kafka.e2e.order.OrderCreatedEvent
import kafka.e2e.shipping.OrderShippedEvent
import org.apache.avro.generic.GenericRecord
import org.apache.kafka.common.serialization.Serdes
import org.apache.kafka.common.utils.Bytes
import org.apache.kafka.streams.KeyValue
import org.apache.kafka.streams.kstream.*
import org.apache.kafka.streams.state.KeyValueStore
import org.springframework.cloud.stream.annotation.Input
import org.springframework.cloud.stream.annotation.StreamListener
import org.springframework.context.annotation.Configuration
import org.springframework.messaging.handler.annotation.SendTo

/**
 * @author José A. Íñigo
 */
@Suppress("UNCHECKED_CAST")
@Configuration
class ShippingKStreamConfiguration {

    @StreamListener
    @SendTo("output")
    fun process(@Input("input") input: KStream<Int, Customer>, @Input("order") orderEvent: KStream<Int, GenericRecord>): KStream<Int, OrderShippedEvent> {

        val serdeConfig = mapOf(
                AbstractKafkaAvroSerDeConfig.SCHEMA_REGISTRY_URL_CONFIG to "http://localhost:8081")

        val intSerde = Serdes.IntegerSerde()
        val customerSerde = SpecificAvroSerde<Customer>()
        customerSerde.configure(serdeConfig, false)
        val orderCreatedSerde = SpecificAvroSerde<OrderCreatedEvent>()
        orderCreatedSerde.configure(serdeConfig, false)
        val orderShippedSerde = SpecificAvroSerde<OrderShippedEvent>()
        orderShippedSerde.configure(serdeConfig, false)

        val stateStore: Materialized<Int, Customer, KeyValueStore<Bytes, ByteArray>> =
                Materialized.`as`<Int, Customer, KeyValueStore<Bytes, ByteArray>>("customer-store")

        val customerTable: KTable<Int, Customer> = input.groupByKey()
                .reduce({ _, y -> y }, stateStore)

        return (orderEvent.filter { _, value -> value.schema.name == "OrderCreatedEvent" }
                .map { key, value -> KeyValue(key, OrderCreatedEvent(value.get("id") as Int, value.get("productId") as Int, value.get("customerId") as Int)) }
                .selectKey { _, value -> value.customerId } as KStream<Int, OrderCreatedEvent>)
                .join(customerTable, { orderIt, customer ->
                    OrderShippedEvent(orderIt.id, orderIt.productId, customer.name, customer.address)
                }, Joined.with(intSerde, orderCreatedSerde, customerSerde))
                .selectKey { _, value -> value.id }
    }

}
"""

SHIPPING_YML = r"""spring:
  application:
    name: shipping-service
  cloud:
    stream:
      kafka:
        streams:
          binder:
            configuration:
              application:
                id: shipping-service
              schema:
                registry:
                  url: http://localhost:8081
              value:
                subject:
                  name:
                    strategy: io.confluent.kafka.serializers.subject.RecordNameStrategy
          bindings:
            input:
              consumer:
                valueSerde: io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde
            order:
              consumer:
                valueSerde: io.confluent.kafka.streams.serdes.avro.GenericAvroSerde
            output:
              producer:
                valueSerde: io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde
      bindings:
        input:
          destination: customer
        order:
          destination: order
        output:
          destination: order

server:
  port: 8086

logging:
  level:
    org.springframework.kafka.config: debug
"""

HTTP_SERVER_GO = r"""package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/Shopify/sarama"
)

const accessLogTopic = "access_log"

var (
	addr          = flag.String("addr", ":8080", "The address to bind to")
	brokers       = flag.String("brokers", os.Getenv("KAFKA_PEERS"), "The Kafka brokers to connect to, as a comma separated list")
	verbose       = flag.Bool("verbose", false, "Turn on Sarama logging")
	certFile      = flag.String("certificate", "", "The optional certificate file for client authentication")
	keyFile       = flag.String("key", "", "The optional key file for client authentication")
	caFile        = flag.String("ca", "", "The optional certificate authority file for TLS client authentication")
	tlsSkipVerify = flag.Bool("tls-skip-verify", false, "Whether to skip TLS server cert verification")
)

func main() {
	flag.Parse()

	if *verbose {
		sarama.Logger = log.New(os.Stdout, "[sarama] ", log.LstdFlags)
	}

	if *brokers == "" {
		flag.PrintDefaults()
		os.Exit(1)
	}

	brokerAddrs := strings.Split(*brokers, ",")
	log.Printf("Kafka brokers: %s", strings.Join(brokerAddrs, ", "))

	server := &Server{
		DataCollector:     newDataCollector(brokerAddrs),
		AccessLogProducer: newAccessLogProducer(brokerAddrs),
	}
	defer func() {
		if err := server.Close(); err != nil {
			log.Println("Failed to close server", err)
		}
	}()

	log.Fatal(server.Run(*addr))
}

func createTlsConfiguration() (t *tls.Config) {
	if *certFile != "" && *keyFile != "" && *caFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			log.Fatal(err)
		}

		caCert, err := os.ReadFile(*caFile)
		if err != nil {
			log.Fatal(err)
		}

		caCertPool := x509.NewCertPool()
		caCertPool.AppendCertsFromPEM(caCert)

		t = &tls.Config{
			Certificates:       []tls.Certificate{cert},
			RootCAs:            caCertPool,
			InsecureSkipVerify: *tlsSkipVerify,
		}
	}
	// will be nil by default if nothing is provided
	return t
}

type Server struct {
	DataCollector     sarama.SyncProducer
	AccessLogProducer sarama.AsyncProducer
}

func (s *Server) Close() error {
	if err := s.DataCollector.Close(); err != nil {
		log.Println("Failed to shut down data collector cleanly", err)
	}

	if err := s.AccessLogProducer.Close(); err != nil {
		log.Println("Failed to shut down access log producer cleanly", err)
	}

	return nil
}

func (s *Server) Handler() http.Handler {
	return s.withAccessLog(s.collectQueryStringData())
}

func (s *Server) Run(addr string) error {
	httpServer := &http.Server{
		Addr:    addr,
		Handler: s.Handler(),
	}

	log.Printf("Listening for requests on %s...\n", addr)
	return httpServer.ListenAndServe()
}

func (s *Server) collectQueryStringData() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}

		// We are not setting a message key, which means that all messages will
		// be distributed randomly over the different partitions.
		partition, offset, err := s.DataCollector.SendMessage(&sarama.ProducerMessage{
			Topic: "important",
			Value: sarama.StringEncoder(r.URL.RawQuery),
		})

		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, "Failed to store your data: %s", err)
		} else {
			// The tuple (topic, partition, offset) can be used as a unique identifier
			// for a message in a Kafka cluster.
			fmt.Fprintf(w, "Your data is stored with unique identifier important/%d/%d", partition, offset)
		}
	})
}

type accessLogEntry struct {
	Method       string  `json:"method"`
	Host         string  `json:"host"`
	Path         string  `json:"path"`
	IP           string  `json:"ip"`
	ResponseTime float64 `json:"response_time"`

	encoded []byte
	err     error
}

func (ale *accessLogEntry) ensureEncoded() {
	if ale.encoded == nil && ale.err == nil {
		ale.encoded, ale.err = json.Marshal(ale)
	}
}

func (ale *accessLogEntry) Length() int {
	ale.ensureEncoded()
	return len(ale.encoded)
}

func (ale *accessLogEntry) Encode() ([]byte, error) {
	ale.ensureEncoded()
	return ale.encoded, ale.err
}

func (s *Server) withAccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()

		next.ServeHTTP(w, r)

		entry := &accessLogEntry{
			Method:       r.Method,
			Host:         r.Host,
			Path:         r.RequestURI,
			IP:           r.RemoteAddr,
			ResponseTime: float64(time.Since(started)) / float64(time.Second),
		}

		// We will use the client's IP address as key. This will cause
		// all the access log entries of the same IP address to end up
		// on the same partition.
		s.AccessLogProducer.Input() <- &sarama.ProducerMessage{
			Topic: accessLogTopic,
			Key:   sarama.StringEncoder(r.Host),
			Value: entry,
		}
	})
}

func newDataCollector(brokerAddrs []string) sarama.SyncProducer {
	// For the data collector, we are looking for strong consistency semantics.
	// Because we don't change the flush settings, sarama will try to produce messages
	// as fast as possible to keep latency low.
	config := sarama.NewConfig()
	config.Producer.RequiredAcks = sarama.WaitForAll // Wait for all in-sync replicas to ack the message
	config.Producer.Retry.Max = 10                   // Retry up to 10 times to produce the message
	config.Producer.Return.Successes = true
	tlsConfig := createTlsConfiguration()
	if tlsConfig != nil {
		config.Net.TLS.Config = tlsConfig
		config.Net.TLS.Enable = true
	}

	// On the broker side, you may want to change the following settings to get
	// stronger consistency guarantees:
	// - For your broker, set `unclean.leader.election.enable` to false
	// - For the topic, you could increase `min.insync.replicas`.

	producer, err := sarama.NewSyncProducer(brokerAddrs, config)
	if err != nil {
		log.Fatalln("Failed to start Sarama producer:", err)
	}

	return producer
}

func newAccessLogProducer(brokerAddrs []string) sarama.AsyncProducer {
	// For the access log, we are looking for AP semantics, with high throughput.
	// By creating batches of compressed messages, we reduce network I/O at a cost of more latency.
	config := sarama.NewConfig()
	tlsConfig := createTlsConfiguration()
	if tlsConfig != nil {
		config.Net.TLS.Enable = true
		config.Net.TLS.Config = tlsConfig
	}
	config.Producer.RequiredAcks = sarama.WaitForLocal       // Only wait for the leader to ack
	config.Producer.Compression = sarama.CompressionSnappy   // Compress messages
	config.Producer.Flush.Frequency = 500 * time.Millisecond // Flush batches every 500ms

	producer, err := sarama.NewAsyncProducer(brokerAddrs, config)
	if err != nil {
		log.Fatalln("Failed to start Sarama producer:", err)
	}

	return producer
}
"""

EXACTLY_ONCE_GO = (  # tabs escaped: its block comments indent with a tab and a space
    """package main

// SIGUSR1 toggle the pause/resume consumption
import (
\t"context"
\t"errors"
\t"flag"
\t"fmt"
\t"log"
\t"os"
\t"os/signal"
\t"strings"
\t"sync"
\t"syscall"
\t"time"

\t"github.com/IBM/sarama"
)

// Sarama configuration options
var (
\tbrokers          = ""
\tversion          = ""
\tgroup            = ""
\ttopics           = ""
\tdestinationTopic = ""
\toldest           = true
\tverbose          = false
)

func init() {
\tflag.StringVar(&brokers, "brokers", "", "Kafka bootstrap brokers to connect to, as a comma separated list")
\tflag.StringVar(&group, "group", "", "Kafka consumer group definition")
\tflag.StringVar(&version, "version", sarama.DefaultVersion.String(), "Kafka cluster version")
\tflag.StringVar(&topics, "topics", "", "Kafka topics to be consumed, as a comma separated list")
\tflag.StringVar(&destinationTopic, "destination-topic", "", "Kafka topic where records will be copied from topics.")
\tflag.StringVar(&assignor, "assignor", "range", "Consumer group partition assignment strategy (range, roundrobin, sticky)")
\tflag.BoolVar(&oldest, "oldest", true, "Kafka consumer consume initial offset from oldest")
\tflag.BoolVar(&verbose, "verbose", false, "Sarama logging")
\tflag.Parse()

\tif len(brokers) == 0 {
\t\tpanic("no Kafka bootstrap brokers defined, please set the -brokers flag")
\t}

\tif len(topics) == 0 {
\t\tpanic("no topics given to be consumed, please set the -topics flag")
\t}

\tif len(destinationTopic) == 0 {
\t\tpanic("no destination topics given to be consumed, please set the -destination-topics flag")
\t}

\tif len(group) == 0 {
\t\tpanic("no Kafka consumer group defined, please set the -group flag")
\t}
}

func main() {
\tkeepRunning := true
\tlog.Println("Starting a new Sarama consumer")

\tif verbose {
\t\tsarama.Logger = log.New(os.Stdout, "[sarama] ", log.LstdFlags)
\t}

\tversion, err := sarama.ParseKafkaVersion(version)
\tif err != nil {
\t\tlog.Panicf("Error parsing Kafka version: %v", err)
\t}

\t/**
\t * Construct a new Sarama configuration.
\t * The Kafka cluster version has to be defined before the consumer/producer is initialized.
\t */
\tconfig := sarama.NewConfig()
\tconfig.Version = version

\tswitch assignor {
\tcase "sticky":
\t\tconfig.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategySticky()}
\tcase "roundrobin":
\t\tconfig.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategyRoundRobin()}
\tcase "range":
\t\tconfig.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategyRange()}
\tdefault:
\t\tlog.Panicf("Unrecognized consumer group partition assignor: %s", assignor)
\t}

\tif oldest {
\t\tconfig.Consumer.Offsets.Initial = sarama.OffsetOldest
\t}

\tconfig.Consumer.IsolationLevel = sarama.ReadCommitted
\tconfig.Consumer.Offsets.AutoCommit.Enable = true

\tproducerProvider := newProducerProvider(strings.Split(brokers, ","), func() *sarama.Config {
\t\tproducerConfig := sarama.NewConfig()
\t\tproducerConfig.Version = version

\t\tproducerConfig.Net.MaxOpenRequests = 1
\t\tproducerConfig.Producer.RequiredAcks = sarama.WaitForAll
\t\tproducerConfig.Producer.Idempotent = true
\t\tproducerConfig.Producer.Transaction.ID = "sarama"
\t\treturn producerConfig
\t})

\t/**
\t * Setup a new Sarama consumer group
\t */
\tconsumer := Consumer{
\t\tgroupId:          group,
\t\tbrokers:          strings.Split(brokers, ","),
\t\tproducerProvider: producerProvider,
\t\tready:            make(chan bool),
\t}

\tctx, cancel := context.WithCancel(context.Background())
\tclient, err := sarama.NewConsumerGroup(strings.Split(brokers, ","), group, config)
\tif err != nil {
\t\tlog.Panicf("Error creating consumer group client: %v", err)
\t}

\tconsumptionIsPaused := false
\twg := &sync.WaitGroup{}
\twg.Add(1)
\tgo func() {
\t\tdefer wg.Done()
\t\tfor {
\t\t\t// `Consume` should be called inside an infinite loop, when a
\t\t\t// server-side rebalance happens, the consumer session will need to be
\t\t\t// recreated to get the new claims
\t\t\tif err := client.Consume(ctx, strings.Split(topics, ","), &consumer); err != nil {
\t\t\t\tif errors.Is(err, sarama.ErrClosedConsumerGroup) {
\t\t\t\t\treturn
\t\t\t\t}
\t\t\t\tlog.Panicf("Error from consumer: %v", err)
\t\t\t}
\t\t\t// check if context was cancelled, signaling that the consumer should stop
\t\t\tif ctx.Err() != nil {
\t\t\t\treturn
\t\t\t}
\t\t\tconsumer.ready = make(chan bool)
\t\t}
\t}()

\t<-consumer.ready // Await till the consumer has been set up
\tlog.Println("Sarama consumer up and running!...")

\tsigusr1 := make(chan os.Signal, 1)
\tsignal.Notify(sigusr1, syscall.SIGUSR1)

\tsigterm := make(chan os.Signal, 1)
\tsignal.Notify(sigterm, syscall.SIGINT, syscall.SIGTERM)

\tfor keepRunning {
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\tlog.Println("terminating: context cancelled")
\t\t\tkeepRunning = false
\t\tcase <-sigterm:
\t\t\tlog.Println("terminating: via signal")
\t\t\tkeepRunning = false
\t\tcase <-sigusr1:
\t\t\ttoggleConsumptionFlow(client, &consumptionIsPaused)
\t\t}
\t}
\tcancel()
\twg.Wait()

\tproducerProvider.clear()

\tif err = client.Close(); err != nil {
\t\tlog.Panicf("Error closing client: %v", err)
\t}
}

func toggleConsumptionFlow(client sarama.ConsumerGroup, isPaused *bool) {
\tif *isPaused {
\t\tclient.ResumeAll()
\t\tlog.Println("Resuming consumption")
\t} else {
\t\tclient.PauseAll()
\t\tlog.Println("Pausing consumption")
\t}

\t*isPaused = !*isPaused
}

// Consumer represents a Sarama consumer group consumer
type Consumer struct {
\tready            chan bool
\tgroupId          string
\tbrokers          []string
\tproducerProvider *producerProvider
}

// Setup is run at the beginning of a new session, before ConsumeClaim
func (consumer *Consumer) Setup(session sarama.ConsumerGroupSession) error {
\t// Mark the consumer as ready
\tclose(consumer.ready)
\treturn nil
}

// Cleanup is run at the end of a session, once all ConsumeClaim goroutines have exited
func (consumer *Consumer) Cleanup(sarama.ConsumerGroupSession) error {
\treturn nil
}

// ConsumeClaim must start a consumer loop of ConsumerGroupClaim's Messages().
// Once the Messages() channel is closed, the Handler must finish its processing
// loop and exit.
func (consumer *Consumer) ConsumeClaim(session sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
\t// NOTE:
\t// Do not move the code below to a goroutine.
\t// The `ConsumeClaim` itself is called within a goroutine, see:
\t// https://github.com/IBM/sarama/blob/main/consumer_group.go#L27-L2
\tfor {
\t\tselect {
\t\tcase message, ok := <-claim.Messages():
\t\t\tif !ok {
\t\t\t\tlog.Printf("message channel was closed")
\t\t\t\treturn nil
\t\t\t}
\t\t\tfunc() {
\t\t\t\tproducer := consumer.producerProvider.borrow(message.Topic, message.Partition)
\t\t\t\tdefer consumer.producerProvider.release(message.Topic, message.Partition, producer)

\t\t\t\tstartTime := time.Now()

\t\t\t\t// BeginTxn must be called before any messages.
\t\t\t\terr := producer.BeginTxn()
\t\t\t\tif err != nil {
\t\t\t\t\tlog.Printf("Message consumer: unable to start transaction: %+v", err)
\t\t\t\t\treturn
\t\t\t\t}
\t\t\t\t// Produce current record in producer transaction.
\t\t\t\tproducer.Input() <- &sarama.ProducerMessage{
\t\t\t\t\tTopic: destinationTopic,
\t\t\t\t\tKey:   sarama.ByteEncoder(message.Key),
\t\t\t\t\tValue: sarama.ByteEncoder(message.Value),
\t\t\t\t}

\t\t\t\t// You can add current message to this transaction
\t\t\t\terr = producer.AddMessageToTxn(message, consumer.groupId, nil)
\t\t\t\tif err != nil {
\t\t\t\t\tlog.Println("error on AddMessageToTxn")
\t\t\t\t\tconsumer.handleTxnError(producer, message, session, err, func() error {
\t\t\t\t\t\treturn producer.AddMessageToTxn(message, consumer.groupId, nil)
\t\t\t\t\t})
\t\t\t\t\treturn
\t\t\t\t}

\t\t\t\t// Commit producer transaction.
\t\t\t\terr = producer.CommitTxn()
\t\t\t\tif err != nil {
\t\t\t\t\tlog.Println("error on CommitTxn")
\t\t\t\t\tconsumer.handleTxnError(producer, message, session, err, func() error {
\t\t\t\t\t\treturn producer.CommitTxn()
\t\t\t\t\t})
\t\t\t\t\treturn
\t\t\t\t}
\t\t\t\tlog.Printf("Message claimed [%s]: value = %s, timestamp = %v, topic = %s, partition = %d", time.Since(startTime), string(message.Value), message.Timestamp, message.Topic, message.Partition)
\t\t\t}()
\t\t// Should return when `session.Context()` is done.
\t\t// If not, will raise `ErrRebalanceInProgress` or `read tcp <ip>:<port>: i/o timeout` when kafka rebalance. see:
\t\t// https://github.com/IBM/sarama/issues/1192
\t\tcase <-session.Context().Done():
\t\t\treturn nil
\t\t}
\t}
}

func (consumer *Consumer) handleTxnError(producer sarama.AsyncProducer, message *sarama.ConsumerMessage, session sarama.ConsumerGroupSession, err error, defaulthandler func() error) {
\tlog.Printf("Message consumer: unable to process transaction: %+v", err)
\tfor {
\t\tif producer.TxnStatus()&sarama.ProducerTxnFlagFatalError != 0 {
\t\t\t// fatal error. need to recreate producer.
\t\t\tlog.Printf("Message consumer: producer is in a fatal state, need to recreate it")
\t\t\t// reset current consumer offset to retry consume this record.
\t\t\tsession.ResetOffset(message.Topic, message.Partition, message.Offset, "")
\t\t\treturn
\t\t}
\t\tif producer.TxnStatus()&sarama.ProducerTxnFlagAbortableError != 0 {
\t\t\terr = producer.AbortTxn()
\t\t\tif err != nil {
\t\t\t\tlog.Printf("Message consumer: unable to abort transaction: %+v", err)
\t\t\t\tcontinue
\t\t\t}
\t\t\t// reset current consumer offset to retry consume this record.
\t\t\tsession.ResetOffset(message.Topic, message.Partition, message.Offset, "")
\t\t\treturn
\t\t}
\t\t// if not you can retry
\t\terr = defaulthandler()
\t\tif err == nil {
\t\t\treturn
\t\t}
\t}
}

type topicPartition struct {
\ttopic     string
\tpartition int32
}

type producerProvider struct {
\tproducersLock sync.Mutex
\tproducers     map[topicPartition][]sarama.AsyncProducer

\tproducerProvider func(topic string, partition int32) sarama.AsyncProducer
}

func newProducerProvider(brokers []string, producerConfigurationProvider func() *sarama.Config) *producerProvider {
\tprovider := &producerProvider{
\t\tproducers: make(map[topicPartition][]sarama.AsyncProducer),
\t}
\tprovider.producerProvider = func(topic string, partition int32) sarama.AsyncProducer {
\t\tconfig := producerConfigurationProvider()
\t\tif config.Producer.Transaction.ID != "" {
\t\t\tconfig.Producer.Transaction.ID = config.Producer.Transaction.ID + "-" + topic + "-" + fmt.Sprint(partition)
\t\t}
\t\tproducer, err := sarama.NewAsyncProducer(brokers, config)
\t\tif err != nil {
\t\t\treturn nil
\t\t}
\t\treturn producer
\t}
\treturn provider
}

func (p *producerProvider) borrow(topic string, partition int32) (producer sarama.AsyncProducer) {
\tp.producersLock.Lock()
\tdefer p.producersLock.Unlock()

\ttp := topicPartition{topic: topic, partition: partition}

\tif producers, ok := p.producers[tp]; !ok || len(producers) == 0 {
\t\tfor {
\t\t\tproducer = p.producerProvider(topic, partition)
\t\t\tif producer != nil {
\t\t\t\treturn
\t\t\t}
\t\t}
\t}

\tindex := len(p.producers[tp]) - 1
\tproducer = p.producers[tp][index]
\tp.producers[tp] = p.producers[tp][:index]
\treturn
}

func (p *producerProvider) release(topic string, partition int32, producer sarama.AsyncProducer) {
\tp.producersLock.Lock()
\tdefer p.producersLock.Unlock()

\tif producer.TxnStatus()&sarama.ProducerTxnFlagInError != 0 {
\t\t// Try to close it
\t\t_ = producer.Close()
\t\treturn
\t}
\ttp := topicPartition{topic: topic, partition: partition}
\tp.producers[tp] = append(p.producers[tp], producer)
}

func (p *producerProvider) clear() {
\tp.producersLock.Lock()
\tdefer p.producersLock.Unlock()

\tfor _, producers := range p.producers {
\t\tfor _, producer := range producers {
\t\t\tproducer.Close()
\t\t}
\t}
\tfor _, producers := range p.producers {
\t\tproducers = producers[:0]
\t}
}
"""
)

BATCH_PRODUCE_PY = r"""import asyncio
import random

from aiokafka.producer import AIOKafkaProducer

loop = asyncio.get_event_loop()


async def send_many(num):
    topic  = "my_topic"
    producer = AIOKafkaProducer(loop=loop)
    await producer.start()

    batch = producer.create_batch()

    i = 0
    while i < num:
        msg = ("Test message %d" % i).encode("utf-8")
        size = batch.append(key=None, value=msg, timestamp=None)
        if size == 0:
            partitions = await producer.partitions_for(topic)
            partition = random.choice(tuple(partitions))
            await producer.send_batch(batch, topic, partition=partition)
            batch = producer.create_batch()
            continue
        i += 1
    partitions = await producer.partitions_for(topic)
    partition = random.choice(tuple(partitions))
    await producer.send_batch(batch, topic, partition=partition)
    await producer.stop()


loop.run_until_complete(send_many(100))
loop.close()
"""


# ------------------------------------------------------------------------------ 1. SmallRye @Channel streams
QUOTES_RESOURCE = "producer/src/main/java/org/acme/kafka/producer/QuotesResource.java"
QUOTES_PROCESSOR = "processor/src/main/java/org/acme/kafka/processor/QuotesProcessor.java"


def test_smallrye_channel_multi_field_is_a_consumer_and_only_the_emitter_produces():
    src = QUOTES_RESOURCE_JAVA
    facts = jvm.extract(QUOTES_RESOURCE, src.encode())
    assert endpoints(facts) == [
        ("consume", Pending("channel", "incoming:quotes"), "channel", ln(src, '@Channel("quotes")'), "smallrye"),
        ("produce", Pending("channel", "outgoing:quote-requests"), "channel", ln(src, "quoteRequestEmitter.send"),
         "smallrye"),
    ]
    quotes, requests = facts.endpoints
    assert (quotes.client, quotes.handler, quotes.end_line) == ("quotes", "stream", ln(src, "Multi<Quote> quotes;"))
    assert quotes.schema == SchemaRef("name", "org.acme.kafka.model.Quote", Loc(QUOTES_RESOURCE, ln(src, "Multi<Quote> quotes;")))
    assert (requests.client, requests.value, requests.awaits_ack) == ("quoteRequestEmitter", "uuid.toString()", False)
    assert requests.topic.via == [Loc(QUOTES_RESOURCE, ln(src, "Emitter<String> quoteRequestEmitter;"))]
    assert facts.handlers == []  # `return quotes.log()` reads the stream: no send, no record handler


QUOTE_STREAMS_JAVA = """\
package org.acme.kafka.consumer;

import java.util.concurrent.Flow;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import org.acme.kafka.model.Quote;
import org.acme.kafka.model.Tick;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.reactivestreams.Publisher;

@ApplicationScoped
public class QuoteStreams {

    @Inject
    @Channel("prices")
    Publisher<Double> prices;

    @Inject
    @Channel("quotes-raw")
    Flow.Publisher<Message<Quote>> raw;

    @Inject
    @Channel("alerts")
    @Broadcast
    Emitter<Quote> alerts;

    @Inject
    @Channel("audit")
    MutinyEmitter<String> audit;

    private final Multi<Message<Tick>> ticks;

    public QuoteStreams(@Channel("ticks") Multi<Message<Tick>> ticks) {
        this.ticks = ticks;
    }

    public Multi<Double> stream() {
        return Multi.createFrom().publisher(prices);
    }

    public void ping(String id) {
        audit.sendAndAwait(id);
    }
}
"""


def test_smallrye_publisher_flow_publisher_and_message_streams_consume_emitters_produce():
    src = QUOTE_STREAMS_JAVA
    path = "consumer/src/main/java/org/acme/kafka/consumer/QuoteStreams.java"
    facts = jvm.extract(path, src.encode())
    assert endpoints(facts) == [
        ("consume", Pending("channel", "incoming:prices"), "channel", ln(src, '@Channel("prices")'), "smallrye"),
        ("consume", Pending("channel", "incoming:quotes-raw"), "channel", ln(src, '@Channel("quotes-raw")'), "smallrye"),
        ("consume", Pending("channel", "incoming:ticks"), "channel", ln(src, '@Channel("ticks")'), "smallrye"),
        ("produce", Pending("channel", "outgoing:audit"), "channel", ln(src, "audit.sendAndAwait"), "smallrye"),
        ("produce", Pending("channel", "outgoing:alerts"), "channel", ln(src, "Emitter<Quote> alerts;"), "smallrye"),
    ]
    prices, raw, ticks, audit, alerts = facts.endpoints
    assert [(e.client, e.handler) for e in (prices, raw, ticks)] == [("prices", "stream"), ("raw", None), ("ticks", None)]
    assert prices.schema is None  # Publisher<Double>
    assert raw.schema == SchemaRef("name", "org.acme.kafka.model.Quote", Loc(path, ln(src, "Flow.Publisher<Message<Quote>>")))
    assert ticks.schema == SchemaRef("name", "org.acme.kafka.model.Tick", Loc(path, ln(src, '@Channel("ticks")')))
    assert (audit.client, audit.value, audit.awaits_ack) == ("audit", "id", True)
    assert (alerts.client, alerts.schema) == ("alerts", SchemaRef("name", "org.acme.kafka.model.Quote", Loc(path, ln(src, "Emitter<Quote> alerts;"))))


def test_smallrye_kotlin_channel_streams_once_each_and_emitters():
    src = """\
package org.acme

import io.smallrye.mutiny.Multi
import org.eclipse.microprofile.reactive.messaging.Channel
import org.eclipse.microprofile.reactive.messaging.Emitter

@ApplicationScoped
class Quotes(@Channel("ticks") private val ticks: Multi<Tick>) {
    @Inject
    @field:Channel("quotes")
    lateinit var quotes: Multi<Quote>

    @Inject
    @Channel("out")
    lateinit var out: Emitter<Quote>

    fun stream(): Multi<Quote> = quotes.map { it }

    fun send(q: Quote) { out.send(q) }
}
"""
    facts = jvm.extract("quotes/src/main/kotlin/org/acme/Quotes.kt", src.encode())
    assert endpoints(facts) == [  # the constructor property is one consumer, not two
        ("consume", Pending("channel", "incoming:ticks"), "channel", ln(src, '@Channel("ticks")'), "smallrye"),
        ("consume", Pending("channel", "incoming:quotes"), "channel", ln(src, '@field:Channel("quotes")'), "smallrye"),
        ("produce", Pending("channel", "outgoing:out"), "channel", ln(src, "out.send(q)"), "smallrye"),
    ]
    assert [(e.client, e.handler) for e in facts.endpoints] == [("ticks", None), ("quotes", "stream"), ("out", None)]


def test_quarkus_quickstart_graph_reads_quotes_back_into_the_producer(make_repo):
    repo = make_repo({
        "producer/pom.xml": POM.format("producer"),
        QUOTES_RESOURCE: QUOTES_RESOURCE_JAVA,
        "producer/src/main/resources/application.properties": PRODUCER_PROPERTIES,
        "processor/pom.xml": POM.format("processor"),
        QUOTES_PROCESSOR: QUOTES_PROCESSOR_JAVA,
        "processor/src/main/resources/application.properties": PROCESSOR_PROPERTIES,
    })
    result = scan(repo)
    assert edges(result) == {
        ("service:producer", "topic:quote-requests", "produces"),
        ("topic:quote-requests", "service:processor", "consumes"),
        ("service:processor", "topic:quotes", "produces"),
        ("topic:quotes", "service:producer", "consumes"),
    }
    [quotes_in] = [e for e in result.endpoints if e.service == "producer" and e.role == "consume"]
    assert (quotes_in.topic.name, quotes_in.topic.origin, quotes_in.loc) == (
        "quotes", "channel", Loc(QUOTES_RESOURCE, ln(QUOTES_RESOURCE_JAVA, '@Channel("quotes")')))


# ------------------------------------------------------------------------------ 2. Spring Cloud Stream annotations
CUSTOMER_APP = "customer-service/src/main/kotlin/kafka/e2e/customer/CustomerServiceApplication.kt"
CUSTOMER_SERVICE_IMPL = "customer-service/src/main/kotlin/kafka/e2e/customer/service/CustomerServiceImpl.kt"
ORDER_APP = "order-service/src/main/kotlin/kafka/e2e/order/OrderServiceApplication.kt"
ORDER_PRODUCER = "order-service/src/main/kotlin/kafka/e2e/order/producer/OrderProducer.kt"
SHIPPING_APP = "shipping-service/src/main/kotlin/kafka/e2e/shipping/ShippingServiceApplication.kt"
SHIPPING_PROCESSOR = "shipping-service/src/main/kotlin/kafka/e2e/shipping/stream/ShippingKStreamProcessor.kt"
SHIPPING_CONFIGURATION = "shipping-service/src/main/kotlin/kafka/e2e/shipping/stream/ShippingKStreamConfiguration.kt"


def test_scs_source_output_send_is_a_producer_on_the_output_binding():
    src = CUSTOMER_SERVICE_IMPL_KT
    facts = jvm.extract(CUSTOMER_SERVICE_IMPL, src.encode())
    assert endpoints(facts) == [
        ("produce", Pending("binding", "output"), "binding", ln(src, "customerKafkaProducer.output().send"),
         "spring-cloud-stream"),
    ]
    [ep] = facts.endpoints
    assert (ep.topic.text, ep.client, ep.key, ep.value, ep.awaits_ack) == (
        "customerKafkaProducer.output()", "customerKafkaProducer", "customer.getId()", "customer", None)
    assert ep.schema == SchemaRef("name", "kafka.e2e.customer.Customer", Loc(CUSTOMER_SERVICE_IMPL, ln(src, "fun save(customer: Customer)")))

    src = ORDER_PRODUCER_KT
    facts = jvm.extract(ORDER_PRODUCER, src.encode())
    [ep] = facts.endpoints
    assert (ep.role, ep.topic.pending, ep.loc.line, ep.end_line, ep.library) == (
        "produce", Pending("binding", "output"), ln(src, "source.output().send"), ln(src, ".setHeader(KafkaHeaders.MESSAGE_KEY"),
        "spring-cloud-stream")
    assert (ep.client, ep.key, ep.value) == ("source", "order.id", "event")
    assert ep.schema == SchemaRef("name", "kafka.e2e.order.OrderCreatedEvent", Loc(ORDER_PRODUCER, ln(src, "val event = OrderCreatedEvent")))


def test_scs_enable_binding_of_a_library_interface_declares_its_bindings():
    src = CUSTOMER_APP_KT
    facts = jvm.extract(CUSTOMER_APP, src.encode())
    assert endpoints(facts) == [
        ("produce", Pending("binding", "output"), "binding", ln(src, "@EnableBinding(Source::class)"), "spring-cloud-stream"),
    ]
    assert facts.endpoints[0].topic.text == "Source.output()"
    # a binding interface of another file is declared where it is written
    assert jvm.extract(SHIPPING_APP, SHIPPING_APP_KT.encode()).endpoints == []


def test_scs_binding_interface_declares_input_and_output_bindings():
    src = SHIPPING_PROCESSOR_KT
    facts = jvm.extract(SHIPPING_PROCESSOR, src.encode())
    assert endpoints(facts) == [
        ("consume", Pending("binding", "input"), "binding", ln(src, '@Input("input")'), "spring-cloud-stream"),
        ("consume", Pending("binding", "order"), "binding", ln(src, '@Input("order")'), "spring-cloud-stream"),
        ("produce", Pending("binding", "output"), "binding", ln(src, '@Output("output")'), "spring-cloud-stream"),
    ]
    assert [e.schema.key if e.schema else None for e in facts.endpoints] == [
        "kafka.e2e.customer.Customer", "kafka.e2e.order.OrderCreatedEvent", "kafka.e2e.shipping.OrderShippedEvent"]


def test_scs_stream_listener_with_input_parameters_and_send_to():
    src = SHIPPING_CONFIGURATION_KT
    facts = jvm.extract(SHIPPING_CONFIGURATION, src.encode())
    listener = ln(src, "fun process(")
    assert endpoints(facts) == [
        ("consume", Pending("binding", "input"), "binding", listener, "spring-cloud-stream"),
        ("consume", Pending("binding", "order"), "binding", listener, "spring-cloud-stream"),
        ("produce", Pending("binding", "output"), "binding", ln(src, '@SendTo("output")'), "spring-cloud-stream"),
    ]
    customers, orders, shipped = facts.endpoints
    assert [(e.client, e.handler) for e in (customers, orders)] == [("input", "process"), ("orderEvent", "process")]
    assert customers.schema == SchemaRef("name", "kafka.e2e.customer.Customer", Loc(SHIPPING_CONFIGURATION, listener))
    assert orders.schema is None  # KStream<Int, GenericRecord>
    assert shipped.schema == SchemaRef("name", "kafka.e2e.shipping.OrderShippedEvent", Loc(SHIPPING_CONFIGURATION, listener))
    assert [(h.kind, h.name, h.loc.line) for h in facts.handlers] == [("listener", "process", listener)]


def test_scs_kotlin_sample_graph_follows_the_binding_destinations(make_repo):
    repo = make_repo({
        "customer-service/pom.xml": POM.format("customer-service"),
        CUSTOMER_APP: CUSTOMER_APP_KT,
        CUSTOMER_SERVICE_IMPL: CUSTOMER_SERVICE_IMPL_KT,
        "customer-service/src/main/resources/application.yml": CUSTOMER_YML,
        "order-service/pom.xml": POM.format("order-service"),
        ORDER_APP: ORDER_APP_KT,
        ORDER_PRODUCER: ORDER_PRODUCER_KT,
        "order-service/src/main/resources/application.yml": ORDER_YML,
        "shipping-service/pom.xml": POM.format("shipping-service"),
        SHIPPING_APP: SHIPPING_APP_KT,
        SHIPPING_PROCESSOR: SHIPPING_PROCESSOR_KT,
        SHIPPING_CONFIGURATION: SHIPPING_CONFIGURATION_KT,
        "shipping-service/src/main/resources/application.yml": SHIPPING_YML,
    })
    result = scan(repo)
    assert edges(result) == {
        ("service:customer-service", "topic:customer", "produces"),
        ("service:order-service", "topic:orders", "produces"),
        ("topic:customer", "service:shipping-service", "consumes"),
        ("topic:order", "service:shipping-service", "consumes"),
        ("service:shipping-service", "topic:order", "produces"),  # the sample binds `output` to `order`
    }
    sends = [(e.service, e.topic.name, e.topic.origin, e.loc.path) for e in result.endpoints
             if e.role == "produce" and e.ep.client is not None]
    assert sends == [("customer-service", "customer", "binding", CUSTOMER_SERVICE_IMPL),
                     ("order-service", "orders", "binding", ORDER_PRODUCER)]


ORDER_BINDINGS_JAVA = """\
package com.acme.orders;

import org.springframework.cloud.stream.annotation.Input;
import org.springframework.cloud.stream.annotation.Output;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;

public interface OrderBindings {

    String ORDERS_IN = "orders-in";

    @Input(ORDERS_IN)
    SubscribableChannel ordersIn();

    @Output("orders-out")
    MessageChannel ordersOut();
}
"""

ORDER_APP_JAVA = """\
package com.acme.orders;

import org.springframework.cloud.stream.annotation.EnableBinding;
import org.springframework.cloud.stream.annotation.Input;
import org.springframework.cloud.stream.annotation.Output;
import org.springframework.cloud.stream.annotation.StreamListener;
import org.springframework.cloud.stream.messaging.Processor;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

@EnableBinding({Processor.class, OrderApp.Audit.class})
public class OrderApp {

    interface Audit {
        @Output
        MessageChannel audit();

        @Output("audit-dlq")
        MessageChannel auditDlq();
    }

    private final Audit audit;

    public OrderApp(Audit audit) {
        this.audit = audit;
    }

    @StreamListener(Processor.INPUT)
    @SendTo(Processor.OUTPUT)
    public Invoice handle(Order order) {
        audit.audit().send(MessageBuilder.withPayload(order).setHeader(KafkaHeaders.MESSAGE_KEY, order.getId()).build());
        return new Invoice(order.getId());
    }

    @StreamListener
    public void onPayment(@Input("payments") Flux<Payment> payments, @Output("receipts") FluxSender receipts) {
        receipts.send(payments.map(p -> new Receipt(p.getId())));
    }
}
"""


def test_scs_java_processor_custom_bindings_and_stream_listener_parameters():
    src = ORDER_APP_JAVA
    path = "orders/src/main/java/com/acme/orders/OrderApp.java"
    facts = jvm.extract(path, src.encode())
    lib = "spring-cloud-stream"
    assert endpoints(facts) == [
        ("consume", Pending("binding", "input"), "binding", ln(src, "@StreamListener(Processor.INPUT)"), lib),
        ("produce", Pending("binding", "output"), "binding", ln(src, "@SendTo(Processor.OUTPUT)"), lib),
        ("consume", Pending("binding", "payments"), "binding", ln(src, '@Input("payments")'), lib),
        ("produce", Pending("binding", "receipts"), "binding", ln(src, '@Output("receipts")'), lib),
        ("produce", Pending("binding", "audit"), "binding", ln(src, "audit.audit().send"), lib),  # `@Output` names the method
        ("produce", Pending("binding", "audit-dlq"), "binding", ln(src, '@Output("audit-dlq")'), lib),  # declared, unused here
    ]
    handle, invoice, payments, receipts, audit, dlq = facts.endpoints
    assert (handle.handler, handle.schema) == ("handle", SchemaRef("name", "Order", Loc(path, ln(src, "Invoice handle(Order order)"))))
    assert invoice.schema == SchemaRef("name", "Invoice", Loc(path, ln(src, "Invoice handle(Order order)")))
    assert (payments.handler, payments.client, payments.schema) == (
        "onPayment", "payments", SchemaRef("name", "Payment", Loc(path, ln(src, '@Input("payments")'))))
    assert receipts.client == "receipts"
    assert (audit.client, audit.key, audit.value, audit.topic.via) == (
        "audit", "order.getId()", "order", [Loc(path, ln(src, "@Output\n"))])
    assert audit.schema == SchemaRef("name", "Order", Loc(path, ln(src, "Invoice handle(Order order)")))
    assert dlq.topic.text == '"audit-dlq"' and dlq.client is None
    calls = {h.name: [(c.category, c.name, c.detail) for c in h.calls] for h in facts.handlers}
    assert calls["handle"] == [("produce", "audit.audit().send", "audit")]


def test_scs_java_binding_interface_and_integration_annotations():
    src = ORDER_BINDINGS_JAVA
    path = "orders/src/main/java/com/acme/orders/OrderBindings.java"
    facts = jvm.extract(path, src.encode())
    assert endpoints(facts) == [
        ("consume", Pending("binding", "orders-in"), "binding", ln(src, "@Input(ORDERS_IN)"), "spring-cloud-stream"),
        ("produce", Pending("binding", "orders-out"), "binding", ln(src, '@Output("orders-out")'), "spring-cloud-stream"),
    ]
    assert facts.symbols == {"OrderBindings.ORDERS_IN": ("orders-in", ln(src, "String ORDERS_IN"))}

    src = """\
package com.acme.ticks;

import org.springframework.cloud.stream.annotation.EnableBinding;
import org.springframework.cloud.stream.messaging.Sink;
import org.springframework.cloud.stream.messaging.Source;
import org.springframework.integration.annotation.InboundChannelAdapter;
import org.springframework.integration.annotation.ServiceActivator;

@EnableBinding({Source.class, Sink.class})
public class TickApp {

    @InboundChannelAdapter(value = Source.OUTPUT, poller = @Poller(fixedDelay = "1000"))
    public MessageSource<Tick> ticks() {
        return () -> new GenericMessage<>(new Tick());
    }

    @ServiceActivator(inputChannel = Sink.INPUT)
    public void log(Tick tick) {
        store.save(tick.getAt());
    }

    @ServiceActivator(inputChannel = "errorChannel")
    public void errors(ErrorMessage error) {
        alerts.page(error.getPayload());
    }
}
"""
    path = "ticks/src/main/java/com/acme/ticks/TickApp.java"
    facts = jvm.extract(path, src.encode())
    assert endpoints(facts) == [
        ("produce", Pending("binding", "output"), "binding", ln(src, "@InboundChannelAdapter"), "spring-cloud-stream"),
        ("consume", Pending("binding", "input"), "binding", ln(src, "@ServiceActivator"), "spring-cloud-stream"),
    ]
    ticks, log = facts.endpoints
    assert ticks.schema == SchemaRef("name", "Tick", Loc(path, ln(src, "MessageSource<Tick>")))
    assert (log.handler, log.schema) == ("log", SchemaRef("name", "Tick", Loc(path, ln(src, "log(Tick tick)"))))
    assert [(h.kind, h.name) for h in facts.handlers] == [("listener", "log")]  # errorChannel is no binding


def test_spring_integration_channels_and_kafka_streams_processors_are_no_bindings():
    src = """\
package com.acme.flow;

import org.apache.kafka.streams.processor.api.Processor;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.kafka.core.KafkaTemplate;

public class Flow {
    private Processor<String, String, String, String> processor;

    @ServiceActivator(inputChannel = "input")
    public void handle(String payload) {
        processor.output().send(payload);
    }
}
"""
    assert jvm.extract("flow/src/main/java/com/acme/flow/Flow.java", src.encode()).endpoints == []


# ------------------------------------------------------------------------------ 3. sarama: each producer's own config
HTTP_SERVER = "examples/http_server/http_server.go"


def test_sarama_producers_in_struct_fields_get_their_constructors_settings():
    src = HTTP_SERVER_GO
    facts = go_scan({HTTP_SERVER: src}, HTTP_SERVER)
    collector, access_log = facts.endpoints
    assert (collector.topic.name, collector.client, collector.awaits_ack, collector.loc.line) == (
        "important", "s.DataCollector", True, ln(src, "s.DataCollector.SendMessage"))
    assert settings(collector) == {
        "acks": ("all", ln(src, "sarama.WaitForAll")),
        "retries": ("10", ln(src, "config.Producer.Retry.Max = 10")),
    }
    assert (access_log.topic.name, access_log.client, access_log.awaits_ack, access_log.loc.line) == (
        "access_log", "s.AccessLogProducer", False, ln(src, "s.AccessLogProducer.Input() <-"))
    assert settings(access_log) == {
        "acks": ("1", ln(src, "sarama.WaitForLocal")),
        "compression.type": ("snappy", ln(src, "sarama.CompressionSnappy")),
        "linger.ms": ("500", ln(src, "config.Producer.Flush.Frequency")),
    }


def test_sarama_send_through_a_client_of_unknown_origin_gets_no_settings():
    src = """\
package main

import "github.com/IBM/sarama"

func newProducers(brokers []string) (sarama.SyncProducer, sarama.SyncProducer) {
	fast := sarama.NewConfig()
	fast.Producer.RequiredAcks = sarama.NoResponse
	safe := sarama.NewConfig()
	safe.Producer.RequiredAcks = sarama.WaitForAll
	safe.Producer.Idempotent = true
	a, _ := sarama.NewSyncProducer(brokers, fast)
	b, _ := sarama.NewSyncProducer(brokers, safe)
	return a, b
}

func publish(p sarama.SyncProducer, id string) error {
	_, _, err := p.SendMessage(&sarama.ProducerMessage{Topic: "audit", Value: sarama.StringEncoder(id)})
	return err
}
"""
    [ep] = go_scan({"svc/main.go": src}, "svc/main.go").endpoints
    assert (ep.topic.name, ep.client, ep.awaits_ack) == ("audit", "p", True)
    assert ep.settings == {}  # not `acks` of whichever config came last


# ------------------------------------------------------------------------------ 4. Go command-line flags
EXACTLY_ONCE = "examples/exactly_once/main.go"


def test_sarama_flag_variables_with_empty_defaults_stay_unresolved():
    src = EXACTLY_ONCE_GO
    facts = go_scan({EXACTLY_ONCE: src}, EXACTLY_ONCE)
    consume, produce = facts.endpoints
    flag_line = ln(src, 'flag.StringVar(&destinationTopic, "destination-topic"')
    assert produce.topic == TopicRef("destinationTopic", None, "unresolved", via=[Loc(EXACTLY_ONCE, flag_line)])
    assert (produce.loc.line, produce.awaits_ack) == (ln(src, "producer.Input() <- &sarama.ProducerMessage{"), False)
    assert consume.group is None
    assert consume.settings["group.id"] == Setting(
        "group.id", "group", Loc(EXACTLY_ONCE, ln(src, 'flag.StringVar(&group, "group"')), "group.id",
        unresolved=True)


FLAGS_GO = """\
package main

import (
	"flag"
	"os"

	"github.com/IBM/sarama"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

var (
	ordersTopic   = ""
	paymentsTopic = flag.String("payments-topic", "payments", "where payments go")
	auditTopic    = flag.String("audit-topic", os.Getenv("AUDIT_TOPIC"), "where audit records go")
	refundsTopic  string
	emptyTopic    = flag.String("empty-topic", "", "no default")
)

func init() {
	flag.StringVar(&ordersTopic, "orders-topic", "orders", "where orders go")
	pflag.StringVarP(&refundsTopic, "refunds-topic", "r", "refunds", "where refunds go")
}

func run(cmd *cobra.Command, p sarama.SyncProducer) {
	var invoices string
	cmd.Flags().StringVar(&invoices, "invoices-topic", "invoices", "where invoices go")
	p.SendMessage(&sarama.ProducerMessage{Topic: ordersTopic})
	p.SendMessage(&sarama.ProducerMessage{Topic: *paymentsTopic})
	p.SendMessage(&sarama.ProducerMessage{Topic: *auditTopic})
	p.SendMessage(&sarama.ProducerMessage{Topic: refundsTopic})
	p.SendMessage(&sarama.ProducerMessage{Topic: invoices})
	p.SendMessage(&sarama.ProducerMessage{Topic: *emptyTopic})
	p.SendMessage(&sarama.ProducerMessage{Topic: ""})
}
"""


def test_go_flag_defaults_are_cli_defaults_and_empty_strings_no_names():
    src = FLAGS_GO
    path = "svc/main.go"
    facts = go_scan({path: src}, path)

    def at(needle: str) -> Loc:
        return Loc(path, ln(src, needle))

    assert [e.topic for e in facts.endpoints] == [
        TopicRef("ordersTopic", "orders", "cli-default", via=[at('flag.StringVar(&ordersTopic')]),
        TopicRef("paymentsTopic", "payments", "cli-default", via=[at("paymentsTopic = flag.String")]),
        TopicRef("auditTopic", None, "env", Pending("env", "AUDIT_TOPIC"), via=[at("auditTopic    = flag.String")]),
        TopicRef("refundsTopic", "refunds", "cli-default", via=[at("pflag.StringVarP(&refundsTopic")]),
        TopicRef("invoices", "invoices", "cli-default", via=[at("cmd.Flags().StringVar(&invoices")]),
        TopicRef("emptyTopic", None, "unresolved", via=[at("emptyTopic    = flag.String")]),
        TopicRef('""', None, "unresolved"),
    ]


def test_go_flag_into_a_struct_field():
    src = """\
package main

import (
	"flag"

	"github.com/IBM/sarama"
)

type options struct {
	Topic string
}

func main() {
	var opts options
	flag.StringVar(&opts.Topic, "topic", "orders", "where orders go")
	flag.Parse()
	p, _ := sarama.NewSyncProducer(nil, nil)
	p.SendMessage(&sarama.ProducerMessage{Topic: opts.Topic})
}
"""
    [ep] = go_scan({"svc/main.go": src}, "svc/main.go").endpoints
    assert ep.topic == TopicRef("opts.Topic", "orders", "cli-default", via=[Loc("svc/main.go", ln(src, "flag.StringVar(&opts.Topic"))])


# ------------------------------------------------------------------------------ 5. aiokafka send_batch
def test_aiokafka_send_batch_is_a_produce_call_with_the_batch_record():
    src = BATCH_PRODUCE_PY
    path = "examples/batch_produce.py"
    facts = python.extract(path, src.encode())
    topic = TopicRef("topic", "my_topic", "constant", via=[Loc(path, ln(src, 'topic  = "my_topic"'))])
    assert [(e.role, e.topic, e.loc.line, e.library, e.client) for e in facts.endpoints] == [
        ("produce", topic, ln(src, "await producer.send_batch("), "aiokafka", "producer"),
        ("produce", topic, ln(src, "await producer.send_batch(", 2), "aiokafka", "producer"),
    ]
    for ep in facts.endpoints:
        assert (ep.key, ep.value, ep.awaits_ack) == (None, "msg", False)  # from `batch.append(key=None, value=msg)`
        assert settings(ep) == {"value.format": ("string", ln(src, "batch.append("))}


def test_aiokafka_send_batch_with_a_topic_keyword_in_a_poll_loop():
    src = """\
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

OUT = "enriched"


async def relay(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer):
    consumer.subscribe(["raw"])
    batch = producer.create_batch()
    async for msg in consumer:
        if batch.append(key=msg.key, value=msg.value, timestamp=None) is None:
            fut = await producer.send_batch(batch, topic=OUT, partition=msg.partition)
            await fut
            batch = producer.create_batch()
"""
    facts = python.extract("relay.py", src.encode())
    consume, produce = facts.endpoints
    assert (consume.role, consume.topic.name, consume.handler) == ("consume", "raw", "relay")
    assert (produce.topic.name, produce.topic.origin, produce.loc.line, produce.key, produce.value, produce.awaits_ack) == (
        "enriched", "constant", ln(src, "producer.send_batch("), "msg.key", "msg.value", True)
    [loop] = facts.handlers
    assert [(c.category, c.name, c.line, c.detail) for c in loop.calls] == [
        ("produce", "producer.send_batch", ln(src, "producer.send_batch("), "enriched"),  # create_batch is no step
    ]


# ------------------------------------------------------------------------------ 6. "" is never a topic name
def test_python_empty_strings_are_no_topic_names():
    src = """\
import argparse
import os

from kafka import KafkaProducer

EMPTY = ""
FROM_ENV = os.getenv("TOPIC", "")
parser = argparse.ArgumentParser()
parser.add_argument("--topic", default="")
args = parser.parse_args()
producer = KafkaProducer(bootstrap_servers="kafka:9092")
producer.send(EMPTY, b"x")
producer.send(FROM_ENV, b"x")
producer.send("", b"x")
producer.send(args.topic, b"x")
producer.send(f"{EMPTY}", b"x")
"""
    path = "svc/app.py"
    facts = python.extract(path, src.encode())
    empty, env, argparse = Loc(path, ln(src, 'EMPTY = ""')), Loc(path, ln(src, "FROM_ENV =")), Loc(path, ln(src, "add_argument"))
    assert [e.topic for e in facts.endpoints] == [
        TopicRef("EMPTY", None, "unresolved", via=[empty]),
        TopicRef("FROM_ENV", None, "env", Pending("env", "TOPIC"), via=[env]),
        TopicRef('""', None, "unresolved"),
        TopicRef("args.topic", None, "unresolved", via=[argparse]),
        TopicRef('f"{EMPTY}"', None, "unresolved", via=[empty]),
    ]
    assert "EMPTY" not in facts.symbols


def test_jvm_empty_strings_are_no_topic_names():
    src = """\
package com.acme;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

public class Relay {
    public static final String EMPTY = "";

    @Value("${app.topic:}")
    private String configured;

    private KafkaTemplate<String, String> kafkaTemplate;

    @KafkaListener(topics = "")
    public void listen(String value) {
        kafkaTemplate.send(EMPTY, value);
        kafkaTemplate.send(configured, value);
        kafkaTemplate.send(System.getenv().getOrDefault("OUT_TOPIC", ""), value);
    }
}
"""
    path = "relay/src/main/java/com/acme/Relay.java"
    facts = jvm.extract(path, src.encode())
    assert [(e.role, e.topic) for e in facts.endpoints] == [
        ("consume", TopicRef('""', None, "unresolved")),
        ("produce", TopicRef("EMPTY", None, "unresolved", via=[Loc(path, ln(src, 'String EMPTY = ""'))])),
        ("produce", TopicRef("configured", None, "property", Pending("property", "app.topic"),
                             via=[Loc(path, ln(src, "private String configured"))])),
        ("produce", TopicRef('System.getenv().getOrDefault("OUT_TOPIC", "")', None, "env", Pending("env", "OUT_TOPIC"))),
    ]
    assert facts.symbols == {}
