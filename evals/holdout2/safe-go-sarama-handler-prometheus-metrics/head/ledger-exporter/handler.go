package main

import (
	"encoding/json"
	"log"
	"strconv"
	"time"

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
	partition := strconv.Itoa(int(claim.Partition()))
	for msg := range claim.Messages() {
		consumerLag.WithLabelValues(partition).Set(float64(claim.HighWaterMarkOffset() - msg.Offset - 1))
		var s settlement
		if err := json.Unmarshal(msg.Value, &s); err != nil {
			log.Printf("bad settlement at %d/%d: %v", msg.Partition, msg.Offset, err)
			recordsSkipped.Inc()
			sess.MarkMessage(msg, "")
			continue
		}
		started := time.Now()
		if err := h.sink.Write(s); err != nil {
			return err
		}
		writeSeconds.Observe(time.Since(started).Seconds())
		recordsExported.Inc()
		sess.MarkMessage(msg, "")
	}
	return nil
}
