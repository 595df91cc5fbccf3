package main

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "order-shipped", RequiredAcks: kafka.RequireAll}
	defer w.Close()
	if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("o-1"), Value: []byte(`{"order_id":"o-1"}`)}); err != nil {
		log.Fatal(err)
	}
}
