module shelfie.io/search-indexer

go 1.21

require (
	github.com/meilisearch/meilisearch-go v0.26.2
	github.com/segmentio/kafka-go v0.4.46
)

require (
	github.com/klauspost/compress v1.17.0 // indirect
	github.com/pierrec/lz4/v4 v4.1.18 // indirect
)
