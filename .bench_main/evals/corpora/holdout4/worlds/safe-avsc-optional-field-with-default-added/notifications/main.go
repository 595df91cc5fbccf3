package main

import (
	"log"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{"bootstrap.servers": "kafka:9092", "group.id": "notifications"})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	_ = c.SubscribeTopics([]string{"profile-updated"}, nil)
	for {
		if msg, err := c.ReadMessage(-1); err == nil {
			log.Printf("profile %s", msg.Key)
		}
	}
}
