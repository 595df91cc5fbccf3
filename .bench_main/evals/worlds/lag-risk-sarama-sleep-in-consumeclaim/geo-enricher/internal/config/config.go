package config

import (
	"os"
	"strings"
)

type Config struct {
	Brokers     []string
	GroupID     string
	InputTopic  string
	OutputTopic string
	GeoBaseURL  string
}

func FromEnv() Config {
	return Config{
		Brokers:     strings.Split(env("KAFKA_BROKERS", "localhost:9092"), ","),
		GroupID:     env("GROUP_ID", "geo-enricher"),
		InputTopic:  env("INPUT_TOPIC", "rides.requested"),
		OutputTopic: env("OUTPUT_TOPIC", "rides.enriched"),
		GeoBaseURL:  env("GEO_BASE_URL", "https://geo.partner.example"),
	}
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}
