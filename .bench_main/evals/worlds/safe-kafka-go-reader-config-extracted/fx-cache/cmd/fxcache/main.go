package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/segmentio/kafka-go"
)

type rate struct {
	Base  string  `json:"base"`
	Quote string  `json:"quote"`
	Mid   float64 `json:"mid"`
	AsOf  int64   `json:"as_of"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	brokers := strings.Split(envOr("KAFKA_BROKERS", "kafka:9092"), ",")
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        brokers,
		Topic:          "fx.rates",
		GroupID:        "fx-cache",
		StartOffset:    kafka.LastOffset,
		MinBytes:       1,
		MaxBytes:       1 << 20,
		MaxWait:        250 * time.Millisecond,
		CommitInterval: 2 * time.Second,
	})
	defer reader.Close()

	rdb := redis.NewClient(&redis.Options{Addr: envOr("REDIS_ADDR", "redis:6379")})
	defer rdb.Close()

	for {
		msg, err := reader.ReadMessage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Fatalf("read: %v", err)
		}
		var r rate
		if err := json.Unmarshal(msg.Value, &r); err != nil {
			log.Printf("bad rate at %d: %v", msg.Offset, err)
			continue
		}
		key := "fx:" + r.Base + r.Quote
		if err := rdb.HSet(ctx, key, "mid", r.Mid, "as_of", r.AsOf).Err(); err != nil {
			log.Printf("redis: %v", err)
		}
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
