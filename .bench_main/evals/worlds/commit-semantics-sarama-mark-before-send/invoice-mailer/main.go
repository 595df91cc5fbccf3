package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/IBM/sarama"
)

func main() {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_6_0_0
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Offsets.AutoCommit.Enable = true
	cfg.Consumer.Offsets.AutoCommit.Interval = time.Second

	group, err := sarama.NewConsumerGroup(strings.Split(os.Getenv("KAFKA_BROKERS"), ","), "invoice-mailer", cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer group.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	h := &mailerHandler{mail: NewSMTPMailer(os.Getenv("SMTP_ADDR"))}
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{"billing.invoice-issued"}, h); err != nil {
			log.Printf("consume: %v", err)
			time.Sleep(2 * time.Second)
		}
	}
}
