package main

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "bank-statements", RequiredAcks: kafka.RequireAll}
	defer w.Close()
	if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("acct-1"), Value: []byte("2024-05-01;-12.50;coffee")}); err != nil {
		log.Fatal(err)
	}
}
