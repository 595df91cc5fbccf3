package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/northwind/inventory-svc/internal/events"
)

func New(pub *events.Publisher) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /adjustments", func(w http.ResponseWriter, r *http.Request) {
		var ev events.StockAdjusted
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ev.OccurredAt = time.Now().UTC()
		if err := pub.StockAdjusted(r.Context(), ev); err != nil {
			http.Error(w, "publish failed", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	return mux
}
