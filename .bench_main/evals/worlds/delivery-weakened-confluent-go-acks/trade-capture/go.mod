module github.com/quantdesk/trade-capture

go 1.22

require github.com/confluentinc/confluent-kafka-go/v2 v2.5.0
