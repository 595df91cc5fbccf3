package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/IBM/sarama"
)

type purchase struct {
	PurchaseID  string `json:"purchase_id"`
	MemberID    string `json:"member_id"`
	StoreID     string `json:"store_id"`
	AmountCents int64  `json:"amount_cents"`
}

func main() {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Idempotent = true
	cfg.Net.MaxOpenRequests = 1
	cfg.Producer.Return.Successes = true

	producer, err := sarama.NewSyncProducer(strings.Split(os.Getenv("KAFKA_BROKERS"), ","), cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer producer.Close()

	http.HandleFunc("/purchases", func(w http.ResponseWriter, r *http.Request) {
		var p purchase
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body, _ := json.Marshal(p)
		_, _, err := producer.SendMessage(&sarama.ProducerMessage{
			Topic: "pos.purchases",
			Key:   sarama.StringEncoder(p.MemberID),
			Value: sarama.ByteEncoder(body),
		})
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
