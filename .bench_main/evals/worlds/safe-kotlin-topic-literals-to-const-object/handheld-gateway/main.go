package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/segmentio/kafka-go"
)

type pickTask struct {
	TaskID  string `json:"taskId"`
	OrderID string `json:"orderId"`
	SKU     string `json:"sku"`
	Qty     int    `json:"qty"`
	Zone    string `json:"zone"`
	Aisle   int    `json:"aisle"`
}

func main() {
	hub := NewHub()
	go hub.Serve(":8081")

	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: "handheld-gateway",
		Topic:   "picking.tasks",
	})
	defer reader.Close()
	for {
		m, err := reader.ReadMessage(context.Background())
		if err != nil {
			log.Fatalf("read: %v", err)
		}
		var t pickTask
		if err := json.Unmarshal(m.Value, &t); err != nil {
			log.Printf("bad task: %v", err)
			continue
		}
		hub.PushToZone(t.Zone, m.Value)
	}
}
