// Package consume holds the Kafka wiring of fx-cache.
package consume

import (
	"time"

	"github.com/segmentio/kafka-go"
)

const (
	RatesTopic = "fx.rates"
	GroupID    = "fx-cache"
)

// NewRatesReader returns the consumer-group reader for fx.rates. A fresh
// group starts at the newest rate: old rates are worthless to the cache.
func NewRatesReader(brokers []string) *kafka.Reader {
	return kafka.NewReader(kafka.ReaderConfig{
		Brokers:        brokers,
		Topic:          RatesTopic,
		GroupID:        GroupID,
		StartOffset:    kafka.LastOffset,
		MinBytes:       1,
		MaxBytes:       1 << 20,
		MaxWait:        250 * time.Millisecond,
		CommitInterval: 2 * time.Second,
	})
}
