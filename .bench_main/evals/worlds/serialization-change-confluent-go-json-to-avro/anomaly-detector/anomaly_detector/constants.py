READINGS_TOPIC = "device.readings"
ALERTS_TOPIC = "device.alerts"
CONSUMER_GROUP = "anomaly-detector"
WINDOW = 120
