package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/segmentio/kafka-go"
)

var volume = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "reporting_transfer_volume_cents_total",
	Help: "Initiated transfer volume by currency.",
}, []string{"currency"})

type transferInitiated struct {
	AccountID   string `json:"account_id"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

func main() {
	brokers := strings.Split(os.Getenv("KAFKA_BROKERS"), ",")
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers:  brokers,
		GroupID:  "reporting",
		Topic:    "transfers.initiated",
		MinBytes: 1,
		MaxBytes: 10e6,
	})
	defer reader.Close()

	go func() {
		http.Handle("/metrics", promhttp.Handler())
		log.Fatal(http.ListenAndServe(":9101", nil))
	}()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for {
		m, err := reader.FetchMessage(ctx)
		if err != nil {
			log.Printf("reporting: fetch stopped: %v", err)
			return
		}
		var t transferInitiated
		if err := json.Unmarshal(m.Value, &t); err != nil {
			log.Printf("reporting: bad transfer at %d/%d: %v", m.Partition, m.Offset, err)
		} else {
			volume.WithLabelValues(t.Currency).Add(float64(t.AmountCents))
		}
		if err := reader.CommitMessages(ctx, m); err != nil {
			log.Printf("reporting: commit failed: %v", err)
		}
	}
}
