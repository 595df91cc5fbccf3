package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"
	"github.com/segmentio/kafka-go"
)

func main() {
	search := meilisearch.NewClient(meilisearch.ClientConfig{Host: os.Getenv("MEILI_URL"), APIKey: os.Getenv("MEILI_KEY")})
	index := search.Index("products")

	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        strings.Split(os.Getenv("KAFKA_BROKERS"), ","),
		GroupID:        "search-indexer",
		GroupTopics:    []string{"catalog.product-updated"},
		CommitInterval: 0,
		MaxWait:        250 * time.Millisecond,
	})
	defer r.Close()

	ctx := context.Background()
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(m.Value, &doc); err != nil {
			log.Printf("skipping non-JSON product %s: %v", m.Key, err)
		} else if _, err := index.UpdateDocuments([]map[string]any{doc}, "sku"); err != nil {
			log.Fatal(err)
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			log.Fatal(err)
		}
	}
}
