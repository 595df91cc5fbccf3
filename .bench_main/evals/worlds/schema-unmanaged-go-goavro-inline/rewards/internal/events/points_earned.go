package events

import (
	"context"
	_ "embed"
	"encoding/binary"
	"time"

	"github.com/riferrei/srclient"
	"github.com/segmentio/kafka-go"
)

//go:embed schemas/points_earned.avsc
var pointsEarnedSchema string

const PointsEarnedTopic = "rewards.points-earned"

type PointsPublisher struct {
	w      *kafka.Writer
	schema *srclient.Schema
}

func NewPointsPublisher(brokers []string, registry *srclient.SchemaRegistryClient) (*PointsPublisher, error) {
	schema, err := registry.CreateSchema(PointsEarnedTopic+"-value", pointsEarnedSchema, srclient.Avro)
	if err != nil {
		return nil, err
	}
	return &PointsPublisher{
		w:      &kafka.Writer{Addr: kafka.TCP(brokers...), Topic: PointsEarnedTopic, RequiredAcks: kafka.RequireAll},
		schema: schema,
	}, nil
}

func (p *PointsPublisher) Publish(ctx context.Context, memberID string, points int, source string) error {
	native := map[string]interface{}{
		"member_id": memberID,
		"points":    points,
		"source":    source,
		"earned_at": time.Now().UTC(),
	}
	body, err := p.schema.Codec().BinaryFromNative(nil, native)
	if err != nil {
		return err
	}
	// Confluent wire format: magic byte 0, 4-byte schema id, Avro body.
	header := make([]byte, 5)
	binary.BigEndian.PutUint32(header[1:], uint32(p.schema.ID()))
	err = p.w.WriteMessages(ctx, kafka.Message{Key: []byte(memberID), Value: append(header, body...)})
	if err != nil {
		publishErrors.WithLabelValues(PointsEarnedTopic).Inc()
		return err
	}
	published.WithLabelValues(PointsEarnedTopic).Inc()
	return nil
}
