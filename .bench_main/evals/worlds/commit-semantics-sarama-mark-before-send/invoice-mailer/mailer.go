package main

import (
	"context"
	"fmt"
	"net/smtp"
)

type Mailer interface {
	SendInvoice(ctx context.Context, to, invoiceID, pdfURL string) error
}

type smtpMailer struct{ addr string }

func NewSMTPMailer(addr string) Mailer { return smtpMailer{addr: addr} }

func (m smtpMailer) SendInvoice(_ context.Context, to, invoiceID, pdfURL string) error {
	body := fmt.Sprintf("Subject: Invoice %s\r\n\r\nYour invoice is ready: %s\r\n", invoiceID, pdfURL)
	return smtp.SendMail(m.addr, nil, "billing@ledgerly.example", []string{to}, []byte(body))
}
