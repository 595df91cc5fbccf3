package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"os"
	"strings"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/segmentio/kafka-go"
)

type account struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Industry string `json:"industry"`
}

func main() {
	es, err := elasticsearch.NewDefaultClient()
	if err != nil {
		log.Fatal(err)
	}
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers:  strings.Split(os.Getenv("KAFKA_BROKERS"), ","),
		GroupID:  "account-search",
		Topic:    "crm.accounts",
		MinBytes: 1,
		MaxBytes: 10e6,
	})
	defer reader.Close()

	ctx := context.Background()
	for {
		msg, err := reader.FetchMessage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		var a account
		if err := json.Unmarshal(msg.Value, &a); err != nil {
			log.Fatalf("bad account record at offset %d: %v", msg.Offset, err)
		}
		body, _ := json.Marshal(a)
		if _, err := es.Index("accounts", bytes.NewReader(body), es.Index.WithDocumentID(string(msg.Key))); err != nil {
			log.Fatal(err)
		}
		if err := reader.CommitMessages(ctx, msg); err != nil {
			log.Fatal(err)
		}
	}
}
