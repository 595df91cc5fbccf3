package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/gorilla/websocket"
	"github.com/segmentio/kafka-go"
)

type tick struct {
	Symbol string  `json:"symbol"`
	Price  float64 `json:"price"`
	TS     int64   `json:"ts"`
}

func main() {
	w := kafka.NewWriter(kafka.WriterConfig{
		Brokers:      []string{os.Getenv("KAFKA_BROKER")},
		Topic:        "market.ticks",
		Balancer:     &kafka.Hash{},
		RequiredAcks: 1,
		BatchSize:    500,
	})
	defer w.Close()

	conn, _, err := websocket.DefaultDialer.Dial(os.Getenv("EXCHANGE_WS"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	for {
		var t tick
		if err := conn.ReadJSON(&t); err != nil {
			log.Fatal(err)
		}
		body, _ := json.Marshal(t)
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte(t.Symbol), Value: body}); err != nil {
			log.Printf("write tick: %v", err)
		}
	}
}
