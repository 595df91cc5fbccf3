package positions

import (
	"context"
	"encoding/binary"
	"log/slog"

	"github.com/riferrei/srclient"
	"github.com/segmentio/kafka-go"
)

type Handler func(ctx context.Context, vehicleID string, pos map[string]any) error

// Run reads vehicles.positions and hands each decoded position to h.
func Run(ctx context.Context, brokers []string, registry *srclient.SchemaRegistryClient, h Handler) error {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: brokers,
		GroupID: "depot-monitor",
		Topic:   "vehicles.positions",
	})
	defer r.Close()

	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		schemaID := binary.BigEndian.Uint32(m.Value[1:5])
		schema, err := registry.GetSchema(int(schemaID))
		if err != nil {
			return err
		}
		native, _, err := schema.Codec().NativeFromBinary(m.Value[5:])
		if err != nil {
			slog.Error("undecodable position", "offset", m.Offset, "err", err)
		} else if err := h(ctx, string(m.Key), native.(map[string]any)); err != nil {
			return err
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}
