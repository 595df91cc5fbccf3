package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/IBM/sarama"
)

type signup struct {
	UserID string `json:"userId"`
	Email  string `json:"email"`
}

type handler struct{ crm *CRM }

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		var u signup
		if err := json.Unmarshal(m.Value, &u); err == nil {
			h.crm.UpsertContact(u.UserID, u.Email)
		}
		s.MarkMessage(m, "")
	}
	return nil
}

func main() {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	brokers := []string{os.Getenv("KAFKA_BROKER")}
	g, err := sarama.NewConsumerGroup(brokers, "crm-sync", cfg)
	if err != nil {
		log.Fatal(err)
	}
	h := handler{crm: &CRM{}}
	for {
		if err := g.Consume(context.Background(), []string{"user.signed-up"}, h); err != nil {
			log.Printf("consume: %v", err)
		}
	}
}
