package main

import (
	"bufio"
	"encoding/json"
	"log"
	"os"

	"github.com/quantdesk/trade-capture/internal/bus"
)

type fill struct {
	TradeID string  `json:"trade_id"`
	Symbol  string  `json:"symbol"`
	Side    string  `json:"side"`
	Qty     int64   `json:"qty"`
	Price   float64 `json:"price"`
}

// Reads FIX drop-copy fills (already converted to JSON lines by the gateway) from stdin.
func main() {
	pub, err := bus.NewPublisher(os.Getenv("KAFKA_BOOTSTRAP"))
	if err != nil {
		log.Fatal(err)
	}
	defer pub.Close()
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		var f fill
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			log.Printf("skip malformed fill: %v", err)
			continue
		}
		if err := pub.Publish(f.TradeID, sc.Bytes()); err != nil {
			log.Fatalf("publish %s: %v", f.TradeID, err)
		}
	}
}
