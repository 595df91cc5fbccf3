package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/acme/iot/telemetry-gateway/internal/publish"
)

func main() {
	pub, err := publish.New(publish.Config{
		Brokers:     getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
		RegistryURL: getenv("SCHEMA_REGISTRY_URL", "http://schema-registry:8081"),
	})
	if err != nil {
		log.Fatalf("publisher: %v", err)
	}
	defer pub.Close()

	http.HandleFunc("/v1/readings", func(w http.ResponseWriter, r *http.Request) {
		var in []publish.Reading
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, reading := range in {
			if reading.RecordedAt == 0 {
				reading.RecordedAt = time.Now().UnixMilli()
			}
			if err := pub.Publish(reading); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
