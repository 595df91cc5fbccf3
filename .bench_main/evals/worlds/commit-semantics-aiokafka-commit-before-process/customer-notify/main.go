package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/segmentio/kafka-go"
)

type shipmentBooked struct {
	OrderID    string `json:"order_id"`
	TrackingNo string `json:"tracking_no"`
}

func main() {
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{envOr("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")},
		Topic:   envOr("SHIPMENTS_TOPIC", "shipments.booked"),
		GroupID: "customer-notify",
	})
	defer reader.Close()

	for {
		m, err := reader.ReadMessage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		var ev shipmentBooked
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			log.Printf("bad shipment event: %v", err)
			continue
		}
		log.Printf("sms: order %s is on its way, tracking %s", ev.OrderID, ev.TrackingNo)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
