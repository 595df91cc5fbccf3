package main

import (
	"context"
	"encoding/json"

	"github.com/segmentio/kafka-go"
)

type CardTransaction struct {
	TransactionID    string `json:"transactionId"`
	CardID           string `json:"cardId"`
	MerchantCategory string `json:"merchantCategory"`
	Country          string `json:"country"`
	AmountMinor      int64  `json:"amountMinor"`
}

type Publisher struct{ w *kafka.Writer }

func NewPublisher(brokers ...string) *Publisher {
	return &Publisher{w: &kafka.Writer{
		Addr:         kafka.TCP(brokers...),
		Topic:        "cards.transactions",
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
	}}
}

func (p *Publisher) Authorised(ctx context.Context, t CardTransaction) error {
	v, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return p.w.WriteMessages(ctx, kafka.Message{Key: []byte(t.CardID), Value: v})
}
