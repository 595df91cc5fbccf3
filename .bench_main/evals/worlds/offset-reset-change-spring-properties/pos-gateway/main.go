package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

type purchase struct {
	ReceiptID  string  `json:"receiptId"`
	MemberID   *string `json:"memberId,omitempty"`
	TotalCents int64   `json:"totalCents"`
	StoreID    string  `json:"storeId"`
}

const purchasesTopic = "pos.purchases"

func main() {
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers":  os.Getenv("KAFKA_BOOTSTRAP"),
		"acks":               "all",
		"enable.idempotence": true,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()
	go func() {
		for e := range p.Events() {
			if m, ok := e.(*kafka.Message); ok && m.TopicPartition.Error != nil {
				log.Printf("delivery failed: %v", m.TopicPartition.Error)
			}
		}
	}()

	topic := purchasesTopic
	http.HandleFunc("/receipts", func(w http.ResponseWriter, r *http.Request) {
		var pur purchase
		if err := json.NewDecoder(r.Body).Decode(&pur); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body, _ := json.Marshal(pur)
		err := p.Produce(&kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Key:            []byte(pur.StoreID),
			Value:          body,
		}, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
