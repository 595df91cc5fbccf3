package main

import (
	"context"
	"io"
	"log"
	"net/http"
	"time"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{
		Addr:         kafka.TCP("kafka:9092"),
		Topic:        "clickstream.events",
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: 20 * time.Millisecond,
		Async:        false,
	}
	defer w.Close()

	http.HandleFunc("/collect", func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			rw.WriteHeader(http.StatusBadRequest)
			return
		}
		anon, _ := r.Cookie("anon_id")
		key := ""
		if anon != nil {
			key = anon.Value
		}
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte(key), Value: body}); err != nil {
			log.Printf("write: %v", err)
			rw.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
