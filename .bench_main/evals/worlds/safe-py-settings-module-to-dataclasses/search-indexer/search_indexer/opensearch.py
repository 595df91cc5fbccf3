import json

import httpx


class BulkIndexer:
    def __init__(self, url: str, index: str) -> None:
        self._http = httpx.AsyncClient(base_url=url, timeout=30.0)
        self._index = index

    async def index(self, docs: list[tuple[str, dict | None]]) -> None:
        lines = []
        for doc_id, doc in docs:
            if doc is None:
                lines.append(json.dumps({"delete": {"_index": self._index, "_id": doc_id}}))
            else:
                lines.append(json.dumps({"index": {"_index": self._index, "_id": doc_id}}))
                lines.append(json.dumps(doc))
        resp = await self._http.post("/_bulk", content="\n".join(lines) + "\n",
                                     headers={"Content-Type": "application/x-ndjson"})
        resp.raise_for_status()

    async def close(self) -> None:
        await self._http.aclose()
