module github.com/acme/warehouse/handheld-gateway

go 1.22

require (
	github.com/gorilla/websocket v1.5.1
	github.com/segmentio/kafka-go v0.4.47
)
