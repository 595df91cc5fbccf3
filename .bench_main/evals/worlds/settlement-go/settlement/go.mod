module github.com/acme/transfers/settlement

go 1.22

require (
	github.com/IBM/sarama v1.43.3
	github.com/prometheus/client_golang v1.20.4
)
