module github.com/ridehail/geo-enricher

go 1.22

require (
	github.com/IBM/sarama v1.43.1
	github.com/hashicorp/golang-lru/v2 v2.0.7
)
