package indexer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/elastic/go-elasticsearch/v8"
)

type ElasticIndex struct {
	es *elasticsearch.Client
}

func NewElasticIndex(url string) (*ElasticIndex, error) {
	if url == "" {
		url = "http://elasticsearch:9200"
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{Addresses: []string{url}})
	if err != nil {
		return nil, err
	}
	return &ElasticIndex{es: es}, nil
}

func (e *ElasticIndex) Upsert(ctx context.Context, p ProductChanged) error {
	body, _ := json.Marshal(p)
	res, err := e.es.Index("products", bytes.NewReader(body), e.es.Index.WithDocumentID(p.SKU), e.es.Index.WithContext(ctx))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.IsError() {
		return fmt.Errorf("index %s: %s", p.SKU, res.Status())
	}
	return nil
}

func (e *ElasticIndex) Delete(ctx context.Context, sku string) error {
	res, err := e.es.Delete("products", sku, e.es.Delete.WithContext(ctx))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return nil
}
