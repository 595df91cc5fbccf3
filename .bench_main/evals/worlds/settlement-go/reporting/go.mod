module github.com/acme/transfers/reporting

go 1.22

require (
	github.com/prometheus/client_golang v1.20.4
	github.com/segmentio/kafka-go v0.4.47
)
