import uuid
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from orders_api.events import OrderEvents

events = OrderEvents()


async def create_order(request: Request) -> JSONResponse:
    body = await request.json()
    order = {
        "order_id": str(uuid.uuid4()),
        "customer_id": body["customer_id"],
        "lines": body["lines"],
        "total_cents": sum(line["qty"] * line["unit_price_cents"] for line in body["lines"]),
    }
    await events.order_created(order)
    return JSONResponse({"order_id": order["order_id"]}, status_code=201)


@asynccontextmanager
async def lifespan(app):
    await events.start()
    yield
    await events.stop()


app = Starlette(routes=[Route("/orders", create_order, methods=["POST"])], lifespan=lifespan)
