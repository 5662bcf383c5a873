"""The compatibility APIs through nginx (issue 8): the real client packages `smsactivate` 1.5 and `fivesim`
1.2.0 driven through a whole flow by ../shared/clients/run_smsactivate.py and run_fivesim.py (each must exit
0), the wire details those scripts do not reach (POST form bodies, 405, 401 with an empty body, tokens for
bad input), and the upstream SMS webhook.

Two stacks of this module's own (conftest.py `stack_factory`):
  sa     SMS-Activate: the simulated provider delivers every SMS after 5 s (SIM_SMS_DELAY=5-5,
         SIM_NO_SMS_RATE=0) and an order may be cancelled 2 s after purchase (CANCEL_HOLD=2), so the script
         waits 3 s (CANCEL_DELAY) before cancelling — inside the hold it would get EARLY_CANCEL_DENIED, after
         5 s the SMS would make the order non-refundable. It also takes signed upstream pushes.
  fivesim  delivers after 3 s and allows cancelling at once (CANCEL_HOLD=0): the 5sim script bans an order
         right after buying it. Its first order belongs to another account, so the script's "cancel order 1"
         probes someone else's order and must get `order not found`.
  upstream buys its numbers from an SMS-Activate upstream (../shared/clients/fake_server.py, which would
         send its own SMS only after 10 minutes) and takes that upstream's signed SMS pushes.
Money comes from `smscode ledger adjust`; after each script the account's balance is checked against what
the flow must have cost (finished and received orders charged, cancelled and banned ones refunded), and
`smscode audit` must find the books clean."""
import hashlib
import hmac
import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.parse

import pytest

from helpers import (SHARED_CLIENTS, api, assert_json_error, audit_clean, create_account, create_token, credit, free_port,
                     http, stop, unique_email, wait_until)

WEBHOOK_SECRET = "it-upstream-webhook-secret-7f3a9c"
UPSTREAM_KEY = "it-compat-upstream-key"
FUNDS = 200_000
HANDLER = "/stubs/handler_api.php"


@pytest.fixture(scope="module")
def sa(stack_factory):
    with stack_factory("smscode-sa-", SMSCODE_SIM_SMS_DELAY="5-5", SMSCODE_SIM_NO_SMS_RATE="0", SMSCODE_CANCEL_HOLD="2") as s:
        yield s


