package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/IBM/sarama"
	"github.com/redis/go-redis/v9"
)

const quotesTopic = "pricing.quotes"

type Quote struct {
	SKU        string `json:"sku"`
	PriceMinor int64  `json:"priceMinor"`
	VatMinor   int64  `json:"vatMinor"`
	Currency   string `json:"currency"`
}

type handler struct {
	rdb *redis.Client
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var q Quote
		if err := json.Unmarshal(msg.Value, &q); err != nil {
			log.Printf("skipping undecodable quote at %s/%d@%d: %v", msg.Topic, msg.Partition, msg.Offset, err)
			sess.MarkMessage(msg, "")
			continue
		}
		payload, _ := json.Marshal(q)
		if err := h.rdb.Set(sess.Context(), "quote:"+q.SKU, payload, 0).Err(); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

func main() {
	brokers := strings.Split(getenv("KAFKA_BROKERS", "localhost:9092"), ",")
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_6_0_0
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest

	group, err := sarama.NewConsumerGroup(brokers, "quote-cache", cfg)
	if err != nil {
		log.Fatalf("consumer group: %v", err)
	}
	defer group.Close()

	rdb := redis.NewClient(&redis.Options{Addr: getenv("REDIS_ADDR", "localhost:6379")})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	h := &handler{rdb: rdb}
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{quotesTopic}, h); err != nil {
			log.Printf("consume: %v", err)
		}
	}
}

func getenv(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}
