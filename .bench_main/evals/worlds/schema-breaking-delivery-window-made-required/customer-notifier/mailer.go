package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

type Mailer struct {
	baseURL string
	client  *http.Client
}

func NewMailer(baseURL string) *Mailer {
	return &Mailer{baseURL: baseURL, client: &http.Client{Timeout: 5 * time.Second}}
}

func (m *Mailer) SendOnItsWay(ctx context.Context, evt ShipmentDispatched) error {
	body := map[string]any{
		"template": "parcel-on-its-way",
		"order_id": evt.OrderID,
		"carrier":  evt.Carrier,
	}
	if evt.DeliveryWindow != nil {
		body["window_from"] = time.UnixMilli(evt.DeliveryWindow.Earliest).Format(time.RFC3339)
		body["window_to"] = time.UnixMilli(evt.DeliveryWindow.Latest).Format(time.RFC3339)
	}
	payload, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.baseURL+"/v1/send", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := m.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("mailer returned %d", resp.StatusCode)
	}
	return nil
}
