package main

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "payments", RequiredAcks: kafka.RequireAll}
	defer w.Close()
	msg := kafka.Message{Key: []byte("p-1"), Value: []byte(`{"payment_id":"p-1","status":"AUTHORIZED"}`)}
	if err := w.WriteMessages(context.Background(), msg); err != nil {
		log.Fatal(err)
	}
}
