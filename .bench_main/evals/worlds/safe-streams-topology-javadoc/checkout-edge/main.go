package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/segmentio/kafka-go"
)

func main() {
	w := &kafka.Writer{
		Addr:         kafka.TCP(os.Getenv("KAFKA_BROKER")),
		Topic:        "cafe.orders",
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
	}
	defer w.Close()

	http.HandleFunc("/orders", func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		var o struct {
			OrderID string `json:"order_id"`
		}
		if err := json.Unmarshal(body, &o); err != nil || o.OrderID == "" {
			http.Error(rw, "order_id required", http.StatusBadRequest)
			return
		}
		if err := w.WriteMessages(r.Context(), kafka.Message{Key: []byte(o.OrderID), Value: body}); err != nil {
			http.Error(rw, err.Error(), http.StatusServiceUnavailable)
			return
		}
		rw.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
