package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/segmentio/kafka-go"
)

type orderCreated struct {
	OrderID    string `json:"order_id"`
	CustomerID string `json:"customer_id"`
	TotalCents int64  `json:"total_cents"`
}

func main() {
	broker := os.Getenv("KAFKA_BROKER")
	if broker == "" {
		broker = "kafka:9092"
	}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{broker},
		GroupID: "loyalty-points",
		Topic:   "orders.created",
	})
	defer r.Close()

	points := NewPointsStore()
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			log.Fatalf("read: %v", err)
		}
		var o orderCreated
		if err := json.Unmarshal(m.Value, &o); err != nil {
			log.Printf("skip offset %d: %v", m.Offset, err)
			continue
		}
		points.Credit(o.CustomerID, o.TotalCents/100)
	}
}
