"""search-indexer settings."""
import os

KAFKA_BOOTSTRAP = os.getenv("KAFKA_BOOTSTRAP", "localhost:9092")
PRODUCTS_TOPIC = os.getenv("PRODUCTS_TOPIC", "catalog.products")
GROUP_ID = os.getenv("INDEXER_GROUP_ID", "search-indexer")
AUTO_OFFSET_RESET = "earliest"
MAX_POLL_RECORDS = 200

OPENSEARCH_URL = os.getenv("OPENSEARCH_URL", "http://localhost:9200")
INDEX_NAME = os.getenv("INDEX_NAME", "products-v3")
