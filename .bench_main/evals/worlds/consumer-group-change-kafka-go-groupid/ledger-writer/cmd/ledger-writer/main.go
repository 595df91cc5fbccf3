package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"strings"

	"git.brightbank.io/core/ledger-writer/internal/consume"
	"github.com/jackc/pgx/v5/pgxpool"
)

type pgStore struct{ pool *pgxpool.Pool }

func (s pgStore) Apply(ctx context.Context, key, value []byte) error {
	_, err := s.pool.Exec(ctx, "SELECT ledger.apply_settlement($1, $2::jsonb)", string(key), string(value))
	return err
}

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	pool, err := pgxpool.New(ctx, os.Getenv("LEDGER_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	r := consume.NewReader(strings.Split(os.Getenv("KAFKA_BROKERS"), ","))
	defer r.Close()
	if err := consume.Loop(ctx, r, pgStore{pool}); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
