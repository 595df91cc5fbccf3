package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/acme/bank/transfer-service/internal/api"
	"github.com/acme/bank/transfer-service/internal/events"
)

func main() {
	brokers := strings.Split(os.Getenv("KAFKA_BROKERS"), ",")
	producer, err := events.NewProducer(brokers)
	if err != nil {
		log.Fatal(err)
	}
	defer producer.Close()

	http.Handle("/transfers", &api.Handler{Events: producer})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
