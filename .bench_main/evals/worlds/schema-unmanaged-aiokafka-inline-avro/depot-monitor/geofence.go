package main

import (
	"context"
	"log/slog"
)

type geofences struct{ depots map[string][4]float64 }

func loadGeofences() *geofences {
	return &geofences{depots: map[string][4]float64{"LHR-3": {51.46, -0.49, 51.48, -0.45}}}
}

func (g *geofences) Check(_ context.Context, vehicleID string, pos map[string]any) error {
	lat, lon := pos["lat"].(float64), pos["lon"].(float64)
	for depot, box := range g.depots {
		if lat >= box[0] && lon >= box[1] && lat <= box[2] && lon <= box[3] {
			slog.Info("vehicle at depot", "vehicle", vehicleID, "depot", depot)
		}
	}
	return nil
}
