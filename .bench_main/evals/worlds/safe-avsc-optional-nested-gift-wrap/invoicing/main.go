package main

import (
	"log"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/avrov2"
)

type OrderLine struct {
	SKU            string `avro:"sku"`
	Quantity       int32  `avro:"quantity"`
	UnitPriceCents int64  `avro:"unit_price_cents"`
}

type OrderPlaced struct {
	OrderID    string      `avro:"order_id"`
	CustomerID string      `avro:"customer_id"`
	Lines      []OrderLine `avro:"lines"`
	CouponCode *string     `avro:"coupon_code"`
}

func main() {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": "kafka:9092",
		"group.id":          "invoicing",
		"auto.offset.reset": "earliest",
	})
	if err != nil {
		log.Fatal(err)
	}
	sr, err := schemaregistry.NewClient(schemaregistry.NewConfig("http://schema-registry:8081"))
	if err != nil {
		log.Fatal(err)
	}
	deser, err := avrov2.NewDeserializer(sr, serde.ValueSerde, avrov2.NewDeserializerConfig())
	if err != nil {
		log.Fatal(err)
	}
	_ = c.SubscribeTopics([]string{"shop.orders.placed"}, nil)
	for {
		msg, err := c.ReadMessage(-1)
		if err != nil {
			continue
		}
		var o OrderPlaced
		if err := deser.DeserializeInto(*msg.TopicPartition.Topic, msg.Value, &o); err != nil {
			log.Printf("undecodable order: %v", err)
			continue
		}
		var total int64
		for _, l := range o.Lines {
			total += int64(l.Quantity) * l.UnitPriceCents
		}
		log.Printf("invoice %s: %d cents", o.OrderID, total)
	}
}
