package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/google/uuid"
)

func main() {
	events, err := newTripEvents(strings.Split(os.Getenv("KAFKA_BROKERS"), ","))
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/trips", func(w http.ResponseWriter, r *http.Request) {
		id := uuid.NewString()
		events.requested(id, r.URL.Query().Get("cell"))
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(id))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
