from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseSettings):
    """Read from the same environment variables as before (names are case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix="", frozen=True)

    kafka_bootstrap_servers: str = "kafka:9092"
    payments_captured_topic: str = "payments.captured"
    kafka_acks: str = "all"
    kafka_enable_idempotence: bool = True
    kafka_linger_ms: int = 5

    def producer_config(self) -> dict:
        return {
            "bootstrap.servers": self.kafka_bootstrap_servers,
            "acks": self.kafka_acks,
            "enable.idempotence": self.kafka_enable_idempotence,
            "linger.ms": self.kafka_linger_ms,
        }


settings = KafkaSettings()
