package publish

import (
	"encoding/json"
	"fmt"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

const ReadingsTopic = "device.readings"

type Config struct {
	Brokers     string
	RegistryURL string
}

type Publisher struct {
	producer *kafka.Producer
	topic    string
}

func New(cfg Config) (*Publisher, error) {
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers":  cfg.Brokers,
		"acks":               "all",
		"enable.idempotence": true,
		"linger.ms":          20,
		"compression.type":   "zstd",
	})
	if err != nil {
		return nil, err
	}
	go func() {
		for e := range p.Events() {
			if m, ok := e.(*kafka.Message); ok && m.TopicPartition.Error != nil {
				fmt.Printf("delivery failed: %v\n", m.TopicPartition.Error)
			}
		}
	}()
	topic := ReadingsTopic
	return &Publisher{producer: p, topic: topic}, nil
}

func (p *Publisher) Publish(r Reading) error {
	value, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode reading: %w", err)
	}
	return p.producer.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &p.topic, Partition: kafka.PartitionAny},
		Key:            []byte(r.DeviceID),
		Value:          value,
	}, nil)
}

func (p *Publisher) Close() {
	p.producer.Flush(5000)
	p.producer.Close()
}
