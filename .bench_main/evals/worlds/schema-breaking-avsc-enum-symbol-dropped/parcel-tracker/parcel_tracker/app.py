from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from parcel_tracker.publisher import build_producer, publish_scan

producer = build_producer()


async def scan_callback(request: Request) -> JSONResponse:
    scan = await request.json()
    publish_scan(producer, scan)
    return JSONResponse({"accepted": True}, status_code=202)


app = Starlette(routes=[Route("/scans", scan_callback, methods=["POST"])], on_shutdown=[producer.flush])
