package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/acme/catalog/search-indexer/internal/indexer"
)

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	brokers := strings.Split(os.Getenv("KAFKA_BROKERS"), ",")
	if len(brokers) == 0 || brokers[0] == "" {
		brokers = []string{"kafka:9092"}
	}

	idx, err := indexer.NewElasticIndex(os.Getenv("ELASTIC_URL"))
	if err != nil {
		log.Fatalf("elastic: %v", err)
	}
	c := indexer.NewConsumer(brokers, idx)
	defer c.Close()
	if err := c.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatalf("indexer stopped: %v", err)
	}
}
