module github.com/acme/shop/invoicing

go 1.22

require (
	github.com/confluentinc/confluent-kafka-go/v2 v2.3.0
	github.com/hamba/avro/v2 v2.20.1
)
