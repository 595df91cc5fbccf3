module github.com/freightly/carrier-bridge

go 1.22

require github.com/IBM/sarama v1.43.1
