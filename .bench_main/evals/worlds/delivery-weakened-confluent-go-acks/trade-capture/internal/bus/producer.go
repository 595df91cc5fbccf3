package bus

import (
	"fmt"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

const TradesTopic = "trades.executed"

type Publisher struct {
	p     *kafka.Producer
	topic string
}

func NewPublisher(bootstrap string) (*Publisher, error) {
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers":  bootstrap,
		"client.id":          "trade-capture",
		"acks":               "all",
		"enable.idempotence": true,
		"linger.ms":          5,
		"compression.type":   "lz4",
	})
	if err != nil {
		return nil, fmt.Errorf("create producer: %w", err)
	}
	return &Publisher{p: p, topic: TradesTopic}, nil
}

// Publish blocks until the broker acknowledged the trade.
func (pub *Publisher) Publish(tradeID string, payload []byte) error {
	done := make(chan kafka.Event, 1)
	err := pub.p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &pub.topic, Partition: kafka.PartitionAny},
		Key:            []byte(tradeID),
		Value:          payload,
	}, done)
	if err != nil {
		return err
	}
	m := (<-done).(*kafka.Message)
	return m.TopicPartition.Error
}

func (pub *Publisher) Close() {
	pub.p.Flush(10_000)
	pub.p.Close()
}
