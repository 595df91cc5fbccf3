module github.com/shopmart/catalog-service

go 1.22

require github.com/twmb/franz-go v1.16.1
