package main

import (
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
)

type settlement struct {
	SettlementID string `json:"settlement_id"`
	MerchantID   string `json:"merchant_id"`
	AmountMinor  int64  `json:"amount_minor"`
	Currency     string `json:"currency"`
}

type exportHandler struct {
	sink *CSVSink
}

func (h *exportHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *exportHandler) Cleanup(sarama.ConsumerGroupSession) error { return h.sink.Flush() }

func (h *exportHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var s settlement
		if err := json.Unmarshal(msg.Value, &s); err != nil {
			log.Printf("bad settlement at %d/%d: %v", msg.Partition, msg.Offset, err)
			sess.MarkMessage(msg, "")
			continue
		}
		if err := h.sink.Write(s); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
