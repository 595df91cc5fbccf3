package publish

// Reading is one sensor sample as sent by a device.
type Reading struct {
	DeviceID   string  `json:"device_id" avro:"device_id"`
	Sensor     string  `json:"sensor" avro:"sensor"`
	Value      float64 `json:"value" avro:"value"`
	Unit       string  `json:"unit" avro:"unit"`
	RecordedAt int64   `json:"recorded_at" avro:"recorded_at"`
}
