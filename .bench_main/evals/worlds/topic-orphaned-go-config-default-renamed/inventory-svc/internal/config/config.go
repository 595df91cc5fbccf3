// Package config loads inventory-svc settings from the environment.
package config

import (
	"os"
	"strings"
	"time"
)

type Kafka struct {
	Brokers          []string
	AdjustmentsTopic string
	ClientID         string
	BatchTimeout     time.Duration
}

type Config struct {
	HTTPAddr    string
	DatabaseURL string
	Kafka       Kafka
}

func Load() Config {
	return Config{
		HTTPAddr:    getenv("HTTP_ADDR", ":8080"),
		DatabaseURL: getenv("DATABASE_URL", "postgres://inventory@localhost/inventory"),
		Kafka: Kafka{
			Brokers:          strings.Split(getenv("KAFKA_BROKERS", "localhost:9092"), ","),
			AdjustmentsTopic: getenv("INVENTORY_ADJUSTMENTS_TOPIC", "inventory.adjustments"),
			ClientID:         "inventory-svc",
			BatchTimeout:     20 * time.Millisecond,
		},
	}
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
