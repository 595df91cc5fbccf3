package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"time"

	"github.com/segmentio/kafka-go"
)

type txn struct {
	TransactionID string `json:"transactionId"`
	WalletID      string `json:"walletId"`
	AmountMinor   int64  `json:"amountMinor"`
	At            int64  `json:"at"`
}

// window keeps the last minute of debits per wallet; it assumes a wallet's
// transactions arrive in order on a single partition.
type window map[string][]txn

func (w window) add(t txn) int64 {
	cutoff := t.At - int64(time.Minute/time.Millisecond)
	kept := w[t.WalletID][:0]
	var sum int64
	for _, prev := range w[t.WalletID] {
		if prev.At >= cutoff {
			kept = append(kept, prev)
			sum += prev.AmountMinor
		}
	}
	w[t.WalletID] = append(kept, t)
	return sum + t.AmountMinor
}

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{os.Getenv("KAFKA_BROKER")},
		GroupID: "velocity-guard",
		Topic:   "wallet.transactions",
	})
	defer r.Close()
	w := window{}
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		var t txn
		if json.Unmarshal(m.Value, &t) != nil {
			continue
		}
		if spent := w.add(t); spent < -500_00 {
			log.Printf("velocity alert wallet=%s spent=%d in 60s", t.WalletID, -spent)
		}
	}
}
