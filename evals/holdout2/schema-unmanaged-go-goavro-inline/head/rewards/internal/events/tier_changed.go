package events

import (
	"context"
	"time"

	"github.com/linkedin/goavro/v2"
	"github.com/segmentio/kafka-go"
)

const TierChangedTopic = "rewards.tier-changed"

var tierChangedCodec = mustCodec(`{
  "type": "record",
  "name": "TierChanged",
  "namespace": "com.perkbox.rewards",
  "fields": [
    {"name": "member_id", "type": "string"},
    {"name": "from_tier", "type": "string"},
    {"name": "to_tier", "type": "string"},
    {"name": "changed_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
  ]
}`)

func mustCodec(schema string) *goavro.Codec {
	c, err := goavro.NewCodec(schema)
	if err != nil {
		panic(err)
	}
	return c
}

type TierPublisher struct {
	w *kafka.Writer
}

func NewTierPublisher(brokers []string) *TierPublisher {
	return &TierPublisher{w: &kafka.Writer{Addr: kafka.TCP(brokers...), Topic: TierChangedTopic, RequiredAcks: kafka.RequireAll}}
}

func (p *TierPublisher) Publish(ctx context.Context, memberID, from, to string) error {
	body, err := tierChangedCodec.BinaryFromNative(nil, map[string]interface{}{
		"member_id":  memberID,
		"from_tier":  from,
		"to_tier":    to,
		"changed_at": time.Now().UTC(),
	})
	if err != nil {
		return err
	}
	if err := p.w.WriteMessages(ctx, kafka.Message{Key: []byte(memberID), Value: body}); err != nil {
		publishErrors.WithLabelValues(TierChangedTopic).Inc()
		return err
	}
	published.WithLabelValues(TierChangedTopic).Inc()
	return nil
}
