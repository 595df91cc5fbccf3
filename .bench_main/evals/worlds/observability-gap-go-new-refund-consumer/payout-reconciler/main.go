package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	reconciled = promauto.NewCounter(prometheus.CounterOpts{Name: "payout_reconciler_records_total"})
	lagGauge   = promauto.NewGaugeVec(prometheus.GaugeOpts{Name: "payout_reconciler_consumer_lag"}, []string{"partition"})
)

func main() {
	go func() {
		http.Handle("/metrics", promhttp.Handler())
		log.Fatal(http.ListenAndServe(":9102", nil))
	}()
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":      os.Getenv("KAFKA_BOOTSTRAP"),
		"group.id":               "payout-reconciler",
		"auto.offset.reset":      "earliest",
		"statistics.interval.ms": 15000,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.SubscribeTopics([]string{"refunds.issued"}, nil); err != nil {
		log.Fatal(err)
	}
	for {
		switch ev := c.Poll(int((500 * time.Millisecond).Milliseconds())).(type) {
		case *kafka.Message:
			reconcile(ev.Value)
			reconciled.Inc()
		case *kafka.Stats:
			recordLag(ev.String(), lagGauge)
		case kafka.Error:
			log.Printf("kafka: %v", ev)
		}
	}
}
