module github.com/acme/catalog/search-indexer

go 1.22

require (
	github.com/elastic/go-elasticsearch/v8 v8.13.0
	github.com/segmentio/kafka-go v0.4.47
)
