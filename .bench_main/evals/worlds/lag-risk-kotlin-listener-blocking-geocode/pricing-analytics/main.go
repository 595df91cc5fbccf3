package main

import (
	"context"
	"encoding/json"
	"log"
	"sync"

	"github.com/segmentio/kafka-go"
)

type rideEnriched struct {
	RideID      string `json:"rideId"`
	FareCents   int64  `json:"fareCents"`
	PickupCell  string `json:"pickupCell"`
	DropoffCell string `json:"dropoffCell"`
}

type surge struct {
	mu    sync.Mutex
	rides map[string]int
}

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: "pricing-analytics",
		Topic:   "rides.enriched",
	})
	defer r.Close()
	s := &surge{rides: map[string]int{}}
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		var e rideEnriched
		if json.Unmarshal(m.Value, &e) != nil {
			continue
		}
		s.mu.Lock()
		s.rides[e.PickupCell]++
		s.mu.Unlock()
	}
}
