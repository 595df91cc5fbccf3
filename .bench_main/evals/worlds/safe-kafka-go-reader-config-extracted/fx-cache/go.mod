module github.com/acme/treasury/fx-cache

go 1.22

require (
	github.com/redis/go-redis/v9 v9.5.1
	github.com/segmentio/kafka-go v0.4.47
)
