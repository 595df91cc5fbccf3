module github.com/tradeco/quote-cache

go 1.22

require (
	github.com/IBM/sarama v1.42.2
	github.com/redis/go-redis/v9 v9.5.1
)
