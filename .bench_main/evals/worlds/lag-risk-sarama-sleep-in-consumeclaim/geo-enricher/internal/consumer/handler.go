package consumer

import (
	"encoding/json"
	"log/slog"

	"github.com/IBM/sarama"

	"github.com/ridehail/geo-enricher/internal/geo"
)

type RideRequested struct {
	RideID string  `json:"ride_id"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
}

type RideEnriched struct {
	RideID string `json:"ride_id"`
	Zone   string `json:"zone"`
	City   string `json:"city"`
}

// Handler implements sarama.ConsumerGroupHandler.
type Handler struct {
	Geo         *geo.Client
	Producer    sarama.SyncProducer
	OutputTopic string
}

func (h *Handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *Handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *Handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var ride RideRequested
		if err := json.Unmarshal(msg.Value, &ride); err != nil {
			slog.Warn("undecodable ride", "offset", msg.Offset, "err", err)
			sess.MarkMessage(msg, "")
			continue
		}
		place, err := h.Geo.Lookup(sess.Context(), ride.Lat, ride.Lon)
		if err != nil {
			return err
		}
		out, _ := json.Marshal(RideEnriched{RideID: ride.RideID, Zone: place.Zone, City: place.City})
		if _, _, err := h.Producer.SendMessage(&sarama.ProducerMessage{
			Topic: h.OutputTopic,
			Key:   sarama.StringEncoder(ride.RideID),
			Value: sarama.ByteEncoder(out),
		}); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
