package main

import (
	"context"
	"log"

	"github.com/IBM/sarama"
)

type auditHandler struct{ store *Store }

func (auditHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (auditHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h auditHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		h.store.Append(msg.Key, msg.Value)
		sess.MarkMessage(msg, "")
	}
	return nil
}

func runConsumer(ctx context.Context, store *Store) {
	cfg := sarama.NewConfig()
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	group, err := sarama.NewConsumerGroup([]string{"kafka:9092"}, "audit-sink", cfg)
	if err != nil {
		log.Fatal(err)
	}
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{"account-events"}, auditHandler{store}); err != nil {
			log.Print(err)
		}
	}
}
