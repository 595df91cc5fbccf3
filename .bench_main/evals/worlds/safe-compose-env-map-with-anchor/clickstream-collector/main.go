package main

import (
	"io"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{
		Addr:         kafka.TCP(strings.Split(os.Getenv("KAFKA_BROKERS"), ",")...),
		Topic:        os.Getenv("CLICKS_TOPIC"),
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		Async:        false,
	}
	defer w.Close()

	http.HandleFunc("/collect", func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		visitor := r.Header.Get("X-Visitor-Id")
		if err := w.WriteMessages(r.Context(), kafka.Message{Key: []byte(visitor), Value: body}); err != nil {
			http.Error(rw, "unavailable", http.StatusServiceUnavailable)
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
