#!/usr/bin/env python3
"""A minimal fake of Duitku's v2 API for integration tests (standard library only).

    python3 fake_duitku.py --port P --merchant M --api-key K [--scheme auto|hmac-sha256|md5]

Point SMSCODE_DUITKU_BASE_URL at http://127.0.0.1:P (any path prefix is accepted). Implements
POST .../merchant/v2/inquiry and POST .../merchant/transactionStatus with Duitku's signatures
(payments.md A.2: 64 hex = HMAC-SHA256 keyed with the API key, 32 hex = legacy MD5 with the key appended)
and answers 401 {"Message":"Wrong signature"} on a bad one, like the real API.

Control endpoints for tests:
  POST /_control/status {"order_id": O, "status": "00"|"01"|"02" (or paid|pending|failed), "notify": true}
       sets the order's status; with notify, POSTs a signed form callback to the order's callbackUrl
       (resultCode 00 for "00", else 01) and returns {"order": ..., "callback_status": HTTP status}.
  POST /_control/fail_next {"status": 503}   the next API request answers that HTTP status.
  GET  /_control/orders                       every order as JSON.
"""
import hashlib
import hmac
import urllib.parse
import uuid

from fakehttp import BaseState, FakeHandler, main, notify

QRIS = {"SP", "NQ", "GQ", "SQ", "DQ", "LQ"}


class State(BaseState):
    def __init__(self, merchant, key, scheme):
        super().__init__(merchant, key)
        self.scheme = scheme

    def sign(self, message, scheme):
        if scheme == "md5":
            return hashlib.md5((message + self.key).encode()).hexdigest()
        return hmac.new(self.key.encode(), message.encode(), hashlib.sha256).hexdigest()

    def signature_ok(self, message, signature):
        sig = str(signature or "").lower()
        scheme = {64: "hmac-sha256", 32: "md5"}.get(len(sig))
        if scheme is None or self.scheme not in ("auto", scheme):
            return False
        return hmac.compare_digest(self.sign(message, scheme), sig)

    def callback_body(self, order, result_code):
        amount, oid = str(order["amount"]), order["merchantOrderId"]
        sig = self.sign(self.merchant + amount + oid, "md5" if self.scheme == "md5" else "hmac-sha256")
        return urllib.parse.urlencode([
            ("merchantCode", self.merchant), ("amount", amount), ("merchantOrderId", oid),
            ("productDetail", order["productDetails"]), ("additionalParam", ""), ("paymentCode", order["paymentMethod"]),
            ("resultCode", result_code), ("merchantUserId", ""), ("reference", order["reference"]), ("signature", sig),
            ("publisherOrderId", "PUB" + order["reference"][-8:]), ("spUserHash", ""), ("settlementDate", "2030-01-01"),
            ("issuerCode", "")]).encode()


class Handler(FakeHandler):
    def api(self, path, raw, body):
        if body.get("merchantCode") != self.state.merchant:
            return self.reply(404, {"Message": "Merchant not found"})
        if path.endswith("/merchant/v2/inquiry"):
            return self.inquiry(body)
        if path.endswith("/merchant/transactionStatus"):
            return self.status(body)
        self.reply(404, {"Message": "Not found"})

    def inquiry(self, b):
        st, oid, amount = self.state, str(b.get("merchantOrderId") or ""), b.get("paymentAmount")
        if not st.signature_ok(st.merchant + oid + str(amount), b.get("signature")):
            return self.reply(401, {"Message": "Wrong signature"})
        for field in ("merchantOrderId", "paymentMethod", "email", "productDetails", "callbackUrl", "returnUrl", "customerVaName"):
            if not b.get(field):
                return self.reply(400, {"Message": f"{field} is mandatory"})
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 10000:
            return self.reply(400, {"Message": "Minimum Payment 10000 IDR"})
        items = b.get("itemDetails") or []
        if items and sum(int(i.get("price", 0)) for i in items) != amount:
            return self.reply(409, {"Message": "Payment amount must be equal to all item price"})
        method = b["paymentMethod"]
        with st.lock:
            if oid in st.records:
                return self.reply(400, {"Message": "merchantOrderId already used"})
            ref = st.merchant + uuid.uuid4().hex[:12].upper()
            st.records[oid] = dict(b, amount=amount, reference=ref, statusCode="01")
        self.reply(200, {"merchantCode": st.merchant, "reference": ref,
                         "paymentUrl": f"http://{self.headers.get('Host')}/redirect/{ref}",
                         "vaNumber": "" if method in QRIS else "7007014" + ref[-6:],
                         "qrString": "00020101021226" + ref if method in QRIS else "",
                         "amount": str(amount), "statusCode": "00", "statusMessage": "SUCCESS"})

    def status(self, b):
        st, oid = self.state, str(b.get("merchantOrderId") or "")
        if not st.signature_ok(st.merchant + oid, b.get("signature")):
            return self.reply(401, {"Message": "Wrong signature"})
        with st.lock:
            order = st.records.get(oid)
        if order is None:
            return self.reply(400, {"Message": "Transaction not found"})
        text = {"00": "SUCCESS", "01": "PROCESS", "02": "CANCELED"}[order["statusCode"]]
        self.reply(200, {"merchantOrderId": oid, "reference": order["reference"], "amount": str(order["amount"]),
                         "fee": "0.00", "statusCode": order["statusCode"], "statusMessage": text})

    def control_status(self, b):
        code = {"paid": "00", "pending": "01", "failed": "02"}.get(b.get("status"), b.get("status"))
        with self.state.lock:
            order = self.state.records.get(str(b.get("order_id")))
            if order is None or code not in ("00", "01", "02"):
                return self.reply(404, {"error": "unknown order or status"})
            order["statusCode"] = code
        out = {"order": order}
        if b.get("notify"):
            out.update(notify(order["callbackUrl"], self.state.callback_body(order, "00" if code == "00" else "01"),
                              "application/x-www-form-urlencoded"))
        self.reply(200, out)


if __name__ == "__main__":
    main("duitku", Handler, lambda a: State(a.merchant, a.api_key, a.scheme))
