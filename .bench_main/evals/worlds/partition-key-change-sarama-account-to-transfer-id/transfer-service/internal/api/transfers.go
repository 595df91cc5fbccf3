package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/acme/bank/transfer-service/internal/events"
)

type TransferRequest struct {
	From        string `json:"from"`
	To          string `json:"to"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

type Handler struct {
	Events *events.Producer
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req TransferRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.AmountMinor <= 0 {
		http.Error(w, "bad transfer", http.StatusBadRequest)
		return
	}
	id := uuid.NewString()
	now := time.Now().UTC()
	err := h.Events.Publish(
		events.Posting{TransferID: id, AccountID: req.From, AmountMinor: -req.AmountMinor, Currency: req.Currency, PostedAt: now},
		events.Posting{TransferID: id, AccountID: req.To, AmountMinor: req.AmountMinor, Currency: req.Currency, PostedAt: now},
	)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(map[string]string{"transfer_id": id})
}
