module github.com/perkbox/rewards

go 1.22

require (
	github.com/linkedin/goavro/v2 v2.12.0
	github.com/prometheus/client_golang v1.19.0
	github.com/riferrei/srclient v0.6.0
	github.com/segmentio/kafka-go v0.4.47
)
