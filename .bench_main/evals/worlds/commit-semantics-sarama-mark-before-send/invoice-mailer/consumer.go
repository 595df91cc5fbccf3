package main

import (
	"encoding/json"
	"log/slog"

	"github.com/IBM/sarama"
)

type invoiceIssued struct {
	InvoiceID string `json:"invoice_id"`
	Email     string `json:"email"`
	PDFURL    string `json:"pdf_url"`
	AmountDue int64  `json:"amount_due"`
}

type mailerHandler struct {
	mail Mailer
}

func (h *mailerHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *mailerHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *mailerHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			var inv invoiceIssued
			if err := json.Unmarshal(msg.Value, &inv); err != nil {
				slog.Error("malformed invoice event", "offset", msg.Offset, "err", err)
				sess.MarkMessage(msg, "")
				continue
			}
			if err := h.mail.SendInvoice(sess.Context(), inv.Email, inv.InvoiceID, inv.PDFURL); err != nil {
				// returning ends the session; the offset is not marked so the invoice is retried
				return err
			}
			sess.MarkMessage(msg, "")
		case <-sess.Context().Done():
			return nil
		}
	}
}
