module github.com/fintra/ledger-exporter

go 1.22

require (
	github.com/IBM/sarama v1.43.1
	github.com/prometheus/client_golang v1.19.0
)
