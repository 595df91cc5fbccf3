package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/twmb/franz-go/pkg/kgo"
)

type customer struct {
	ID       int64  `json:"id"`
	Country  string `json:"country"`
	Plan     string `json:"plan"`
	Lifetime int64  `json:"lifetime_value_cents"`
}

func main() {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(os.Getenv("KAFKA_BROKERS")),
		kgo.ConsumerGroup("segment-builder"),
		kgo.ConsumeTopics("crm.customers"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer cl.Close()

	segments := map[string]int{}
	for {
		fetches := cl.PollFetches(context.Background())
		fetches.EachRecord(func(r *kgo.Record) {
			var c customer
			if err := json.Unmarshal(r.Value, &c); err != nil {
				log.Printf("bad customer record: %v", err)
				return
			}
			segments[c.Country+"/"+c.Plan]++
		})
	}
}
