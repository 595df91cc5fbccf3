package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
	"github.com/redis/go-redis/v9"
)

type scan struct {
	SKU      string `json:"sku"`
	Location string `json:"location"`
	Delta    int    `json:"delta"`
}

type handler struct {
	db *redis.Client
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var s scan
		if err := json.Unmarshal(msg.Value, &s); err != nil {
			log.Printf("bad scan at %d/%d: %v", msg.Partition, msg.Offset, err)
			sess.MarkMessage(msg, "")
			continue
		}
		if err := h.db.HIncrBy(context.Background(), "stock:"+s.Location, s.SKU, int64(s.Delta)).Err(); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
