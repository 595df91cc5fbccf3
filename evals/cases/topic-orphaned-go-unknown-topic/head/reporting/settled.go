package main

import (
	"context"
	"encoding/json"
	"log"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/segmentio/kafka-go"
)

var settledVolume = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "reporting_settled_volume_cents_total",
	Help: "Settled transfer volume by currency.",
}, []string{"currency"})

type transferSettled struct {
	TransferID  string `json:"transfer_id"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

// consumeSettled keeps the settled-volume panel up to date.
func consumeSettled(ctx context.Context, brokers []string) {
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers:  brokers,
		GroupID:        "reporting-settled",
		Topic:          "transfers.settled",
		MinBytes:       1,
		MaxBytes:       10e6,
		CommitInterval: time.Second, // commit asynchronously, once a second
	})
	defer reader.Close()
	for {
		m, err := reader.FetchMessage(ctx)
		if err != nil {
			log.Printf("reporting: settled fetch stopped: %v", err)
			return
		}
		var t transferSettled
		if err := json.Unmarshal(m.Value, &t); err == nil {
			settledVolume.WithLabelValues(t.Currency).Add(float64(t.AmountCents))
		}
		if err := reader.CommitMessages(ctx, m); err != nil {
			log.Printf("reporting: settled commit failed: %v", err)
		}
	}
}
