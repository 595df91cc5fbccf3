package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/IBM/sarama"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var settled = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "settlement_transfers_total",
	Help: "Transfers settled, by outcome.",
}, []string{"outcome"})

type transfer struct {
	TransferID  string `json:"transfer_id"`
	AccountID   string `json:"account_id"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

type handler struct {
	bank *BankClient
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var t transfer
		if err := json.Unmarshal(msg.Value, &t); err != nil {
			log.Printf("skipping malformed transfer at offset %d: %v", msg.Offset, err)
			settled.WithLabelValues("malformed").Inc()
			sess.MarkMessage(msg, "")
			continue
		}
		if err := h.bank.Settle(sess.Context(), t.AccountID, t.AmountCents, t.Currency); err != nil {
			return err // the session restarts and the transfer is retried
		}
		settled.WithLabelValues("ok").Inc()
		sess.MarkMessage(msg, "")
	}
	return nil
}

func main() {
	config := sarama.NewConfig()
	config.Version = sarama.V3_6_0_0
	config.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategySticky()}
	config.Consumer.Offsets.Initial = sarama.OffsetNewest

	brokers := strings.Split(os.Getenv("KAFKA_BROKERS"), ",")
	group, err := sarama.NewConsumerGroup(brokers, "settlement", config)
	if err != nil {
		log.Fatalf("consumer group: %v", err)
	}
	defer group.Close()

	go func() {
		http.Handle("/metrics", promhttp.Handler())
		log.Fatal(http.ListenAndServe(":9100", nil))
	}()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h := &handler{bank: NewBankClient(os.Getenv("BANK_GATEWAY_URL"))}
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{"transfers.initiated"}, h); err != nil {
			log.Printf("consume: %v", err)
		}
	}
}
