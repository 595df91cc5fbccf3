package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

type ReturnRequested struct {
	ReturnID   string   `json:"returnId"`
	OrderID    string   `json:"orderId"`
	CustomerID string   `json:"customerId"`
	Items      []string `json:"items"`
	Reason     string   `json:"reason"`
}

var topic = "returns.requested"

func main() {
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers":  os.Getenv("KAFKA_BOOTSTRAP_SERVERS"),
		"acks":               "all",
		"enable.idempotence": true,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()

	http.HandleFunc("/returns", func(w http.ResponseWriter, r *http.Request) {
		var rr ReturnRequested
		if err := json.NewDecoder(r.Body).Decode(&rr); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		value, _ := json.Marshal(rr)
		delivery := make(chan kafka.Event, 1)
		err := p.Produce(&kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Key:            []byte(rr.OrderID),
			Value:          value,
		}, delivery)
		if err == nil {
			if m := (<-delivery).(*kafka.Message); m.TopicPartition.Error != nil {
				err = m.TopicPartition.Error
			}
		}
		if err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
