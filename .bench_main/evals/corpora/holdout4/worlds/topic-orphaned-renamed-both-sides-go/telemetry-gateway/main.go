package main

import (
	"context"
	"net/http"
	"io"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "device-readings", RequiredAcks: kafka.RequireAll}
	http.HandleFunc("/readings", func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte(r.Header.Get("X-Device")), Value: body}); err != nil {
			rw.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	_ = http.ListenAndServe(":8080", nil)
}
