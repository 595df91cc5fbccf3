package main

import (
	"log"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": "kafka:9092",
		"group.id":          "ar-aging",
		"auto.offset.reset": "earliest",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.SubscribeTopics([]string{"invoice-issued"}, nil); err != nil {
		log.Fatal(err)
	}
	for {
		msg, err := c.ReadMessage(-1)
		if err != nil {
			continue
		}
		log.Printf("invoice %s", msg.Key)
	}
}
