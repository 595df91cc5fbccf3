package main

import (
	"context"
	"net/http"
)

type Store struct{}

func (s *Store) Append(key, value []byte) {}

func main() {
	store := &Store{}
	go runConsumer(context.Background(), store)
	_ = http.ListenAndServe(":8080", nil)
}
