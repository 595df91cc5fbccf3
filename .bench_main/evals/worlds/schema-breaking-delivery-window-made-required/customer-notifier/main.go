package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/avrov2"
)

const dispatchedTopic = "shipments.dispatched"

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	consumer, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":  getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
		"group.id":           "customer-notifier",
		"auto.offset.reset":  "earliest",
		"enable.auto.commit": true,
	})
	if err != nil {
		log.Fatalf("consumer: %v", err)
	}
	defer consumer.Close()

	registry, err := schemaregistry.NewClient(schemaregistry.NewConfig(getenv("SCHEMA_REGISTRY_URL", "http://schema-registry:8081")))
	if err != nil {
		log.Fatalf("schema registry: %v", err)
	}
	deser, err := avrov2.NewDeserializer(registry, serde.ValueSerde, avrov2.NewDeserializerConfig())
	if err != nil {
		log.Fatalf("deserializer: %v", err)
	}

	if err := consumer.SubscribeTopics([]string{dispatchedTopic}, nil); err != nil {
		log.Fatalf("subscribe: %v", err)
	}

	mailer := NewMailer(getenv("MAILER_URL", "http://mailer:8080"))
	for ctx.Err() == nil {
		msg, err := consumer.ReadMessage(500)
		if err != nil {
			if kerr, ok := err.(kafka.Error); ok && kerr.IsTimeout() {
				continue
			}
			log.Printf("read: %v", err)
			continue
		}
		var evt ShipmentDispatched
		if err := deser.DeserializeInto(*msg.TopicPartition.Topic, msg.Value, &evt); err != nil {
			log.Printf("skip undecodable dispatch at offset %v: %v", msg.TopicPartition.Offset, err)
			continue
		}
		if err := mailer.SendOnItsWay(ctx, evt); err != nil {
			log.Printf("mail for %s failed: %v", evt.OrderID, err)
		}
	}
}
