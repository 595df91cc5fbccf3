package config

import (
	"os"
	"strings"
	"time"
)

type Config struct {
	Brokers     []string
	GroupID     string
	InputTopic  string
	OutputTopic string
	GeoBaseURL  string
	Throttle    time.Duration
}

func FromEnv() Config {
	return Config{
		Brokers:     strings.Split(env("KAFKA_BROKERS", "localhost:9092"), ","),
		GroupID:     env("GROUP_ID", "geo-enricher"),
		InputTopic:  env("INPUT_TOPIC", "rides.requested"),
		OutputTopic: env("OUTPUT_TOPIC", "rides.enriched"),
		GeoBaseURL:  env("GEO_BASE_URL", "https://geo.partner.example"),
		Throttle:    mustDuration(env("THROTTLE_DELAY", "250ms")),
	}
}

func mustDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}
