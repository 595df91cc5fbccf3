package consume

import (
	"context"
	"time"

	"github.com/segmentio/kafka-go"
)

const (
	settledTopic = "payments.settled"
	groupID      = "ledger-writer"
)

// NewReader returns the reader for settled payments. Offsets are committed
// explicitly after the ledger transaction commits (see Loop).
func NewReader(brokers []string) *kafka.Reader {
	return kafka.NewReader(kafka.ReaderConfig{
		Brokers:        brokers,
		GroupID:        groupID,
		Topic:          settledTopic,
		StartOffset:    kafka.FirstOffset,
		MaxWait:        500 * time.Millisecond,
		CommitInterval: 0,
	})
}

type Store interface {
	Apply(ctx context.Context, key, value []byte) error
}

func Loop(ctx context.Context, r *kafka.Reader, store Store) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := store.Apply(ctx, m.Key, m.Value); err != nil {
			return err
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
		processed.Inc()
	}
}
