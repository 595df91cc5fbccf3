module github.com/acme/bank/transfer-service

go 1.22

require (
	github.com/IBM/sarama v1.43.0
	github.com/google/uuid v1.6.0
)
