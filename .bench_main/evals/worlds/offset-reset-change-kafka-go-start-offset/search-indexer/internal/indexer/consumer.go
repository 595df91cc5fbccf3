package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

const (
	productsTopic = "catalog.products"
	groupID       = "search-indexer"
)

type ProductChanged struct {
	SKU         string   `json:"sku"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	PriceCents  int64    `json:"price_cents"`
	Tags        []string `json:"tags"`
	Deleted     bool     `json:"deleted"`
}

type Index interface {
	Upsert(ctx context.Context, p ProductChanged) error
	Delete(ctx context.Context, sku string) error
}

type Consumer struct {
	reader *kafka.Reader
	index  Index
}

func NewConsumer(brokers []string, index Index) *Consumer {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        brokers,
		GroupID:        groupID,
		Topic:          productsTopic,
		MinBytes:       1,
		MaxBytes:       10 << 20,
		MaxWait:        500 * time.Millisecond,
		StartOffset:    kafka.FirstOffset,
		CommitInterval: 0, // commit synchronously after each message
	})
	return &Consumer{reader: r, index: index}
}

func (c *Consumer) Run(ctx context.Context) error {
	for {
		msg, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		var p ProductChanged
		if err := json.Unmarshal(msg.Value, &p); err != nil {
			return fmt.Errorf("decode %s@%d: %w", msg.Topic, msg.Offset, err)
		}
		if p.Deleted {
			err = c.index.Delete(ctx, p.SKU)
		} else {
			err = c.index.Upsert(ctx, p)
		}
		if err != nil {
			return err
		}
		if err := c.reader.CommitMessages(ctx, msg); err != nil {
			return err
		}
	}
}

func (c *Consumer) Close() error { return c.reader.Close() }
