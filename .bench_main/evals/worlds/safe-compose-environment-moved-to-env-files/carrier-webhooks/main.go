package main

import (
	"io"
	"log"
	"net/http"
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	topic := os.Getenv("TRACKING_TOPIC")
	if topic == "" {
		log.Fatal("TRACKING_TOPIC is required")
	}
	producer, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers":  os.Getenv("KAFKA_BROKERS"),
		"acks":               "all",
		"enable.idempotence": true,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer producer.Close()

	http.HandleFunc("/webhooks/tracking", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		trackingNo := r.Header.Get("X-Tracking-Number")
		delivery := make(chan kafka.Event, 1)
		err = producer.Produce(&kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Key:            []byte(trackingNo),
			Value:          body,
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
		w.WriteHeader(http.StatusNoContent)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
