import psycopg


class Journal:
    def __init__(self, dsn: str) -> None:
        self._conn = psycopg.connect(dsn, autocommit=True)

    def post(self, *, order_id: str, currency: str, net_minor: int, vat_minor: int) -> None:
        self._conn.execute(
            "INSERT INTO revenue (order_id, currency, net_minor, vat_minor) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (order_id) DO NOTHING",
            (order_id, currency, net_minor, vat_minor),
        )
