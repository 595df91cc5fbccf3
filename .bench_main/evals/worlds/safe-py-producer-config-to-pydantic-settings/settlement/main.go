package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
)

type captured struct {
	PaymentID   string `json:"payment_id"`
	MerchantID  string `json:"merchant_id"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

type batcher struct{}

func (batcher) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (batcher) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (batcher) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		var p captured
		if err := json.Unmarshal(m.Value, &p); err != nil {
			log.Printf("skip %d: %v", m.Offset, err)
		} else {
			log.Printf("settle %s %d %s to %s", p.PaymentID, p.AmountMinor, p.Currency, p.MerchantID)
		}
		s.MarkMessage(m, "")
	}
	return nil
}

func main() {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	g, err := sarama.NewConsumerGroup([]string{"kafka:9092"}, "settlement", cfg)
	if err != nil {
		log.Fatal(err)
	}
	for {
		if err := g.Consume(context.Background(), []string{"payments.captured"}, batcher{}); err != nil {
			log.Print(err)
		}
	}
}
