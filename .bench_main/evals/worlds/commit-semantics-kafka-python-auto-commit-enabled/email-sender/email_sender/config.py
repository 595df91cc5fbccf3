import os


class Config:
    BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    SIGNUPS_TOPIC = os.environ.get("SIGNUPS_TOPIC", "user.signed-up")
    GROUP_ID = os.environ.get("EMAIL_SENDER_GROUP", "email-sender")
    SES_REGION = os.environ.get("SES_REGION", "eu-west-1")
    FROM_ADDRESS = os.environ.get("FROM_ADDRESS", "hello@acme.example")
