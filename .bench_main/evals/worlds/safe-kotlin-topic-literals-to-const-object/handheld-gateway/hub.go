package main

import (
	"log"
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

type Hub struct {
	mu      sync.Mutex
	byZone  map[string][]*websocket.Conn
	upgrade websocket.Upgrader
}

func NewHub() *Hub { return &Hub{byZone: map[string][]*websocket.Conn{}} }

func (h *Hub) Serve(addr string) {
	http.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		conn, err := h.upgrade.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		zone := r.URL.Query().Get("zone")
		h.mu.Lock()
		h.byZone[zone] = append(h.byZone[zone], conn)
		h.mu.Unlock()
	})
	log.Fatal(http.ListenAndServe(addr, nil))
}

func (h *Hub) PushToZone(zone string, payload []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.byZone[zone] {
		_ = c.WriteMessage(websocket.TextMessage, payload)
	}
}
