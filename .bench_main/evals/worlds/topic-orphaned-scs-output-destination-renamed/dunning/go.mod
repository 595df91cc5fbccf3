module github.com/acme/finance/dunning

go 1.21

require github.com/IBM/sarama v1.42.1
