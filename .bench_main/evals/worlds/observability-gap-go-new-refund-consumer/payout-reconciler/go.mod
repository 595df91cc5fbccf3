module github.com/shopwell/payout-reconciler

go 1.22

require (
	github.com/confluentinc/confluent-kafka-go/v2 v2.4.0
	github.com/prometheus/client_golang v1.19.1
)
