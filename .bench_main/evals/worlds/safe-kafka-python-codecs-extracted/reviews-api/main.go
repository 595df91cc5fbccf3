package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/segmentio/kafka-go"
)

type Review struct {
	ReviewID  string `json:"review_id"`
	ProductID string `json:"product_id"`
	Rating    int    `json:"rating"`
	Text      string `json:"text"`
}

func main() {
	submitted := &kafka.Writer{
		Addr:         kafka.TCP(os.Getenv("KAFKA_BOOTSTRAP_SERVERS")),
		Topic:        "reviews.submitted",
		RequiredAcks: kafka.RequireAll,
	}
	http.HandleFunc("/reviews", func(w http.ResponseWriter, r *http.Request) {
		var rv Review
		if err := json.NewDecoder(r.Body).Decode(&rv); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body, _ := json.Marshal(rv)
		if err := submitted.WriteMessages(r.Context(), kafka.Message{Key: []byte(rv.ProductID), Value: body}); err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
