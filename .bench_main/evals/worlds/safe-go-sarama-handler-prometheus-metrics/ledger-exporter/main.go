package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/IBM/sarama"
)

type Config struct {
	Brokers []string
	GroupID string
	Topic   string
	OutPath string
}

func loadConfig() Config {
	return Config{
		Brokers: strings.Split(os.Getenv("KAFKA_BROKERS"), ","),
		GroupID: "ledger-exporter",
		Topic:   "payments.settled",
		OutPath: os.Getenv("EXPORT_PATH"),
	}
}

func main() {
	cfg := loadConfig()
	sc := sarama.NewConfig()
	sc.Version = sarama.V3_5_0_0
	sc.Consumer.Offsets.Initial = sarama.OffsetOldest
	sc.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategyCooperativeSticky()}

	sink, err := NewCSVSink(cfg.OutPath)
	if err != nil {
		log.Fatal(err)
	}
	group, err := sarama.NewConsumerGroup(cfg.Brokers, cfg.GroupID, sc)
	if err != nil {
		log.Fatal(err)
	}
	defer group.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{cfg.Topic}, &exportHandler{sink: sink}); err != nil {
			log.Printf("consume: %v", err)
		}
	}
}
