package main

type Address struct {
	Line1      string `avro:"line1"`
	City       string `avro:"city"`
	PostalCode string `avro:"postal_code"`
	Country    string `avro:"country"`
}

type DeliveryWindow struct {
	Earliest int64 `avro:"earliest"`
	Latest   int64 `avro:"latest"`
}

type ShipmentDispatched struct {
	ShipmentID     string          `avro:"shipment_id"`
	OrderID        string          `avro:"order_id"`
	DispatchedAt   int64           `avro:"dispatched_at"`
	Carrier        string          `avro:"carrier"`
	Destination    Address         `avro:"destination"`
	DeliveryWindow *DeliveryWindow `avro:"delivery_window"`
	TrackingURL    *string         `avro:"tracking_url"`
}
