package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"strings"

	"github.com/IBM/sarama"
)

type click struct {
	AnonymousID string `json:"anonymous_id"`
	UserAgent   string `json:"user_agent"`
	Path        string `json:"path"`
}

type handler struct{ blocked map[string]bool }

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var c click
		if err := json.Unmarshal(msg.Value, &c); err == nil && isBot(c.UserAgent) {
			h.blocked[c.AnonymousID] = true
			log.Printf("flagged %s (%s)", c.AnonymousID, c.UserAgent)
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

func isBot(ua string) bool {
	ua = strings.ToLower(ua)
	return strings.Contains(ua, "bot") || strings.Contains(ua, "spider") || strings.Contains(ua, "headless")
}

func getenv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	cfg := sarama.NewConfig()
	cfg.Consumer.Offsets.Initial = sarama.OffsetNewest
	brokers := strings.Split(getenv("KAFKA_BROKERS", "localhost:9092"), ",")
	group, err := sarama.NewConsumerGroup(brokers, getenv("GROUP_ID", "bot-filter"), cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer group.Close()
	h := &handler{blocked: map[string]bool{}}
	topics := []string{getenv("INPUT_TOPIC", "web.clicks")}
	for {
		if err := group.Consume(context.Background(), topics, h); err != nil {
			log.Fatal(err)
		}
	}
}
