package main

import "sync"

type PointsStore struct {
	mu     sync.Mutex
	points map[string]int64
}

func NewPointsStore() *PointsStore { return &PointsStore{points: map[string]int64{}} }

func (s *PointsStore) Credit(customerID string, pts int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.points[customerID] += pts
}
