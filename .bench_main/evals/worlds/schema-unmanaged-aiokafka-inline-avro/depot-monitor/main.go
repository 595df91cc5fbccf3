package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/riferrei/srclient"
	"github.com/routewise/depot-monitor/internal/positions"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	registry := srclient.CreateSchemaRegistryClient(os.Getenv("SCHEMA_REGISTRY_URL"))
	geofence := loadGeofences()
	err := positions.Run(ctx, strings.Split(os.Getenv("KAFKA_BROKERS"), ","), registry, geofence.Check)
	if err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
