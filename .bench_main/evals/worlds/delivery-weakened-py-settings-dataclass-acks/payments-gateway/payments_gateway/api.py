from flask import Flask, jsonify, request

from payments_gateway import events

app = Flask(__name__)


@app.post("/payments/<payment_id>/capture")
def capture(payment_id: str):
    body = request.get_json()
    # ... call the acquirer ...
    events.payment_captured(payment_id, body["merchant_id"], body["amount_minor"], body["currency"])
    return jsonify(status="captured"), 200
