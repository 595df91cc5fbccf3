"""Running statement lines per account, kept in a changelogged faust table."""

import faust

app = faust.App("statements", broker="kafka://kafka:9092", topic_partitions=12)


class Posting(faust.Record, serializer="json"):
    transfer_id: str
    account_id: str
    amount_minor: int
    currency: str
    posted_at: str


postings = app.topic("transfers.posted", value_type=Posting)
running_balance = app.Table("running-balance", default=int, partitions=12)


@app.agent(postings)
async def build_statement(stream):
    # The table is partitioned like the topic (by message key = account id),
    # so each account's running balance lives on exactly one worker.
    async for posting in stream:
        running_balance[posting.account_id] += posting.amount_minor
        yield {
            "account_id": posting.account_id,
            "transfer_id": posting.transfer_id,
            "amount_minor": posting.amount_minor,
            "balance_after": running_balance[posting.account_id],
        }
