package events

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/IBM/sarama"
)

const PostingsTopic = "transfers.posted"

// Posting is one leg of a transfer against one account.
type Posting struct {
	TransferID  string    `json:"transfer_id"`
	AccountID   string    `json:"account_id"`
	AmountMinor int64     `json:"amount_minor"` // negative = debit
	Currency    string    `json:"currency"`
	PostedAt    time.Time `json:"posted_at"`
}

type Producer struct {
	sync sarama.SyncProducer
}

func NewProducer(brokers []string) (*Producer, error) {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Idempotent = true
	cfg.Producer.Retry.Max = 10
	cfg.Producer.Return.Successes = true
	cfg.Net.MaxOpenRequests = 1
	cfg.Producer.Partitioner = sarama.NewHashPartitioner

	p, err := sarama.NewSyncProducer(brokers, cfg)
	if err != nil {
		return nil, fmt.Errorf("sync producer: %w", err)
	}
	return &Producer{sync: p}, nil
}

// Publish writes both legs; postings of one account are keyed by the account
// so consumers see them in order.
func (p *Producer) Publish(legs ...Posting) error {
	msgs := make([]*sarama.ProducerMessage, 0, len(legs))
	for _, leg := range legs {
		body, err := json.Marshal(leg)
		if err != nil {
			return err
		}
		msgs = append(msgs, &sarama.ProducerMessage{
			Topic: PostingsTopic,
			Key:   sarama.StringEncoder(leg.AccountID),
			Value: sarama.ByteEncoder(body),
		})
	}
	return p.sync.SendMessages(msgs)
}

func (p *Producer) Close() error { return p.sync.Close() }
