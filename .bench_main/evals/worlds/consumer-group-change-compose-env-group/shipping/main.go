package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/segmentio/kafka-go"
)

type order struct {
	OrderID    string   `json:"order_id"`
	CustomerID string   `json:"customer_id"`
	Items      []string `json:"items"`
}

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{os.Getenv("KAFKA_BOOTSTRAP")},
		Topic:   os.Getenv("ORDERS_TOPIC"),
		GroupID: os.Getenv("KAFKA_GROUP_ID"),
	})
	defer r.Close()

	ctx := context.Background()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			log.Fatalf("read: %v", err)
		}
		var o order
		if err := json.Unmarshal(m.Value, &o); err != nil {
			log.Printf("bad order payload at offset %d: %v", m.Offset, err)
			continue
		}
		log.Printf("printing label for order %s (%d items)", o.OrderID, len(o.Items))
	}
}
