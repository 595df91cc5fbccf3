package events

import (
	"context"
	"encoding/json"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/northwind/inventory-svc/internal/config"
)

type StockAdjusted struct {
	SKU         string    `json:"sku"`
	WarehouseID string    `json:"warehouse_id"`
	Delta       int       `json:"delta"`
	Reason      string    `json:"reason"`
	OccurredAt  time.Time `json:"occurred_at"`
}

type Publisher struct {
	w *kafka.Writer
}

func NewPublisher(cfg config.Kafka) *Publisher {
	return &Publisher{w: &kafka.Writer{
		Addr:         kafka.TCP(cfg.Brokers...),
		Topic:        cfg.AdjustmentsTopic,
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: cfg.BatchTimeout,
	}}
}

func (p *Publisher) StockAdjusted(ctx context.Context, ev StockAdjusted) error {
	value, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	return p.w.WriteMessages(ctx, kafka.Message{Key: []byte(ev.SKU), Value: value})
}

func (p *Publisher) Close() error { return p.w.Close() }
