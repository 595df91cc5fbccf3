package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/riferrei/srclient"

	"github.com/perkbox/rewards/internal/api"
	"github.com/perkbox/rewards/internal/events"
)

func main() {
	brokers := strings.Split(os.Getenv("KAFKA_BROKERS"), ",")
	registry := srclient.CreateSchemaRegistryClient(os.Getenv("SCHEMA_REGISTRY_URL"))

	points, err := events.NewPointsPublisher(brokers, registry)
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.Handler())
	api.Register(mux, points)
	log.Fatal(http.ListenAndServe(":8080", mux))
}
