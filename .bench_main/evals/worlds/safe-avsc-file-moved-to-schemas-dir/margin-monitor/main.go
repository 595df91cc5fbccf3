package main

import (
	"context"
	"encoding/binary"
	"log"

	"github.com/IBM/sarama"
	"github.com/riferrei/srclient"
)

type monitor struct {
	registry *srclient.SchemaRegistryClient
}

func (monitor) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (monitor) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (m monitor) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for msg := range c.Messages() {
		if len(msg.Value) < 5 {
			s.MarkMessage(msg, "")
			continue
		}
		schemaID := binary.BigEndian.Uint32(msg.Value[1:5])
		schema, err := m.registry.GetSchema(int(schemaID))
		if err != nil {
			return err
		}
		native, _, err := schema.Codec().NativeFromBinary(msg.Value[5:])
		if err != nil {
			log.Printf("undecodable price change at %d: %v", msg.Offset, err)
			s.MarkMessage(msg, "")
			continue
		}
		record := native.(map[string]interface{})
		price := record["new_price"].(map[string]interface{})
		log.Printf("sku %v now %v %v", record["sku"], price["amount_minor"], price["currency"])
		s.MarkMessage(msg, "")
	}
	return nil
}

func main() {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	group, err := sarama.NewConsumerGroup([]string{"kafka:9092"}, "margin-monitor", cfg)
	if err != nil {
		log.Fatal(err)
	}
	h := monitor{registry: srclient.CreateSchemaRegistryClient("http://schema-registry:8081")}
	for {
		if err := group.Consume(context.Background(), []string{"pricing.price-changed"}, h); err != nil {
			log.Print(err)
		}
	}
}
