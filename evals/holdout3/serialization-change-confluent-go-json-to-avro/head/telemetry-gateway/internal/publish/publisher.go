package publish

import (
	_ "embed"
	"fmt"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/avrov2"
)

const ReadingsTopic = "device.readings"

// DeviceReadingSchema is registered under device.readings-value on first use.
//
//go:embed device_reading.avsc
var DeviceReadingSchema string

type Config struct {
	Brokers     string
	RegistryURL string
}

type Publisher struct {
	producer   *kafka.Producer
	serializer serde.Serializer
	topic      string
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
	registry, err := schemaregistry.NewClient(schemaregistry.NewConfig(cfg.RegistryURL))
	if err != nil {
		return nil, fmt.Errorf("schema registry: %w", err)
	}
	ser, err := avrov2.NewSerializer(registry, serde.ValueSerde, avrov2.NewSerializerConfig())
	if err != nil {
		return nil, fmt.Errorf("avro serializer: %w", err)
	}
	go func() {
		for e := range p.Events() {
			if m, ok := e.(*kafka.Message); ok && m.TopicPartition.Error != nil {
				fmt.Printf("delivery failed: %v\n", m.TopicPartition.Error)
			}
		}
	}()
	topic := ReadingsTopic
	return &Publisher{producer: p, serializer: ser, topic: topic}, nil
}

func (p *Publisher) Publish(r Reading) error {
	value, err := p.serializer.Serialize(p.topic, &r)
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
	p.serializer.Close()
	p.producer.Flush(5000)
	p.producer.Close()
}
