package events

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/segmentio/kafka-go"
)

// TransfersTopic carries one TransferInitiated event per accepted transfer.
const TransfersTopic = "transfers.initiated"

var published = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "transfer_events_published_total",
	Help: "TransferInitiated events written to Kafka.",
}, []string{"outcome"})

type TransferInitiated struct {
	TransferID  string    `json:"transfer_id"`
	AccountID   string    `json:"account_id"`
	AmountCents int64     `json:"amount_cents"`
	Currency    string    `json:"currency"`
	InitiatedAt time.Time `json:"initiated_at"`
}

type Publisher struct {
	writer *kafka.Writer
}

func NewPublisher(brokers []string) *Publisher {
	return &Publisher{writer: &kafka.Writer{
		Addr:         kafka.TCP(brokers...),
		Topic:        TransfersTopic,
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		MaxAttempts:  10,
	}}
}

func (p *Publisher) Publish(ctx context.Context, t TransferInitiated) error {
	payload, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode transfer %s: %w", t.TransferID, err)
	}
	err = p.writer.WriteMessages(ctx, kafka.Message{
		Key:   []byte(t.AccountID),
		Value: payload,
	})
	if err != nil {
		published.WithLabelValues("failed").Inc()
		return fmt.Errorf("publish transfer %s: %w", t.TransferID, err)
	}
	published.WithLabelValues("ok").Inc()
	return nil
}

func (p *Publisher) Close() error {
	return p.writer.Close()
}
