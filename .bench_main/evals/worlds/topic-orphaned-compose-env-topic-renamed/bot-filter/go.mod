module github.com/shopfront/bot-filter

go 1.21

require github.com/IBM/sarama v1.42.1
