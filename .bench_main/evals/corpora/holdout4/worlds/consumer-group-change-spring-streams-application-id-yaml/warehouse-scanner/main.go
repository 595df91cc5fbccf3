package main

import (
	"context"
	"encoding/binary"
	"log"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "stock-movements", RequiredAcks: kafka.RequireAll}
	defer w.Close()
	buf := make([]byte, 8)
	binary.BigEndian.PutUint64(buf, uint64(1))
	if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("sku-1"), Value: buf}); err != nil {
		log.Fatal(err)
	}
}
