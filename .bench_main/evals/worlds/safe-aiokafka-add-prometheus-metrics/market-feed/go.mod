module tickstream.dev/market-feed

go 1.22

require (
	github.com/gorilla/websocket v1.5.3
	github.com/segmentio/kafka-go v0.4.47
)
