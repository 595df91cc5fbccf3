package main

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:     []string{"kafka:9092"},
		GroupID:     "rollup",
		Topic:       "device-readings",
		StartOffset: kafka.LastOffset,
	})
	defer r.Close()
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		accumulate(string(m.Key), m.Value)
	}
}

func accumulate(device string, value []byte) {}
