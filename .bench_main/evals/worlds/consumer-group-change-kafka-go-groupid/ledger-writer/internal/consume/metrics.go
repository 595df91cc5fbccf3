package consume

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var processed = promauto.NewCounter(prometheus.CounterOpts{
	Name: "ledger_writer_records_applied_total",
	Help: "Settled payments written to the ledger.",
})
