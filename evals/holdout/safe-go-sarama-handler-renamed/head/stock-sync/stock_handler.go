package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
	"github.com/redis/go-redis/v9"
)

// palletScan is one scanner event from warehouse.scans.
type palletScan struct {
	SKU      string `json:"sku"`
	Location string `json:"location"`
	Delta    int    `json:"delta"`
}

// stockLevelHandler applies scans to the per-location stock hash in Redis.
type stockLevelHandler struct {
	store *redis.Client
}

func (h *stockLevelHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *stockLevelHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *stockLevelHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var s palletScan
		if err := json.Unmarshal(msg.Value, &s); err != nil {
			log.Printf("bad scan at %d/%d: %v", msg.Partition, msg.Offset, err)
			sess.MarkMessage(msg, "")
			continue
		}
		if err := h.store.HIncrBy(context.Background(), "stock:"+s.Location, s.SKU, int64(s.Delta)).Err(); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
