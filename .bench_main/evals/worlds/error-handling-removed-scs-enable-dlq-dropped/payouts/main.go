package main

import (
	"encoding/json"
	"log"
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

type claimAssessed struct {
	ClaimID        string `json:"claimId"`
	PolicyID       string `json:"policyId"`
	Decision       string `json:"decision"`
	ApprovedAmount string `json:"approvedAmount"`
}

func main() {
	brokers := os.Getenv("KAFKA_BROKERS")
	if brokers == "" {
		brokers = "kafka:9092"
	}
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": brokers,
		"group.id":          "payouts",
		"auto.offset.reset": "earliest",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Subscribe("claims.assessed", nil); err != nil {
		log.Fatal(err)
	}
	for {
		msg, err := c.ReadMessage(-1)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		var a claimAssessed
		if err := json.Unmarshal(msg.Value, &a); err != nil {
			log.Printf("bad payload: %v", err)
			continue
		}
		if a.Decision == "APPROVED" {
			log.Printf("scheduling payout of %s for claim %s", a.ApprovedAmount, a.ClaimID)
		}
	}
}
