module github.com/cardly/card-gateway

go 1.22

require github.com/segmentio/kafka-go v0.4.47
