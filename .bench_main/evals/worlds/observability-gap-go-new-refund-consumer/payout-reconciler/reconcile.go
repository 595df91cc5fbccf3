package main

import (
	"encoding/json"
	"log"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

func reconcile(value []byte) {
	var r struct {
		OrderID string `json:"order_id"`
		Amount  int64  `json:"amount_cents"`
	}
	if err := json.Unmarshal(value, &r); err != nil {
		log.Printf("bad refund: %v", err)
		return
	}
	// matching against the PSP payout report happens here (omitted)
}

// recordLag reads librdkafka's statistics JSON and exports consumer_lag per partition.
func recordLag(stats string, g *prometheus.GaugeVec) {
	var s struct {
		Topics map[string]struct {
			Partitions map[string]struct {
				ConsumerLag int64 `json:"consumer_lag"`
			} `json:"partitions"`
		} `json:"topics"`
	}
	if json.Unmarshal([]byte(stats), &s) != nil {
		return
	}
	for _, t := range s.Topics {
		for p, st := range t.Partitions {
			if _, err := strconv.Atoi(p); err == nil && st.ConsumerLag >= 0 {
				g.WithLabelValues(p).Set(float64(st.ConsumerLag))
			}
		}
	}
}
