import os

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
RATES_TOPIC = os.environ.get("FX_RATES_TOPIC", "fx.rates")
PROVIDER_URL = os.environ.get("FX_PROVIDER_URL", "https://fx.example-provider.com/v2/mid")
PAIRS = os.environ.get("FX_PAIRS", "EURUSD,EURGBP,USDJPY").split(",")
