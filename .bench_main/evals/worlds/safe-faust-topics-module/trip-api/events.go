package main

import (
	"encoding/json"
	"log"
	"time"

	"github.com/IBM/sarama"
)

type tripRequested struct {
	TripID      string  `json:"trip_id"`
	Cell        string  `json:"cell"`
	RequestedAt float64 `json:"requested_at"`
}

type tripEvents struct{ p sarama.AsyncProducer }

func newTripEvents(brokers []string) (*tripEvents, error) {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Errors = true
	p, err := sarama.NewAsyncProducer(brokers, cfg)
	if err != nil {
		return nil, err
	}
	go func() {
		for e := range p.Errors() {
			log.Printf("trip event lost: %v", e.Err)
		}
	}()
	return &tripEvents{p: p}, nil
}

func (t *tripEvents) requested(tripID, cell string) {
	body, _ := json.Marshal(tripRequested{TripID: tripID, Cell: cell, RequestedAt: float64(time.Now().UnixMilli()) / 1000})
	t.p.Input() <- &sarama.ProducerMessage{Topic: "trips.requested", Key: sarama.StringEncoder(tripID), Value: sarama.ByteEncoder(body)}
}
