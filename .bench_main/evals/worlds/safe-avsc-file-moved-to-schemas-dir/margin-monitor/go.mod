module github.com/acme/pricing/margin-monitor

go 1.22

require (
	github.com/IBM/sarama v1.43.0
	github.com/linkedin/goavro/v2 v2.12.0
	github.com/riferrei/srclient v0.6.0
)
