package main

import (
	"context"
	"log"
	"os"
	"strings"

	"github.com/IBM/sarama"
	"github.com/redis/go-redis/v9"
)

const (
	scansTopic = "warehouse.scans"
	groupName  = "stock-sync"
)

func main() {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategySticky()}

	group, err := sarama.NewConsumerGroup(strings.Split(os.Getenv("KAFKA_BROKERS"), ","), groupName, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer group.Close()

	h := &handler{db: redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})}
	ctx := context.Background()
	for {
		if err := group.Consume(ctx, []string{scansTopic}, h); err != nil {
			log.Fatal(err)
		}
	}
}
