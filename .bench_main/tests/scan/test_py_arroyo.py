"""sentry-arroyo: StreamProcessor consumers, the Produce strategy step, and producer.produce with a
Topic (also inside a comprehension)."""

from __future__ import annotations

from copilot.scan.repo import scan

PIPELINE = """\
from arroyo import Topic
from arroyo.backends.kafka import KafkaConsumer, KafkaProducer
from arroyo.processing import StreamProcessor
from arroyo.processing.strategies import CommitOffsets, Produce

RESULTS = "match-results"


def build_config(group_id: str) -> dict:
    return {"group.id": group_id}


class Forwarder:
    def __init__(self, producer: KafkaProducer, name: str) -> None:
        self.__producer = producer
        self.__topic = Topic("forwarded-" + name)

    def submit(self, batch: list) -> None:
        [self.__producer.produce(self.__topic, item) for item in batch]


def results_step(producer: KafkaProducer, commit):
    return Produce(producer, Topic(RESULTS), CommitOffsets(commit))


def main(factory) -> None:
    matches = Topic("matches")
    processor = StreamProcessor(
        KafkaConsumer(build_config(group_id="matchers")),
        matches,
        factory,
    )
    processor.run()
"""


def test_arroyo_processors_steps_and_producers(make_repo) -> None:
    repo = make_repo({"pyproject.toml": "[project]\nname = 'matcher'\n", "matcher/pipeline.py": PIPELINE})
    result = scan(repo, use_cache=False)
    got = sorted((e.role, e.loc.line, e.topic_name, e.ep.library) for e in result.endpoints)
    assert got == [
        ("consume", 28, "matches", "arroyo"),
        ("produce", 19, '<"forwarded-" + name>', "arroyo"),  # a parameter with no call site: not guessed
        ("produce", 23, "match-results", "arroyo"),
    ]
    consumer = next(e for e in result.endpoints if e.role == "consume")
    assert consumer.ep.group == "matchers"
    step = next(e for e in result.endpoints if e.loc.line == 23)
    assert [(v.path, v.line) for v in step.topic.via] == [("matcher/pipeline.py", 6)]
