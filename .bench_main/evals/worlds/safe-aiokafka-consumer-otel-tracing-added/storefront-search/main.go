package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/segmentio/kafka-go"
)

type moderated struct {
	ReviewID  string `json:"review_id"`
	ProductID string `json:"product_id"`
	Verdict   string `json:"verdict"`
}

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: "storefront-search-reviews",
		Topic:   "reviews.moderated",
	})
	defer r.Close()
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		var v moderated
		if json.Unmarshal(m.Value, &v) == nil && v.Verdict == "APPROVED" {
			log.Printf("index review %s of %s", v.ReviewID, v.ProductID)
		}
	}
}
