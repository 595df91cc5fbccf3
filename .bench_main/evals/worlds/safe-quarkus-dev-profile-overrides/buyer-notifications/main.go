package main

import (
	"log"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": "kafka:9092",
		"group.id":          "buyer-notifications",
		"auto.offset.reset": "latest",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.SubscribeTopics([]string{"stock.alerts"}, nil); err != nil {
		log.Fatal(err)
	}
	for {
		msg, err := c.ReadMessage(-1)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		log.Printf("notify buyer of store %s: %s", string(msg.Key), string(msg.Value))
	}
}
