module github.com/acme/audit-sink

go 1.22

require github.com/IBM/sarama v1.43.2
