package main

import (
	"log"
	"net/http"

	"github.com/northwind/inventory-svc/internal/config"
	"github.com/northwind/inventory-svc/internal/events"
	"github.com/northwind/inventory-svc/internal/httpapi"
)

func main() {
	cfg := config.Load()
	pub := events.NewPublisher(cfg.Kafka)
	defer pub.Close()

	srv := httpapi.New(pub)
	log.Printf("inventory-svc listening on %s", cfg.HTTPAddr)
	log.Fatal(http.ListenAndServe(cfg.HTTPAddr, srv))
}
