package audit

import (
	"encoding/json"
	"time"

	"github.com/IBM/sarama"
)

const (
	TopicLogins         = "auth.logins"
	TopicPasswordResets = "auth.password-resets"
)

type Emitter struct {
	producer sarama.AsyncProducer
}

func NewEmitter(brokers []string) (*Emitter, error) {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Errors = true
	p, err := sarama.NewAsyncProducer(brokers, cfg)
	if err != nil {
		return nil, err
	}
	go func() {
		for e := range p.Errors() {
			_ = e // counted by the producer_errors metric in middleware
		}
	}()
	return &Emitter{producer: p}, nil
}

func (e *Emitter) Login(userID, ip string, success bool) {
	e.emit(TopicLogins, userID, map[string]any{"user_id": userID, "ip": ip, "success": success, "ts": now()})
}

func (e *Emitter) PasswordReset(userID, ip, channel string) {
	e.emit(TopicPasswordResets, userID, map[string]any{"user_id": userID, "ip": ip, "channel": channel, "ts": now()})
}

func (e *Emitter) emit(topic, key string, v any) {
	body, _ := json.Marshal(v)
	e.producer.Input() <- &sarama.ProducerMessage{Topic: topic, Key: sarama.StringEncoder(key), Value: sarama.ByteEncoder(body)}
}

func now() float64 { return float64(time.Now().UnixNano()) / 1e9 }
