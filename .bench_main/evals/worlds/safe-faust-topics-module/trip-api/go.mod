module rideshare.example/trip-api

go 1.21

require (
	github.com/IBM/sarama v1.42.2
	github.com/google/uuid v1.6.0
)
