package main

import (
	"context"
	"log"
	"os/signal"
	"syscall"

	"github.com/IBM/sarama"

	"github.com/ridehail/geo-enricher/internal/config"
	"github.com/ridehail/geo-enricher/internal/consumer"
	"github.com/ridehail/geo-enricher/internal/geo"
)

func main() {
	cfg := config.FromEnv()

	sc := sarama.NewConfig()
	sc.Version = sarama.V3_6_0_0
	sc.Consumer.Offsets.Initial = sarama.OffsetNewest
	sc.Producer.RequiredAcks = sarama.WaitForAll
	sc.Producer.Return.Successes = true

	producer, err := sarama.NewSyncProducer(cfg.Brokers, sc)
	if err != nil {
		log.Fatal(err)
	}
	defer producer.Close()

	group, err := sarama.NewConsumerGroup(cfg.Brokers, cfg.GroupID, sc)
	if err != nil {
		log.Fatal(err)
	}
	defer group.Close()

	h := &consumer.Handler{Geo: geo.New(cfg.GeoBaseURL), Producer: producer, OutputTopic: cfg.OutputTopic}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{cfg.InputTopic}, h); err != nil {
			log.Printf("consume error: %v", err)
		}
	}
}
