package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/acme/transfers/transfer-api/internal/events"
)

type transferRequest struct {
	AccountID   string `json:"account_id"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

func main() {
	brokers := strings.Split(getenv("KAFKA_BROKERS", "localhost:9092"), ",")
	publisher := events.NewPublisher(brokers)
	defer publisher.Close()

	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.Handler())
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("POST /transfers", func(w http.ResponseWriter, r *http.Request) {
		var req transferRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.AmountCents <= 0 {
			http.Error(w, "invalid transfer", http.StatusBadRequest)
			return
		}
		event := events.TransferInitiated{
			TransferID:  uuid.NewString(),
			AccountID:   req.AccountID,
			AmountCents: req.AmountCents,
			Currency:    req.Currency,
			InitiatedAt: time.Now().UTC(),
		}
		if err := publisher.Publish(r.Context(), event); err != nil {
			log.Printf("publish failed: %v", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		_ = json.NewEncoder(w).Encode(map[string]string{"transfer_id": event.TransferID})
	})
	log.Fatal(http.ListenAndServe(":8080", mux))
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
