package main

import (
	"encoding/csv"
	"os"
	"strconv"
)

type CSVSink struct {
	w *csv.Writer
}

func NewCSVSink(path string) (*CSVSink, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &CSVSink{w: csv.NewWriter(f)}, nil
}

func (s *CSVSink) Write(st settlement) error {
	return s.w.Write([]string{st.SettlementID, st.MerchantID, strconv.FormatInt(st.AmountMinor, 10), st.Currency})
}

func (s *CSVSink) Flush() error {
	s.w.Flush()
	return s.w.Error()
}
