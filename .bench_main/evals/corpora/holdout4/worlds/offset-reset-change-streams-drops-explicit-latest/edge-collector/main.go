package main

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "page-views", RequiredAcks: kafka.RequireAll}
	defer w.Close()
	if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("visitor-1"), Value: []byte("/home")}); err != nil {
		log.Fatal(err)
	}
}
