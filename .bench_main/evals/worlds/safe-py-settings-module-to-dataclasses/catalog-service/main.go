package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/twmb/franz-go/pkg/kgo"
)

type Product struct {
	SKU   string   `json:"sku"`
	Title string   `json:"title"`
	Tags  []string `json:"tags"`
	Price int64    `json:"price_minor"`
}

func main() {
	client, err := kgo.NewClient(
		kgo.SeedBrokers(os.Getenv("KAFKA_BROKERS")),
		kgo.DefaultProduceTopic("catalog.products"),
		kgo.RequiredAcks(kgo.AllISRAcks()),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	http.HandleFunc("PUT /products/{sku}", func(w http.ResponseWriter, r *http.Request) {
		var p Product
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p.SKU = r.PathValue("sku")
		value, _ := json.Marshal(p)
		if err := client.ProduceSync(context.Background(), &kgo.Record{Key: []byte(p.SKU), Value: value}).FirstErr(); err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
