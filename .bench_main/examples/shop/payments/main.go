package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

const (
	scoredTopic   = "orders.scored"
	paymentsTopic = "payments"
)

var processed = prometheus.NewCounter(prometheus.CounterOpts{Name: "payments_processed_total"})

func main() {
	ctx := context.Background()
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers:     []string{"kafka:9092"},
		Topic:       scoredTopic,
		GroupID:     "payments",
		StartOffset: kafka.FirstOffset,
	})
	writer := &kafka.Writer{
		Addr:         kafka.TCP("kafka:9092"),
		Topic:        paymentsTopic,
		RequiredAcks: kafka.RequireAll,
	}
	for {
		m, err := reader.FetchMessage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		var order map[string]any
		if err := json.Unmarshal(m.Value, &order); err != nil {
			log.Printf("bad order: %v", err)
			continue
		}
		payment, _ := json.Marshal(authorize(order))
		if err := writer.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: payment}); err != nil {
			log.Fatal(err)
		}
		processed.Inc()
		if err := reader.CommitMessages(ctx, m); err != nil {
			log.Fatal(err)
		}
	}
}

func authorize(order map[string]any) map[string]any {
	return map[string]any{"order_id": order["order_id"], "status": "AUTHORIZED", "amount_cents": order["amount_cents"]}
}
