package reminders

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

type Scheduler struct {
	url    string
	client *http.Client
}

func NewScheduler(url string) *Scheduler {
	return &Scheduler{url: url, client: &http.Client{Timeout: 3 * time.Second}}
}

func (s *Scheduler) ScheduleReminders(ctx context.Context, invoiceID, customerID, dueDate string) error {
	body, _ := json.Marshal(map[string]string{"invoice": invoiceID, "customer": customerID, "due": dueDate})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"/reminders", bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("scheduler: %s", resp.Status)
	}
	return nil
}
