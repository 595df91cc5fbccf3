module github.com/acme/ar-aging

go 1.22

require github.com/confluentinc/confluent-kafka-go/v2 v2.4.0
