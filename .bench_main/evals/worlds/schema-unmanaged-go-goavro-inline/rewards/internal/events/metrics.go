package events

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	published = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "rewards_events_published_total",
		Help: "Events written to Kafka, by topic.",
	}, []string{"topic"})
	publishErrors = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "rewards_events_publish_errors_total",
		Help: "Failed Kafka writes, by topic.",
	}, []string{"topic"})
)
