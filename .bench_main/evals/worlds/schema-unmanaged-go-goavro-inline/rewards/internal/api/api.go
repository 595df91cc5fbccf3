package api

import (
	"encoding/json"
	"net/http"

	"github.com/perkbox/rewards/internal/events"
)

type earnRequest struct {
	MemberID string `json:"member_id"`
	Points   int    `json:"points"`
	Source   string `json:"source"`
}

func Register(mux *http.ServeMux, points *events.PointsPublisher) {
	mux.HandleFunc("POST /earn", func(w http.ResponseWriter, r *http.Request) {
		var req earnRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := points.Publish(r.Context(), req.MemberID, req.Points, req.Source); err != nil {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
}
