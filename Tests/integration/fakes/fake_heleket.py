#!/usr/bin/env python3
"""A minimal fake of Heleket's invoice API for integration tests (standard library only).

    python3 fake_heleket.py --port P --merchant M --api-key K

Point SMSCODE_HELEKET_BASE_URL at http://127.0.0.1:P. Implements POST /v1/payment and POST
/v1/payment/info, checking the `merchant` header and `sign` = md5(base64(raw body) + key) (payments.md
B.1); a bad one answers 401 {"state":1,"message":...}. Validation errors answer 422 {"state":1,"errors":…}.
An existing order_id returns the existing invoice, as Heleket does.

Control endpoints for tests:
  POST /_control/status {"order_id": O, "status": "paid", "notify": true}
       sets the invoice's payment_status; with notify, POSTs a signed webhook (compact JSON, "\\/",
       "sign" last, like Heleket's PHP) to url_callback and returns {"invoice": ..., "callback_status": N}.
  POST /_control/fail_next {"status": 503}   the next API request answers that HTTP status.
  GET  /_control/orders                       every invoice as JSON.
"""
import base64
import hashlib
import hmac
import json
import re
import time
import uuid

from fakehttp import BaseState, FakeHandler, main, notify

FINAL = {"paid", "paid_over", "wrong_amount", "fail", "cancel", "system_fail", "refund_fail", "refund_paid", "locked"}


def sign(raw: bytes, key: str) -> str:
    return hashlib.md5(base64.b64encode(raw) + key.encode()).hexdigest()


def php_json(obj) -> bytes:
    """json_encode($x, JSON_UNESCAPED_UNICODE) for the flat values used here."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("/", "\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


def webhook(inv, key):
    fields = {"type": "payment", "uuid": inv["uuid"], "order_id": inv["order_id"], "amount": inv["amount"],
              "payment_amount": "0.92", "payment_amount_usd": "0.92", "merchant_amount": "0.90", "commission": "0.02",
              "is_final": inv["is_final"], "status": inv["payment_status"], "from": None, "wallet_address_uuid": None,
              "network": "tron", "currency": inv["currency"], "payer_currency": "USDT", "payer_amount": "0.92",
              "payer_amount_exchange_rate": "0.00006153", "additional_data": inv["additional_data"],
              "transfer_id": None, "txid": None}
    fields["sign"] = sign(php_json(fields), key)
    return php_json(fields)


class Handler(FakeHandler):
    def api(self, path, raw, body):
        if self.headers.get("merchant") != self.state.merchant:
            return self.reply(401, {"state": 1, "message": "Merchant not found"})
        if not hmac.compare_digest(sign(raw, self.state.key), self.headers.get("sign") or ""):
            return self.reply(401, {"state": 1, "message": "Invalid Sign"})
        if path == "/v1/payment":
            return self.create(body)
        if path == "/v1/payment/info":
            return self.info(body)
        self.reply(404, {"state": 1, "message": "Not found"})

    def find(self, order_id):
        return next((i for i in self.state.records.values() if i["order_id"] == order_id), None)

    def create(self, b):
        errors = {}
        if not isinstance(b.get("amount"), str) or not re.fullmatch(r"\d+(\.\d+)?", b["amount"]):
            errors["amount"] = ["The amount must be a numeric string."]
        if not b.get("currency"):
            errors["currency"] = ["The currency field is required."]
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,128}", str(b.get("order_id") or "")):
            errors["order_id"] = ["The order id format is invalid."]
        lifetime = b.get("lifetime", 3600)
        if not isinstance(lifetime, int) or not 300 <= lifetime <= 43200:
            errors["lifetime"] = ["The lifetime must be between 300 and 43200."]
        if errors:
            return self.reply(422, {"state": 1, "errors": errors})
        with self.state.lock:
            inv = self.find(b["order_id"])
            if inv is None:
                u = str(uuid.uuid4())
                inv = {"uuid": u, "order_id": b["order_id"], "amount": b["amount"], "currency": b["currency"],
                       "payment_status": "check", "status": "check", "is_final": False,
                       "url": f"http://{self.headers.get('Host')}/pay/{u}", "expired_at": int(time.time()) + lifetime,
                       "url_callback": b.get("url_callback"), "additional_data": b.get("additional_data")}
                self.state.records[u] = inv
        self.reply(200, {"state": 0, "result": inv})

    def info(self, b):
        with self.state.lock:
            inv = self.state.records.get(b.get("uuid")) or self.find(b.get("order_id"))
        if inv is None:
            return self.reply(404, {"state": 1, "message": "Payment not found"})
        self.reply(200, {"state": 0, "result": inv})

    def control_status(self, b):
        with self.state.lock:
            inv = self.find(b.get("order_id"))
            if inv is None or not b.get("status"):
                return self.reply(404, {"error": "unknown order or status"})
            inv.update(payment_status=b["status"], status=b["status"], is_final=b["status"] in FINAL)
        out = {"invoice": inv}
        if b.get("notify"):
            out.update(notify(inv["url_callback"], webhook(inv, self.state.key), "application/json"))
        self.reply(200, out)


if __name__ == "__main__":
    main("heleket", Handler, lambda a: BaseState(a.merchant, a.api_key))
