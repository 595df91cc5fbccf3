package main

import (
	"time"

	"github.com/IBM/sarama"
)

const auditTopic = "security.audit-log"

func newProducer(brokers []string) (sarama.SyncProducer, error) {
	cfg := sarama.NewConfig()
	cfg.ClientID = "audit-shipper"
	cfg.Producer.RequiredAcks = sarama.WaitForLocal
	cfg.Producer.Retry.Max = 3
	cfg.Producer.Retry.Backoff = 250 * time.Millisecond
	cfg.Producer.Return.Successes = true
	cfg.Producer.Compression = sarama.CompressionSnappy
	return sarama.NewSyncProducer(brokers, cfg)
}

func ship(p sarama.SyncProducer, host string, line []byte) error {
	_, _, err := p.SendMessage(&sarama.ProducerMessage{
		Topic: auditTopic,
		Key:   sarama.StringEncoder(host),
		Value: sarama.ByteEncoder(line),
	})
	return err
}
