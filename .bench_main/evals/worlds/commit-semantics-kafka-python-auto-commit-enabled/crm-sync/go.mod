module github.com/acme/identity/crm-sync

go 1.21

require github.com/IBM/sarama v1.42.1
