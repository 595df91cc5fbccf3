module github.com/shopwell/refund-auditor

go 1.22

require (
	github.com/confluentinc/confluent-kafka-go/v2 v2.4.0
	github.com/lib/pq v1.10.9
)
