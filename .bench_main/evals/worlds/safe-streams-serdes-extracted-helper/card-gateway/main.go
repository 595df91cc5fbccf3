package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
)

func main() {
	pub := NewPublisher(os.Getenv("KAFKA_BROKERS"))
	http.HandleFunc("/authorise", func(w http.ResponseWriter, r *http.Request) {
		var t CardTransaction
		if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := pub.Authorised(r.Context(), t); err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
