import os

import faust

app = faust.App(
    "recommendations",
    broker=os.getenv("FAUST_BROKER", "kafka://kafka:9092"),
    value_serializer="json",
)


class ProductChanged(faust.Record, serializer="json"):
    sku: str
    title: str
    tags: list
    deleted: bool = False


products_topic = app.topic("catalog.products", value_type=ProductChanged)
tag_index = app.Table("skus-by-tag", default=list)


@app.agent(products_topic)
async def index_tags(products):
    async for product in products:
        for tag in product.tags:
            skus = set(tag_index[tag])
            if product.deleted:
                skus.discard(product.sku)
            else:
                skus.add(product.sku)
            tag_index[tag] = sorted(skus)