@pytest.fixture(scope="module")
def upstream(stack_factory, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("upstream") / "fake_server.log"
    with open(log, "ab") as out:
        fake = subprocess.Popen([sys.executable, str(SHARED_CLIENTS / "fake_server.py"), "--port", str(port),
                                 "--api-key", UPSTREAM_KEY, "--sms-delay", "600"], stdout=out, stderr=out)
    try:
        wait_until(lambda: fake.poll() is None and http(port, "GET", "/healthz", timeout=2).status == 200,
                   timeout=15, what="fake upstream")
        with stack_factory("smscode-up-", SMSCODE_PROVIDERS="upstream", SMSCODE_UPSTREAM_API_KEY=UPSTREAM_KEY,
                           SMSCODE_UPSTREAM_URL=f"http://127.0.0.1:{port}/stubs/handler_api.php",
                           SMSCODE_UPSTREAM_WEBHOOK_SECRET=WEBHOOK_SECRET) as s:
            yield s
    finally:
        stop(fake, signal.SIGTERM)


@pytest.fixture(scope="module")
def fivesim(stack_factory):
    with stack_factory("smscode-5sim-", SMSCODE_SIM_SMS_DELAY="3-3", SMSCODE_SIM_NO_SMS_RATE="0",
                       SMSCODE_CANCEL_HOLD="0") as s:
        _, token = customer(s, "first-order", funds=FUNDS)
        first = api(s.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token)
        assert first.status == 201 and first.json()["id"] == "1", f"the stack's first order: {first.status} {first.body!r}"
        yield s


# --- helpers ----------------------------------------------------------------------------------------

def customer(stack, tag: str, funds: int = 0) -> tuple[str, str]:
    email = create_account(stack.data_dir, unique_email(tag))
    if funds:
        credit(stack.data_dir, email, funds, reason=f"it {tag}")
    return email, create_token(stack.data_dir, email, name=tag)


def price(stack, country: str, service: str) -> int:
    resp = api(stack.port, "GET", f"/api/v1/prices?country={country}&service={service}")
    assert resp.status == 200, resp.body
    return next(i["price"] for i in resp.json()["items"] if i["operator"] == "any")


def balance(stack, token: str) -> int:
    resp = api(stack.port, "GET", "/api/v1/me", bearer=token)
    assert resp.status == 200, resp.body
    return resp.json()["balance"]


def orders(stack, token: str) -> list[dict]:
    resp = api(stack.port, "GET", "/api/v1/orders?limit=200", bearer=token)
    assert resp.status == 200, resp.body
    return resp.json()["items"]


def run_client(script: str, stack, token: str, **env) -> str:
    """Runs a shared client script with this interpreter (the venv that has the packages); returns stdout."""
    path = SHARED_CLIENTS / script
    assert path.is_file(), f"{path} is missing (../shared/clients)"
    proc = subprocess.run([sys.executable, str(path), f"http://127.0.0.1:{stack.port}", token],
                          env=dict(os.environ, **env), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{script} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}\n{stack.logs()}"
    assert "PASS" in proc.stdout, proc.stdout
    print(proc.stdout)   # each step's answer, shown with pytest -s
    return proc.stdout


def handler(stack, method: str = "GET", query: dict | None = None, body: bytes | None = None,
            content_type: str | None = None):
    path = HANDLER + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = {"Content-Type": content_type} if content_type else {}
    return http(stack.port, method, path, body=body, headers=headers)


def text(resp) -> str:
    assert resp.status == 200, f"{resp.status} {resp.body[:300]!r}"
    assert (resp.header("Content-Type") or "").startswith("text/plain"), resp.header("Content-Type")
    return resp.body.decode()


def sign(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def push(stack, payload: dict, signature: str | None = "sign"):
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Signature"] = sign(body) if signature == "sign" else signature
    return http(stack.port, "POST", "/api/v1/inbound/upstream", body=body, headers=headers)


def provider_order_id(stack, order_id: str) -> str:
    """The provider's id of an order (what an upstream names in its pushes), read from the database."""
    with sqlite3.connect(f"file:{stack.data_dir}/smscode.sqlite?mode=ro", uri=True) as db:
        row = db.execute("SELECT provider_order_id FROM orders WHERE id = ?", (int(order_id),)).fetchone()
    assert row, f"no order {order_id}"
    return row[0]


# --- the real client packages -------------------------------------------------------------------------

def test_smsactivate_package_completes_its_flow(sa):
    _, token = customer(sa, "smsactivate", funds=FUNDS)
    out = run_client("run_smsactivate.py", sa, token, CANCEL_DELAY="3", POLL_TIMEOUT="30")
    assert "ok   sold-out service -> NO_NUMBERS" in out and "ok   bad key -> BAD_KEY" in out, out
    # One finished order (getNumberV2, two SMS) and one cancelled, refunded order (getNumber).
    mine = orders(sa, token)
    assert sorted(o["status"] for o in mine) == ["canceled", "finished"], mine
    assert balance(sa, token) == FUNDS - price(sa, "ID", "tg")
    audit_clean(sa.data_dir)


def test_fivesim_package_completes_its_flow(fivesim):
    _, token = customer(fivesim, "fivesim", funds=FUNDS)
    run_client("run_fivesim.py", fivesim, token, CANCEL_DELAY="0", POLL_TIMEOUT="30")
    # finished, cancelled, banned (a refunded cancellation), and the "hosting" order: an `ot` rental.
    mine = sorted((o["service"], o["status"]) for o in orders(fivesim, token))
    assert mine == [("ot", "received"), ("tg", "canceled"), ("tg", "canceled"), ("tg", "finished")], mine
    assert balance(fivesim, token) == FUNDS - price(fivesim, "ID", "tg") - price(fivesim, "ID", "ot")
    audit_clean(fivesim.data_dir)


# --- SMS-Activate wire details ----------------------------------------------------------------------------

def test_handler_api_reads_query_and_form_and_answers_200_tokens(sa):
    _, token = customer(sa, "wire", funds=50_000)
    assert text(handler(sa, query={"api_key": token, "action": "getBalance"})) == "ACCESS_BALANCE:50000.00"
    # aiosmsactivate: POST with every parameter in the query and an empty body.
    assert text(handler(sa, "POST", query={"api_key": token, "action": "getBalance"}, body=b"")) == "ACCESS_BALANCE:50000.00"
    # A form body, with the referral ids and json=1 that client libraries add (ignored).
    form = urllib.parse.urlencode({"api_key": token, "action": "getBalanceAndCashBack", "ref": "572438", "json": "1"}).encode()
    assert text(handler(sa, "POST", body=form, content_type="application/x-www-form-urlencoded")) == "ACCESS_BALANCE:50000.00"
    assert text(handler(sa, query={"action": "getBalance"})) == "NO_KEY"
    assert text(handler(sa, query={"api_key": "smsc_not-a-token", "action": "getBalance"})) == "BAD_KEY"
    assert text(handler(sa, query={"api_key": token})) == "NO_ACTION"
    assert text(handler(sa, query={"api_key": token, "action": "getRentNumber"})) == "BAD_ACTION"
    assert text(handler(sa, query={"api_key": token, "action": "getNumber", "service": "zz", "country": "6"})) == "BAD_SERVICE"
    assert text(handler(sa, query={"api_key": token, "action": "getNumber", "service": "tg", "country": "999"})) == "BAD_COUNTRY"
    cost = price(sa, "ID", "tg")
    assert text(handler(sa, query={"api_key": token, "action": "getNumber", "service": "tg", "country": "6",
                                   "maxPrice": str(cost - 1)})) == f"WRONG_MAX_PRICE:{cost}.00"
    assert text(handler(sa, query={"api_key": token, "action": "getStatus", "id": "999999"})) == "NO_ACTIVATION"
    assert balance(sa, token) == 50_000   # every refusal charged nothing


def test_handler_api_json_answers_are_typed_and_labelled(sa):
    _, token = customer(sa, "json", funds=50_000)
    top = handler(sa, query={"api_key": token, "action": "getTopCountriesByService", "service": "tg", "freePrice": "True"})
    assert top.status == 200 and top.header("Content-Type") == "application/json", top.header("Content-Type")
    rows = top.json()
    first = rows["0"]
    assert isinstance(first["country"], int) and isinstance(first["price"], int) and isinstance(first["count"], int), first
    assert first["freePriceMap"] == {f"{first['price']}.00": first["count"]}, first
    assert [int(k) for k in rows] == list(range(len(rows)))
    counts = [r["count"] for r in rows.values()]
    assert counts == sorted(counts, reverse=True), counts
    bought = handler(sa, query={"api_key": token, "action": "getNumberV2", "service": "wa", "country": "6"}).json()
    assert isinstance(bought["activationId"], int) and isinstance(bought["phoneNumber"], str), bought
    assert bought["phoneNumber"].startswith("62") and bought["phoneNumber"].isdigit(), bought
    assert bought["countryCode"] == "6" and bought["currency"] == 360 and bought["activationCost"] == price(sa, "ID", "wa"), bought
    status = text(handler(sa, query={"api_key": token, "action": "getStatus", "id": str(bought["activationId"])}))
    assert status == "STATUS_WAIT_CODE", status
    early = text(handler(sa, query={"api_key": token, "action": "setStatus", "id": str(bought["activationId"]), "status": "8"}))
    assert early == "EARLY_CANCEL_DENIED", early


def test_handler_api_methods_and_unknown_paths(sa):
    resp = handler(sa, "PUT", body=b"")
    assert_json_error(resp, 405, "method_not_allowed", "PUT handler_api.php")
    assert resp.header("Allow") == "GET, HEAD, POST", resp.header("Allow")
    assert http(sa.port, "GET", "/stubs/other.php").status == 404   # only handler_api.php reaches the app
    assert_json_error(http(sa.port, "GET", "/v1/nothing/here"), 404, "not_found", "an unknown 5sim path")


# --- 5sim wire details ---------------------------------------------------------------------------------------

def test_fivesim_errors_are_plain_text(fivesim):
    for path in ("/v1/user/profile", "/v1/user/check/1"):
        resp = http(fivesim.port, "GET", path)
        assert resp.status == 401 and resp.body == b"", f"{path}: {resp.status} {resp.body!r}"
        resp = http(fivesim.port, "GET", path, headers={"Authorization": "Bearer smsc_wrong"})
        assert resp.status == 401 and resp.body == b"", f"{path}: {resp.status} {resp.body!r}"
    _, token = customer(fivesim, "fs-wire", funds=1_000)
    auth = {"Authorization": f"Bearer {token}"}
    cases = [("/v1/user/buy/activation/atlantis/any/telegram", 400, "bad country"),
             ("/v1/user/buy/activation/indonesia/nokia/telegram", 400, "bad operator"),
             ("/v1/user/buy/activation/indonesia/any/nothing", 400, "product is incorrect"),
             ("/v1/user/buy/activation/indonesia/any/instagram", 200, "no free phones"),
             ("/v1/user/buy/activation/indonesia/any/telegram", 400, "not enough user balance"),
             ("/v1/user/check/1", 404, "order not found"),
             ("/v1/user/finish/1", 400, "order not found"),
             ("/v1/user/reuse/telegram/6281234567890", 400, "reuse not possible"),
             ("/v1/user/orders?category=rent", 400, "category is incorrect")]
    for path, status, body in cases:
        resp = http(fivesim.port, "GET", path, headers=auth)
        assert (resp.status, resp.body.decode()) == (status, body), f"{path}: {resp.status} {resp.body!r}"
        assert (resp.header("Content-Type") or "").startswith("text/plain"), path
    assert balance(fivesim, token) == 1_000


def test_fivesim_guest_prices_nest_both_ways(fivesim):
    by_country = http(fivesim.port, "GET", "/v1/guest/prices?country=indonesia").json()
    assert list(by_country) == ["indonesia"] and by_country["indonesia"]["telegram"]["any"]["cost"] == price(fivesim, "ID", "tg")
    by_product = http(fivesim.port, "GET", "/v1/guest/prices?product=telegram").json()
    assert list(by_product) == ["telegram"] and "indonesia" in by_product["telegram"] and len(by_product["telegram"]) > 10
    assert by_product["telegram"]["indonesia"]["any"] == by_country["indonesia"]["telegram"]["any"]
    assert http(fivesim.port, "GET", "/v1/guest/prices?country=atlantis").body == b"bad country"


# --- the upstream webhook ---------------------------------------------------------------------------------------

def test_upstream_push_delivers_an_sms_once_and_only_when_signed(upstream):
    _, token = customer(upstream, "upstream", funds=50_000)
    bought = api(upstream.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token)
    assert bought.status == 201, bought.body
    order_id = bought.json()["id"]
    activation = provider_order_id(upstream, order_id)
    assert activation.isdigit(), activation   # the upstream's activation id
    payload = {"activationId": int(activation), "service": "tg", "text": "Telegram code: 771204",
               "code": "771204", "country": 6, "receivedAt": "2026-11-27 09:38:19", "messageId": 5}
    assert_json_error(push(upstream, payload, signature=None), 400, "invalid_signature", "unsigned push")
    assert_json_error(push(upstream, payload, signature=sign(b"other body")), 400, "invalid_signature", "wrongly signed push")
    assert_json_error(push(upstream, payload, signature=hmac.new(b"another-secret-000000", json.dumps(payload).encode(),
                                                                 hashlib.sha256).hexdigest()), 400, "invalid_signature", "another key")
    got = api(upstream.port, "GET", f"/api/v1/orders/{order_id}", bearer=token).json()
    assert got["status"] == "pending", got  # nothing changed
    ok = push(upstream, payload)
    assert ok.status == 200 and ok.json() == {"status": "ok", "shown": True}, ok.body
    assert push(upstream, payload).json() == {"status": "ok", "shown": True}   # a repeated push changes nothing
    got = api(upstream.port, "GET", f"/api/v1/orders/{order_id}", bearer=token).json()
    assert got["status"] == "received" and got["code"] == "771204", got
    texts = [m["text"] for m in api(upstream.port, "GET", f"/api/v1/orders/{order_id}/messages", bearer=token).json()["items"]]
    assert texts == ["Telegram code: 771204"], texts
    assert_json_error(push(upstream, {**payload, "activationId": 99999999}), 404, "not_found", "unknown activationId")
    assert_json_error(push(upstream, {"activationId": activation}), 400, "invalid_request", "push without text")
    # The SMS-Activate view of the same order shows the pushed code.
    status = text(handler(upstream, query={"api_key": token, "action": "getStatus", "id": order_id}))
    assert status == "STATUS_OK:771204", status
    audit_clean(upstream.data_dir)


def test_api_keys_in_query_strings_never_reach_the_logs(sa):
    """SMS-Activate clients send the token in the query string: nginx logs only `$uri` and the app logs
    paths without their query, so after the real client's whole run the token appears in no log."""
    _, token = customer(sa, "logscan", funds=50_000)
    access = sa.data_dir / "log/nginx-access.log"
    posts = lambda: access.read_text(errors="replace").count('"POST /stubs/handler_api.php') if access.exists() else 0
    before = posts()
    for action in ("getBalance", "getNumber", "getStatus"):
        handler(sa, query={"api_key": token, "action": action, "service": "tg", "country": "6", "id": "1"})
    handler(sa, "POST", body=f"api_key={token}&action=getBalance".encode(), content_type="application/x-www-form-urlencoded")
    # nginx writes its access log from a buffer (flush=1s): wait until our last request is in it.
    wait_until(lambda: posts() > before, timeout=10, what="the access log to show the POST", interval=0.2)
    logs = [sa.serve_log, sa.nginx_log, *sorted((sa.data_dir / "log").glob("*"))]
    assert any(path.stat().st_size > 0 for path in logs)
    leaked = [str(path) for path in logs if token in path.read_text(errors="replace")]
    assert leaked == [], f"the API token appears in {leaked}"
