module github.com/acme/transfers/transfer-api

go 1.22

require (
	github.com/google/uuid v1.6.0
	github.com/prometheus/client_golang v1.20.4
	github.com/segmentio/kafka-go v0.4.47
)
