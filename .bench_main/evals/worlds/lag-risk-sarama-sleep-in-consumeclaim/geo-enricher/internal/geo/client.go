package geo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

type Place struct {
	Zone string `json:"zone"`
	City string `json:"city"`
}

type Client struct {
	baseURL string
	http    *http.Client
	cache   *lru.Cache[string, Place]
}

func New(baseURL string) *Client {
	c, _ := lru.New[string, Place](50_000)
	return &Client{baseURL: baseURL, http: &http.Client{Timeout: 2 * time.Second}, cache: c}
}

func (c *Client) Lookup(ctx context.Context, lat, lon float64) (Place, error) {
	key := fmt.Sprintf("%.3f,%.3f", math.Round(lat*1000)/1000, math.Round(lon*1000)/1000)
	if p, ok := c.cache.Get(key); ok {
		return p, nil
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/reverse?latlon="+key, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		return Place{}, err
	}
	defer resp.Body.Close()
	var p Place
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return Place{}, err
	}
	c.cache.Add(key, p)
	return p, nil
}
