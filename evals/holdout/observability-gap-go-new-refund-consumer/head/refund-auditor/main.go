package main

import (
	"database/sql"
	"encoding/json"
	"log"
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	_ "github.com/lib/pq"
)

type refund struct {
	OrderID  string `json:"order_id"`
	Amount   int64  `json:"amount_cents"`
	Reason   string `json:"reason"`
	IssuedBy string `json:"issued_by"`
}

func main() {
	db, err := sql.Open("postgres", os.Getenv("AUDIT_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": os.Getenv("KAFKA_BOOTSTRAP"),
		"group.id":          "refund-auditor",
		"auto.offset.reset": "earliest",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Subscribe("refunds.issued", nil); err != nil {
		log.Fatal(err)
	}
	for {
		msg, err := c.ReadMessage(-1)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		var r refund
		if err := json.Unmarshal(msg.Value, &r); err != nil {
			log.Printf("skip malformed refund at %v: %v", msg.TopicPartition, err)
			continue
		}
		if _, err := db.Exec(
			"INSERT INTO refund_audit (order_id, amount_cents, reason, issued_by) VALUES ($1, $2, $3, $4)",
			r.OrderID, r.Amount, r.Reason, r.IssuedBy,
		); err != nil {
			log.Fatalf("audit insert: %v", err)
		}
	}
}
