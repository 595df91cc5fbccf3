package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/IBM/sarama"

	"github.com/acme/finance/dunning/internal/reminders"
)

const (
	invoicesTopic = "invoice-issued"
	consumerGroup = "dunning"
)

func main() {
	brokers := strings.Split(envOr("KAFKA_BROKERS", "kafka:9092"), ",")

	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategySticky()}

	group, err := sarama.NewConsumerGroup(brokers, consumerGroup, cfg)
	if err != nil {
		log.Fatalf("consumer group: %v", err)
	}
	defer group.Close()

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()

	handler := reminders.NewHandler(reminders.NewScheduler(envOr("SCHEDULER_URL", "http://scheduler:8080")))
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{invoicesTopic}, handler); err != nil {
			log.Printf("consume: %v", err)
		}
	}
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}
