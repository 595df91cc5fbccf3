module github.com/routewise/depot-monitor

go 1.22

require (
	github.com/linkedin/goavro/v2 v2.13.0
	github.com/riferrei/srclient v0.6.0
	github.com/segmentio/kafka-go v0.4.47
)
