package alerts

import (
	"encoding/json"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

var topic = "alerts.raised"

type Alert struct {
	ID       string `json:"id"`
	Check    string `json:"check"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type Emitter struct{ p *kafka.Producer }

func NewEmitter(bootstrap string) (*Emitter, error) {
	p, err := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": bootstrap, "acks": "all"})
	if err != nil {
		return nil, err
	}
	return &Emitter{p: p}, nil
}

func (e *Emitter) Raise(a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return e.p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Key:            []byte(a.ID),
		Value:          body,
	}, nil)
}
