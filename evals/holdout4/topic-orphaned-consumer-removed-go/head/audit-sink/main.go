package main

import (
	"net/http"
)

type Store struct{}

func (s *Store) Append(key, value []byte) {}

func main() {
	_ = http.ListenAndServe(":8080", nil)
}
