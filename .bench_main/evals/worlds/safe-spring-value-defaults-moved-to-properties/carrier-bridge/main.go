package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/IBM/sarama"
)

const statusTopic = "carrier.status-updates"

type webhook struct {
	CarrierRef string `json:"carrierRef"`
	Status     string `json:"status"`
	ScannedAt  string `json:"scannedAt"`
}

func main() {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Successes = true
	producer, err := sarama.NewSyncProducer(strings.Split(os.Getenv("KAFKA_BROKERS"), ","), cfg)
	if err != nil {
		log.Fatal(err)
	}

	http.HandleFunc("/webhooks/carrier", func(w http.ResponseWriter, r *http.Request) {
		var hook webhook
		if err := json.NewDecoder(r.Body).Decode(&hook); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		payload, _ := json.Marshal(hook)
		if _, _, err := producer.SendMessage(&sarama.ProducerMessage{
			Topic: statusTopic,
			Key:   sarama.StringEncoder(hook.CarrierRef),
			Value: sarama.ByteEncoder(payload),
		}); err != nil {
			http.Error(w, "retry later", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
