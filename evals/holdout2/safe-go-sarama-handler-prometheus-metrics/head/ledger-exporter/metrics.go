package main

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	recordsExported = promauto.NewCounter(prometheus.CounterOpts{
		Name: "ledger_exporter_records_exported_total",
		Help: "Settlements written to the export file.",
	})
	recordsSkipped = promauto.NewCounter(prometheus.CounterOpts{
		Name: "ledger_exporter_records_skipped_total",
		Help: "Settlements skipped because they could not be decoded.",
	})
	writeSeconds = promauto.NewHistogram(prometheus.HistogramOpts{
		Name:    "ledger_exporter_write_seconds",
		Help:    "Time to append one settlement to the export file.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 12),
	})
	consumerLag = promauto.NewGaugeVec(prometheus.GaugeOpts{
		Name: "ledger_exporter_consumer_lag",
		Help: "High-water mark minus the offset of the last processed record, per partition.",
	}, []string{"partition"})
)

func serveMetrics(addr string) {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.Handler())
	go func() { _ = http.ListenAndServe(addr, mux) }()
}
