"""Providers through nginx: an SMS-Activate-protocol upstream (../shared/clients/fake_server.py started
as the upstream) and the own pool with its HMAC-signed inbound SMS, tried in that order
(PROVIDERS=pool,upstream). Then the upstream dies: purchases fail with 503 and nothing is charged."""
import hashlib
import hmac
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import (SHARED_CLIENTS, api, audit_clean, create_account, create_token, credit, free_port, http,
                     run_smscode, stop, unique_email, wait_until)

POOL_SECRET = "it-pool-inbound-secret-42"
UPSTREAM_KEY = "it-upstream-key"
ORDERS = "/api/v1/orders"


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("upstream") / "fake_server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, str(SHARED_CLIENTS / "fake_server.py"), "--port", str(port),
                                 "--api-key", UPSTREAM_KEY, "--sms-delay", "1"], stdout=out, stderr=out)
    wait_until(lambda: proc.poll() is None and http(port, "GET", "/healthz", timeout=2).status == 200,
               timeout=15, what="fake upstream")
    yield proc, port
    stop(proc, signal.SIGTERM)


@pytest.fixture(scope="module")
def stack(stack_factory, upstream):
    _, port = upstream
    with stack_factory("smscode-prov-", SMSCODE_PROVIDERS="pool,upstream", SMSCODE_POOL_INBOUND_SECRET=POOL_SECRET,
                       SMSCODE_UPSTREAM_URL=f"http://127.0.0.1:{port}/stubs/handler_api.php",
                       SMSCODE_UPSTREAM_API_KEY=UPSTREAM_KEY, SMSCODE_UPSTREAM_TIMEOUT="2",
                       SMSCODE_POOL_WINDOWS="*=900") as s:
        yield s


def customer(stack, funds=100_000):
    email = create_account(stack.data_dir, unique_email("prov"))
    credit(stack.data_dir, email, funds)
    return email, create_token(stack.data_dir, email)


def balance(stack, token):
    return api(stack.port, "GET", "/api/v1/me", bearer=token).json()["balance"]


def signed_inbound(stack, payload: dict, secret: str = POOL_SECRET, skew: int = 0):
    body = json.dumps(payload).encode()
    ts = str(int(time.time()) + skew)
    sig = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return api(stack.port, "POST", "/api/v1/inbound/sms", body,
               headers={"X-SMSCode-Timestamp": ts, "X-SMSCode-Signature": sig})


def test_an_upstream_number_gets_its_code_by_polling(stack):
    _, token = customer(stack)
    resp = api(stack.port, "POST", ORDERS, {"service": "tg", "country": "ID"}, bearer=token)
    assert resp.status == 201, resp.body
    order = resp.json()
    assert order["phone"].startswith("+62812"), order      # the fake upstream's number, not a pool one
    deadline = time.time() + 30
    while order["status"] == "pending" and time.time() < deadline:
        r = http(stack.port, "GET", f"{ORDERS}/{order['id']}?wait=10", headers={"Authorization": f"Bearer {token}"}, timeout=20)
        order = r.json()
    assert order["status"] == "received", order
    assert order["code"] and order["code"].isdigit() and len(order["code"]) == 6
    msgs = api(stack.port, "GET", f"{ORDERS}/{order['id']}/messages", bearer=token).json()["items"]
    assert len(msgs) == 1 and order["code"] in msgs[0]["text"]
    assert api(stack.port, "POST", f"{ORDERS}/{order['id']}/finish", bearer=token).json()["status"] == "finished"
    # Sold out upstream (the fake has no Instagram numbers in Indonesia): 409, nothing charged.
    before = balance(stack, token)
    resp = api(stack.port, "POST", ORDERS, {"service": "ig", "country": "ID"}, bearer=token)
    assert resp.status == 409 and resp.json()["error"]["code"] == "no_numbers", resp.body
    assert balance(stack, token) == before


def test_a_pool_number_is_leased_first_and_its_signed_sms_arrives(stack):
    phone = "+628550000" + str(int(time.time()) % 100000).zfill(5)
    assert "added 1 of 1" in run_smscode(stack.data_dir, "pool", "add", "--country", "ID", phone)
    _, token = customer(stack)
    order = api(stack.port, "POST", ORDERS, {"service": "wa", "country": "ID"}, bearer=token).json()
    assert order["phone"] == phone, order
    sms = {"to": phone, "from": "WhatsApp", "text": "Kode WhatsApp Anda: 318-204", "received_at": "2026-11-27T10:00:00Z"}
    assert signed_inbound(stack, sms, secret="not-the-secret-at-all").status == 401
    assert signed_inbound(stack, sms, skew=-400).status == 401
    assert signed_inbound(stack, sms).json() == {"status": "delivered"}
    assert signed_inbound(stack, sms).json() == {"status": "duplicate"}
    got = api(stack.port, "GET", f"{ORDERS}/{order['id']}", bearer=token).json()
    assert got["status"] == "received" and got["code"] == "318204", got


def test_a_dead_upstream_fails_the_order_and_refunds_it(stack, upstream):
    proc, _ = upstream
    stop(proc, signal.SIGTERM)
    _, token = customer(stack)
    before = balance(stack, token)
    resp = api(stack.port, "POST", ORDERS, {"service": "tg", "country": "GB"}, bearer=token)
    assert resp.status == 503, resp.body
    assert resp.json()["error"]["code"] == "provider_unavailable"
    assert resp.headers.get("Retry-After") == "5"
    assert balance(stack, token) == before
    [failed] = api(stack.port, "GET", ORDERS, bearer=token).json()["items"]
    assert failed["status"] == "failed" and failed["refunded"] is True and failed["phone"] is None, failed
    ledger = api(stack.port, "GET", "/api/v1/ledger", bearer=token).json()["items"]
    refs = {row["reference"]: row["amount"] for row in ledger}
    assert refs[f"order:{failed['id']}:charge"] == -failed["price"]
    assert refs[f"order:{failed['id']}:refund"] == failed["price"]
    audit_clean(stack.data_dir)
