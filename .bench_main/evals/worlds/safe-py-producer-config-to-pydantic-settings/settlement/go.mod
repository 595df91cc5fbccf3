module github.com/acme/payments/settlement

go 1.22

require github.com/IBM/sarama v1.43.0
