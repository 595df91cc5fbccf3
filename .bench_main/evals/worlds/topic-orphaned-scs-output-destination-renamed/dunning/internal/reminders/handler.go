package reminders

import (
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
)

type invoiceIssued struct {
	InvoiceID  string `json:"invoiceId"`
	CustomerID string `json:"customerId"`
	DueDate    string `json:"dueDate"`
}

type Handler struct {
	scheduler *Scheduler
}

func NewHandler(s *Scheduler) *Handler { return &Handler{scheduler: s} }

func (h *Handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *Handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *Handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var inv invoiceIssued
		if err := json.Unmarshal(msg.Value, &inv); err != nil {
			log.Printf("bad invoice payload at %d: %v", msg.Offset, err)
			sess.MarkMessage(msg, "")
			continue
		}
		if err := h.scheduler.ScheduleReminders(sess.Context(), inv.InvoiceID, inv.CustomerID, inv.DueDate); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
