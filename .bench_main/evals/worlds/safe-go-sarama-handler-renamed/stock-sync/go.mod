module github.com/palletops/stock-sync

go 1.21

require (
	github.com/IBM/sarama v1.43.0
	github.com/redis/go-redis/v9 v9.5.1
)
