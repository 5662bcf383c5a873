"""Money through nginx (issue 4): deposits opened at the fake Duitku and Heleket gateways, their callbacks
(the shared scenario matrix, forgeries, concurrent replays), the sandbox gateway's pay page, Idempotency-Key,
the ledger and the operator's audit.

The stack (conftest.py) points the server at the fake gateways (Tests/integration/fakes/), which remember
the orders the server creates and answer its status API from a state the test sets. The server confirms
every paid callback through that API, so a test marks an order paid at the fake before it sends the
callback. Callbacks are built with the shared gateway scripts in ../shared/clients (imported or run in
place, never copied). Every test makes its own accounts; everything comes from 127.0.0.1, which nginx
exempts from its rate limits in this stack."""
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection

from helpers import (PASSWORD, SHARED_CLIENTS, SMSCODE_BIN, api, assert_json_error, create_account, create_token,
                     fresh_source, smscode_env, unique_email)

sys.path.insert(0, str(SHARED_CLIENTS))
import duitku_callback  # noqa: E402  (../shared/clients, standard library only)
import heleket_webhook  # noqa: E402

DUITKU_CALLBACK = "/api/v1/payments/duitku/callback"
HELEKET_WEBHOOK = "/api/v1/payments/heleket/webhook"
SANDBOX_CALLBACK = "/api/v1/payments/sandbox/callback"
DEPOSIT_ID = re.compile(r"^D[0-9A-F]{20}$")
FORM = "application/x-www-form-urlencoded"


# --- helpers ----------------------------------------------------------------------------------------

def customer(stack, tag: str) -> tuple[str, str]:
    """A verified account and an API token for it: (email, token)."""
    email = create_account(stack.data_dir, unique_email(tag))
    return email, create_token(stack.data_dir, email, name=tag)


def new_deposit(stack, token: str, amount: int, gateway: str, method: str | None = None, key: str | None = None):
    payload = {"amount": amount, "gateway": gateway}
    if method is not None:
        payload["method"] = method
    return api(stack.port, "POST", "/api/v1/deposits", payload, bearer=token,
               headers={"Idempotency-Key": key} if key is not None else None)


def open_deposit(stack, token: str, amount: int, gateway: str, method: str | None = None) -> dict:
    resp = new_deposit(stack, token, amount, gateway, method)
    assert resp.status == 201, f"POST /api/v1/deposits {gateway} {amount}: {resp.status} {resp.body[:400]!r}"
    deposit = resp.json()
    assert DEPOSIT_ID.match(deposit["id"]) and deposit["status"] == "pending", deposit
    return deposit


def get_deposit(stack, token: str, deposit_id: str) -> dict:
    resp = api(stack.port, "GET", f"/api/v1/deposits/{deposit_id}", bearer=token)
    assert resp.status == 200, f"GET deposit {deposit_id}: {resp.status} {resp.body[:300]!r}"
    return resp.json()


def balance(stack, token: str) -> int:
    resp = api(stack.port, "GET", "/api/v1/me", bearer=token)
    assert resp.status == 200, resp.body
    return resp.json()["balance"]


def ledger(stack, token: str) -> list[dict]:
    """Every ledger row of the caller, newest first, following next_cursor (limit 200)."""
    rows, cursor = [], None
    while True:
        query = "?limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        resp = api(stack.port, "GET", "/api/v1/ledger" + query, bearer=token)
        assert resp.status == 200, f"GET /api/v1/ledger{query}: {resp.status} {resp.body[:300]!r}"
        page = resp.json()
        rows += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return rows


def assert_books(stack, token: str, expected_balance: int, what: str) -> list[dict]:
    """The balance is `expected_balance`, the ledger sums to it and every balance_after is the running
    sum (oldest first). Returns the ledger rows, oldest first."""
    rows = list(reversed(ledger(stack, token)))
    running = 0
    for row in rows:
        running += row["amount"]
        assert row["balance_after"] == running, f"{what}: balance_after {row} after a running sum of {running}"
    assert running == expected_balance, f"{what}: the ledger sums to {running}, want {expected_balance}: {rows}"
    assert balance(stack, token) == expected_balance, f"{what}: /me balance {balance(stack, token)}, want {expected_balance}"
    return rows


def deposit_rows(rows: list[dict], deposit_id: str) -> list[dict]:
    return [r for r in rows if r["kind"] == "deposit" and r["reference"] == f"deposit:{deposit_id}"]


def audit_clean(stack):
    proc = subprocess.run([str(SMSCODE_BIN), "audit"], env=smscode_env(stack.data_dir), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, f"smscode audit exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"


def duitku_body(fakes, order_id: str, amount: int, **kw) -> bytes:
    """A Duitku callback as Duitku sends it (shared/clients/duitku_callback.py), signed with the stack's key."""
    kw.setdefault("merchant_code", fakes.duitku.merchant)
    kw.setdefault("api_key", fakes.duitku.api_key)
    pairs, _ = duitku_callback.build_callback(kw.pop("merchant_code"), kw.pop("api_key"), order_id, amount, **kw)
    return duitku_callback.encode_form(pairs)


def heleket_body(fakes, order_id: str, amount: int, status: str = "paid", api_key: str | None = None,
                 invoice_uuid: str | None = None, **kw) -> bytes:
    """A Heleket webhook as Heleket's server encodes it (shared/clients/heleket_webhook.py)."""
    pairs = heleket_webhook.build_payload(order_id, str(amount), "IDR", status, uuid=invoice_uuid)
    body, _ = heleket_webhook.build_webhook(pairs, api_key or fakes.heleket.api_key, **kw)
    return body


class Sender:
    """Sends many requests from a thread pool, each thread on its own keep-alive connection to nginx."""

    def __init__(self, port: int, threads: int):
        self.port, self.threads = port, threads
        self.local = threading.local()

    def _send(self, request):
        method, path, body, headers = request
        for attempt in range(3):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    conn.close()
                    self.local.conn = None
                return resp.status, resp.getheader("Content-Type") or "", data
            except (ConnectionError, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def run(self, requests, deadline: float) -> list[tuple[int, str, bytes]]:
        """(status, content type, body) for each request, in order; fails if it takes over `deadline` s."""
        started = time.monotonic()
        with ThreadPoolExecutor(self.threads) as pool:
            futures = [pool.submit(self._send, r) for r in requests]
            results = [f.result(timeout=max(1.0, deadline - (time.monotonic() - started))) for f in futures]
        elapsed = time.monotonic() - started
        assert elapsed < deadline, f"{len(requests)} requests took {elapsed:.1f}s (limit {deadline}s)"
        return results


# --- deposits at the gateways -----------------------------------------------------------------------------

def test_deposits_show_the_payment_instructions_of_each_gateway(stack, fakes):
    email, token = customer(stack, "deposit")
    callback_base = f"http://127.0.0.1:{stack.port}/api/v1/payments"

    duitku = open_deposit(stack, token, 15_000, "duitku", method="BC")
    assert set(duitku) == {"id", "amount", "gateway", "method", "status", "payment", "created_at", "expires_at"}, duitku
    assert (duitku["amount"], duitku["gateway"], duitku["method"]) == (15_000, "duitku", "BC"), duitku
    order = fakes.duitku.order(duitku["id"])
    assert order is not None, f"the fake Duitku never saw {duitku['id']}: {fakes.duitku.orders()}"
    assert order["amount"] == 15_000 and order["callback_url"] == f"{callback_base}/duitku/callback", order
    assert order["method"] == "BC", order
    assert duitku["payment"] == fakes.duitku.instructions(order), \
        f"the deposit's payment instructions are not the fake Duitku's answer: {duitku['payment']} vs {order}"

    heleket = open_deposit(stack, token, 50_000, "heleket")
    assert "method" not in heleket, f"no method was given, so the deposit has none (absent): {heleket}"
    assert set(heleket) == {"id", "amount", "gateway", "status", "payment", "created_at", "expires_at"}, heleket
    invoice = fakes.heleket.order(heleket["id"])
    assert invoice is not None, f"the fake Heleket never saw {heleket['id']}: {fakes.heleket.orders()}"
    assert invoice["amount"] == 50_000 and invoice["callback_url"] == f"{callback_base}/heleket/webhook", invoice
    assert heleket["payment"] == fakes.heleket.instructions(invoice), (heleket["payment"], invoice)

    for deposit in (duitku, heleket):
        assert deposit["expires_at"] > deposit["created_at"], deposit
        assert get_deposit(stack, token, deposit["id"]) == deposit

    # Lists: newest first (to the second; ties in one second by id), and the cursor walks the same order.
    listed = api(stack.port, "GET", "/api/v1/deposits", bearer=token).json()
    order_ids = [d["id"] for d in listed["items"]]
    assert sorted(order_ids) == sorted([duitku["id"], heleket["id"]]) and listed["next_cursor"] is None, listed
    assert listed["items"] == sorted(listed["items"], key=lambda d: (d["created_at"], d["id"]), reverse=True), listed
    first = api(stack.port, "GET", "/api/v1/deposits?limit=1", bearer=token).json()
    assert [d["id"] for d in first["items"]] == order_ids[:1] and first["next_cursor"], first
    second = api(stack.port, "GET", "/api/v1/deposits?limit=1&cursor=" + urllib.parse.quote(first["next_cursor"]),
                 bearer=token).json()
    assert [d["id"] for d in second["items"]] == order_ids[1:], second
    assert second["next_cursor"] is None, f"the last page must end the list: {second}"
    paid = api(stack.port, "GET", "/api/v1/deposits?status=paid", bearer=token).json()
    assert paid == {"items": [], "next_cursor": None}, paid
    assert balance(stack, token) == 0 and ledger(stack, token) == [], "opening a deposit credits nothing"

    # The gateways' own callbacks (sent by the fakes once the payment is made) credit each deposit once.
    for fake, deposit in ((fakes.duitku, duitku), (fakes.heleket, heleket)):
        answer = fake.set_status(deposit["id"], "paid", notify=True)
        assert answer.get("callback_status") == 200, f"the fake {fake.name}'s callback for {deposit['id']}: {answer}"
        assert get_deposit(stack, token, deposit["id"])["status"] == "paid"
    rows = assert_books(stack, token, 65_000, "after both gateways' callbacks")
    assert [(r["kind"], r["reference"], r["amount"]) for r in rows] == \
        [("deposit", f"deposit:{duitku['id']}", 15_000), ("deposit", f"deposit:{heleket['id']}", 50_000)], rows
    assert all(isinstance(r["id"], str) and r["memo"] for r in rows), rows

    # The rules: amount range, known gateway, Duitku needs a method, verified email, own deposits only.
    for amount in (9_999, 10_000_001, 0, -10_000):
        assert_json_error(new_deposit(stack, token, amount, "duitku"), 400, "deposit_amount_out_of_range",
                          f"a deposit of {amount}")
    assert_json_error(new_deposit(stack, token, 10_000, "paypal"), 400, "invalid_request", "an unknown gateway")
    assert_json_error(new_deposit(stack, token, 10_000, "duitku", method="bc"), 400, "invalid_request", "a lowercase method")
    _, methodless = customer(stack, "methodless")
    assert_json_error(new_deposit(stack, methodless, 10_000, "duitku"), 422, "payment_rejected", "Duitku without a method")
    failed = api(stack.port, "GET", "/api/v1/deposits", bearer=methodless).json()["items"]
    assert [(d["status"], d["payment"]) for d in failed] == [("failed", {})], \
        f"a refused payment leaves a failed deposit without instructions: {failed}"
    unverified = create_account(stack.data_dir, unique_email("unverified"), verified=False)
    assert_json_error(new_deposit(stack, create_token(stack.data_dir, unverified), 10_000, "duitku"),
                      403, "email_unverified", "a deposit by an unverified account")
    _, stranger = customer(stack, "stranger")
    assert_json_error(api(stack.port, "GET", f"/api/v1/deposits/{duitku['id']}", bearer=stranger), 404, "not_found",
                      "another account's deposit")
    assert api(stack.port, "GET", "/api/v1/deposits", bearer=stranger).json()["items"] == []


def test_list_queries_are_validated(stack):
    """`limit`, `status` and `cursor` of both money lists: a value the server did not hand out is 400, never
    silently read as something else (the ledger's cursor is a row id, the deposits' `<created_at>|<id>`)."""
    _, token = customer(stack, "lists")
    open_deposit(stack, token, 10_000, "sandbox")
    for path in ("/api/v1/ledger", "/api/v1/deposits"):
        for query in ("limit=0", "limit=201", "limit=ten", "cursor="):
            assert_json_error(api(stack.port, "GET", f"{path}?{query}", bearer=token), 400, "invalid_request", f"{path}?{query}")
    assert_json_error(api(stack.port, "GET", "/api/v1/deposits?status=settled", bearer=token), 400, "invalid_request",
                      "an unknown deposit status")
    for cursor in ("garbage", "0", "~", "2026-01-01T00:00:00Z|DNOTANID"):
        path = "/api/v1/deposits?cursor=" + urllib.parse.quote(cursor)
        assert_json_error(api(stack.port, "GET", path, bearer=token), 400, "invalid_request", f"GET {path}")
    for cursor in ("garbage", "0", "-1", "1.5"):
        path = "/api/v1/ledger?cursor=" + urllib.parse.quote(cursor)
        assert_json_error(api(stack.port, "GET", path, bearer=token), 400, "invalid_request", f"GET {path}")


# --- the shared scenario matrix ----------------------------------------------------------------------------

def test_shared_scenarios_pass_and_credit_each_deposit_exactly_once(stack, fakes):
    """shared/clients/scenarios.sh, run in place against the stack for both gateways: forged, tampered,
    other merchant or key, interim status, success, retries. Then each deposit is credited exactly once."""
    _, token = customer(stack, "scenarios")
    duitku = open_deposit(stack, token, 15_000, "duitku", method="SP")
    heleket = open_deposit(stack, token, 50_000, "heleket")
    fakes.duitku.set_status(duitku["id"], "paid")
    fakes.heleket.set_status(heleket["id"], "paid")

    base = f"http://127.0.0.1:{stack.port}"
    env = dict(os.environ,
               DUITKU_URL=base + DUITKU_CALLBACK, DUITKU_MERCHANT=fakes.duitku.merchant,
               DUITKU_API_KEY=fakes.duitku.api_key, DUITKU_ORDER=duitku["id"], DUITKU_AMOUNT="15000",
               HELEKET_URL=base + HELEKET_WEBHOOK, HELEKET_PAYMENT_KEY=fakes.heleket.api_key,
               HELEKET_ORDER=heleket["id"], HELEKET_AMOUNT="50000", HELEKET_CURRENCY="IDR")
    proc = subprocess.run(["bash", str(SHARED_CLIENTS / "scenarios.sh")], cwd=SHARED_CLIENTS, env=env,
                          capture_output=True, text=True, timeout=120)
    report = f"scenarios.sh exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    assert proc.returncode == 0, report
    assert "FAIL" not in proc.stdout, report
    assert proc.stdout.count("PASS  duitku:") == 7 and proc.stdout.count("PASS  heleket:") == 9, report

    rows = assert_books(stack, token, 65_000, "after the scenarios")
    assert [r["amount"] for r in deposit_rows(rows, duitku["id"])] == [15_000], rows
    assert [r["amount"] for r in deposit_rows(rows, heleket["id"])] == [50_000], rows
    assert len(rows) == 2, f"exactly two ledger rows, one per deposit: {rows}"
    for deposit in (duitku, heleket):
        assert get_deposit(stack, token, deposit["id"])["status"] == "paid", deposit["id"]
    audit_clean(stack)


# --- forgeries -----------------------------------------------------------------------------------------

def forged_callbacks(fakes, duitku_orders, heleket_orders, sandbox_orders, count: int):
    """`count` unauthenticated callbacks for real deposits: (what, path, body, content type)."""
    rng = random.Random(4)
    key, merchant = fakes.duitku.api_key, fakes.duitku.merchant

    def duitku(order, amount):
        kinds = [
            ("duitku bad signature", lambda: duitku_body(fakes, order, amount, bad_signature=True)),
            ("duitku md5 bad signature", lambda: duitku_body(fakes, order, amount, scheme="md5", bad_signature=True)),
            ("duitku tampered amount", lambda: duitku_body(fakes, order, amount, wire_amount=str(amount * 100))),
            ("duitku tampered amount (cents)", lambda: duitku_body(fakes, order, amount, wire_amount=f"{amount + 1}.00")),
            ("duitku other merchant", lambda: duitku_body(fakes, order, amount, merchant_code="D0000")),
            ("duitku wrong key", lambda: duitku_body(fakes, order, amount, api_key="not-our-key")),
            ("duitku md5 wrong key", lambda: duitku_body(fakes, order, amount, scheme="md5", api_key="not-our-key")),
            ("duitku no signature", lambda: duitku_body(fakes, order, amount, omit_signature=True)),
            ("duitku signature of another order", lambda: duitku_body(fakes, order, amount).replace(
                order.encode(), order[:-1].encode() + (b"0" if order[-1] != "0" else b"1"), 1)),
            ("duitku empty signature", lambda: re.sub(rb"signature=[0-9a-f]+", b"signature=", duitku_body(fakes, order, amount))),
            ("duitku reversed signature", lambda: re.sub(rb"signature=([0-9a-f]+)", lambda m: b"signature=" + m.group(1)[::-1],
                                                        duitku_body(fakes, order, amount))),
            ("duitku duplicate amount field", lambda: duitku_body(fakes, order, amount) + f"&amount={amount * 10}".encode()),
            ("duitku unknown resultCode", lambda: duitku_body(fakes, order, amount, result_code="02")),
        ]
        what, make = rng.choice(kinds)
        return what, DUITKU_CALLBACK, make(), FORM

    def heleket(order, amount):
        kinds = [
            ("heleket bad sign", lambda: heleket_body(fakes, order, amount, bad_signature=True)),
            ("heleket no sign", lambda: heleket_body(fakes, order, amount, omit_sign=True)),
            ("heleket tampered amount", lambda: heleket_body(fakes, order, amount, tamper=[("amount", str(amount * 100))])),
            ("heleket tampered status", lambda: heleket_body(fakes, order, amount, status="confirm_check",
                                                              tamper=[("status", "paid")])),
            ("heleket wrong key", lambda: heleket_body(fakes, order, amount, api_key="not-our-key")),
            ("heleket duplicate amount member", lambda: heleket_body(fakes, order, amount)[:-1] + f',"amount":"{amount * 10}"}}'.encode()),
        ]
        what, make = rng.choice(kinds)
        return what, HELEKET_WEBHOOK, make(), "application/json"

    garbage = [
        ("empty body to duitku", DUITKU_CALLBACK, b"", FORM),
        ("empty body to heleket", HELEKET_WEBHOOK, b"", "application/json"),
        ("random bytes to duitku", DUITKU_CALLBACK, None, FORM),
        ("random bytes to heleket", HELEKET_WEBHOOK, None, "application/json"),
        ("random bytes to sandbox", SANDBOX_CALLBACK, None, "text/plain"),
        ("JSON to duitku", DUITKU_CALLBACK, b'{"merchantCode":"x","amount":"10000","resultCode":"00"}', "application/json"),
        ("form to heleket", HELEKET_WEBHOOK, b"order_id=D1&amount=10000&status=paid&sign=00", FORM),
        ("not JSON to heleket", HELEKET_WEBHOOK, b'{"type":"payment","status":"paid",', "application/json"),
        ("JSON array to heleket", HELEKET_WEBHOOK, b"[1,2,3]", "application/json"),
        ("sandbox callback with a made-up signature", SANDBOX_CALLBACK, None, FORM),
        ("sandbox callback without a signature", SANDBOX_CALLBACK, None, FORM),
        ("outcome=paid to sandbox callback", SANDBOX_CALLBACK, b"outcome=paid", FORM),
        ("NUL bytes to duitku", DUITKU_CALLBACK, b"merchantCode=\x00&signature=\x00", FORM),
    ]

    out = []
    for i in range(count):
        roll = i % 10
        if roll < 4:
            out.append(duitku(*rng.choice(duitku_orders)))
        elif roll < 7:
            out.append(heleket(*rng.choice(heleket_orders)))
        else:
            what, path, body, ctype = rng.choice(garbage)
            if body is None and what.startswith("sandbox callback"):
                order, amount = rng.choice(sandbox_orders)
                fields = [("order_id", order), ("amount", str(amount)), ("status", "paid"), ("reference", f"SBX-{order}")]
                if "made-up" in what:
                    fields.append(("signature", "%064x" % rng.getrandbits(256)))
                body = urllib.parse.urlencode(fields).encode()
            elif body is None:
                body = rng.randbytes(rng.randint(1, 2048))
            out.append((what, path, body, ctype))
    return out


def test_a_thousand_forged_or_tampered_callbacks_credit_nothing(stack, fakes):
    _, token = customer(stack, "forged")
    duitku_orders, heleket_orders, sandbox_orders = [], [], []
    for amount in (10_000, 25_000):
        d = open_deposit(stack, token, amount, "duitku", method="BC")
        fakes.duitku.set_status(d["id"], "paid")  # so that a wrongly accepted forgery WOULD be credited
        duitku_orders.append((d["id"], amount))
        h = open_deposit(stack, token, amount + 5_000, "heleket")
        fakes.heleket.set_status(h["id"], "paid")
        heleket_orders.append((h["id"], amount + 5_000))
    s = open_deposit(stack, token, 40_000, "sandbox")
    sandbox_orders.append((s["id"], 40_000))

    forgeries = forged_callbacks(fakes, duitku_orders, heleket_orders, sandbox_orders, 1000)
    assert len(forgeries) == 1000
    requests = [("POST", path, body, {"Content-Type": ctype}) for _, path, body, ctype in forgeries]
    results = Sender(stack.port, threads=16).run(requests, deadline=60)
    wrong = [(what, status, body[:200]) for (what, *_), (status, _, body) in zip(forgeries, results) if status != 400]
    assert not wrong, f"{len(wrong)} of 1000 forged callbacks were not answered 400, e.g. {wrong[:5]}"
    codes = {json.loads(body)["error"]["code"] for status, ctype, body in results if ctype.startswith("application/json")}
    not_json = [what for (what, *_), (_, ctype, _) in zip(forgeries, results) if not ctype.startswith("application/json")]
    assert not not_json, f"400 answers without a JSON error body: {not_json[:5]}"
    assert codes == {"invalid_signature"}, f"unauthenticated callbacks are invalid_signature, got {codes}"

    assert_books(stack, token, 0, "after 1000 forged callbacks")
    for order, _ in duitku_orders + heleket_orders + sandbox_orders:
        assert get_deposit(stack, token, order)["status"] == "pending", order

    # The deposits were creditable all along: one genuine callback credits one of them.
    order, amount = duitku_orders[0]
    genuine = api(stack.port, "POST", DUITKU_CALLBACK, duitku_body(fakes, order, amount), content_type=FORM)
    assert genuine.status == 200, f"a genuine callback after the forgeries: {genuine.status} {genuine.body!r}"
    assert_books(stack, token, amount, "after one genuine callback")
    audit_clean(stack)


# --- concurrent replays --------------------------------------------------------------------------------

def test_ten_thousand_concurrent_replays_of_one_callback_credit_once(stack, fakes):
    _, token = customer(stack, "replay")
    deposit = open_deposit(stack, token, 20_000, "duitku", method="M2")
    fakes.duitku.set_status(deposit["id"], "paid")
    body = duitku_body(fakes, deposit["id"], 20_000, reference=f"{fakes.duitku.merchant}REPLAY1")
    requests = [("POST", DUITKU_CALLBACK, body, {"Content-Type": FORM})] * 10_000
    results = Sender(stack.port, threads=48).run(requests, deadline=90)

    statuses = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    assert statuses == {200: 10_000}, f"every replay of a valid callback is acknowledged with 200: {statuses}, " \
        f"e.g. {next(((s, b[:200]) for s, _, b in results if s != 200), None)}"
    assert len({(ctype, body) for _, ctype, body in results}) == 1, \
        f"every acknowledgement is the same: {set((c, b[:50]) for _, c, b in results)}"
    rows = assert_books(stack, token, 20_000, "after 10,000 replays")
    assert len(deposit_rows(rows, deposit["id"])) == 1 and len(rows) == 1, rows
    assert get_deposit(stack, token, deposit["id"])["status"] == "paid"
    audit_clean(stack)


# --- top-ups and spending at the same time ---------------------------------------------------------------

def test_concurrent_sandbox_top_ups_and_operator_debits_keep_the_books_exact(stack):
    """Eight clients top up through the sandbox pay page (every other payment clicked twice at once, some
    payments failed) for as long as two operators debit their balances with `smscode ledger adjust
    --amount=-N` (separate processes writing beside the server). Afterwards every balance equals its
    credits minus its booked debits, the ledger agrees row by row, the total of balances equals all
    deposits minus all debits, and `smscode audit` is clean."""
    clients = [customer(stack, f"topup{i}") for i in range(8)]
    credited = {email: 0 for email, _ in clients}
    debited = {email: 0 for email, _ in clients}
    deposits_paid, refused_debits, errors = [], [], []
    lock = threading.Lock()
    operators_done = threading.Event()

    def pay(deposit_id: str, outcome: str):
        return api(stack.port, "POST", f"/api/v1/payments/sandbox/pay/{deposit_id}", f"outcome={outcome}".encode(),
                   content_type=FORM)

    def client(email: str, token: str, seed: int):
        rng = random.Random(seed)
        try:
            n = 0
            while n < 3 or (not operators_done.is_set() and n < 60):
                n += 1
                amount = rng.randrange(10_000, 60_001, 1_000)
                deposit = open_deposit(stack, token, amount, "sandbox")
                outcome = "failed" if rng.random() < 0.2 else "paid"
                clicks = 2 if n % 2 else 1
                with ThreadPoolExecutor(clicks) as pool:
                    answers = list(pool.map(lambda _: pay(deposit["id"], outcome), range(clicks)))
                for resp in answers:
                    assert resp.status == 200, f"sandbox pay {deposit['id']}: {resp.status} {resp.body[:300]!r}"
                    assert (resp.header("Content-Type") or "").startswith("text/html"), resp.header("Content-Type")
                state = get_deposit(stack, token, deposit["id"])["status"]
                assert state == ("paid" if outcome == "paid" else "failed"), (deposit["id"], outcome, state)
                if outcome == "paid":
                    with lock:
                        credited[email] += amount
                        deposits_paid.append(deposit["id"])
                time.sleep(0.12)  # two authenticated calls per round: well inside the app's 20/s per token
        except BaseException as exc:  # noqa: BLE001 - reported after the join
            errors.append(exc)

    def operator(seed: int, attempts: int):
        rng = random.Random(seed)
        try:
            for _ in range(attempts):
                email, _ = rng.choice(clients)
                amount = rng.randrange(1_000, 40_001, 500)
                proc = subprocess.run([str(SMSCODE_BIN), "ledger", "adjust", "--email", email, f"--amount=-{amount}",
                                       "--reason", "integration test debit"],
                                      env=smscode_env(stack.data_dir), capture_output=True, text=True, timeout=60)
                if proc.returncode == 0:
                    assert f"-{amount}" in proc.stdout, proc.stdout
                    with lock:
                        debited[email] += amount
                else:
                    # Only a debit larger than the balance may be refused (never booked below zero).
                    assert "balance" in (proc.stderr + proc.stdout).lower(), \
                        f"ledger adjust -{amount} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
                    refused_debits.append((email, amount))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    client_threads = [threading.Thread(target=client, args=(email, token, i)) for i, (email, token) in enumerate(clients)]
    operators = [threading.Thread(target=operator, args=(100 + i, 12)) for i in range(2)]
    for t in client_threads + operators:
        t.start()
    for t in operators:
        t.join(timeout=60)
    operators_done.set()
    for t in client_threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in client_threads + operators), "the top-up run did not finish in time"
    assert not errors, f"{len(errors)} client/operator errors, first: {errors[0]!r}"
    booked = sum(1 for e in debited.values() if e)
    assert sum(debited.values()) > 0 and booked, f"no debit was booked while the clients ran (refused: {refused_debits})"

    total = 0
    for email, token in clients:
        want = credited[email] - debited[email]
        rows = assert_books(stack, token, want, email)
        assert sum(r["amount"] for r in rows if r["kind"] == "deposit") == credited[email], (email, rows)
        assert sum(-r["amount"] for r in rows if r["kind"] == "adjustment") == debited[email], (email, rows)
        assert {r["kind"] for r in rows} <= {"deposit", "adjustment"}, rows
        assert len([r for r in rows if r["kind"] == "deposit"]) == len({r["reference"] for r in rows if r["kind"] == "deposit"})
        total += balance(stack, token)
    assert total == sum(credited.values()) - sum(debited.values()), \
        f"total of balances {total} != deposits {sum(credited.values())} - debits {sum(debited.values())}"
    assert len(deposits_paid) == len(set(deposits_paid)) >= 3 * len(clients)
    audit_clean(stack)


def test_operator_debits_with_a_negative_amount(stack):
    """`smscode ledger adjust --email E --amount -N --reason R` (API.md "Operator CLI"): the debit is booked,
    and one larger than the balance is refused without booking anything."""
    email, token = customer(stack, "debit")
    credit = subprocess.run([str(SMSCODE_BIN), "ledger", "adjust", "--email", email, "--amount", "20000", "--reason", "it credit"],
                            env=smscode_env(stack.data_dir), capture_output=True, text=True, timeout=60)
    assert credit.returncode == 0, credit.stderr
    debit = subprocess.run([str(SMSCODE_BIN), "ledger", "adjust", "--email", email, "--amount", "-5000", "--reason", "it debit"],
                           env=smscode_env(stack.data_dir), capture_output=True, text=True, timeout=60)
    assert debit.returncode == 0, f"smscode ledger adjust --amount -5000 exited {debit.returncode}:\n{debit.stderr}"
    too_much = subprocess.run([str(SMSCODE_BIN), "ledger", "adjust", "--email", email, "--amount=-15001", "--reason", "it"],
                              env=smscode_env(stack.data_dir), capture_output=True, text=True, timeout=60)
    assert too_much.returncode != 0 and "balance" in too_much.stderr.lower(), (too_much.returncode, too_much.stderr)
    rows = assert_books(stack, token, 15_000, "after +20000 and -5000")
    assert [(r["kind"], r["amount"], r["memo"]) for r in rows] == [("adjustment", 20_000, "it credit"),
                                                                    ("adjustment", -5_000, "it debit")], rows


# --- Idempotency-Key ---------------------------------------------------------------------------------

def test_idempotency_key_replays_the_first_deposit_through_nginx(stack):
    _, token = customer(stack, "idem")
    key = f"topup-{uuid.uuid4()}"
    first = new_deposit(stack, token, 30_000, "sandbox", key=key)
    assert first.status == 201, first.body
    again = new_deposit(stack, token, 30_000, "sandbox", key=key)
    assert again.status == 201, again.body
    assert again.json()["id"] == first.json()["id"] and again.body == first.body, (first.body, again.body)
    assert again.header("Idempotent-Replayed") == "true", dict(again.headers)
    assert first.header("Idempotent-Replayed") is None, "the first answer is not a replay"

    other = new_deposit(stack, token, 35_000, "sandbox", key=key)
    assert_json_error(other, 422, "idempotency_conflict", "the same key with another body")
    assert_json_error(new_deposit(stack, token, 30_000, "sandbox", key="k" * 256), 400, "invalid_request",
                      "a 256-character key")

    # Keys belong to one account: another account's same key opens its own deposit.
    _, other_token = customer(stack, "idem-other")
    theirs = new_deposit(stack, other_token, 30_000, "sandbox", key=key)
    assert theirs.status == 201 and theirs.json()["id"] != first.json()["id"], theirs.body

    # A burst of retries with one fresh key opens one deposit.
    burst_key = f"burst-{uuid.uuid4()}"
    with ThreadPoolExecutor(12) as pool:
        burst = list(pool.map(lambda _: new_deposit(stack, token, 45_000, "sandbox", key=burst_key), range(12)))
    ids = {r.json()["id"] for r in burst if r.status == 201}
    others = [(r.status, r.body[:200]) for r in burst if r.status != 201]
    assert len(ids) == 1, f"one key, one deposit: {ids}"
    for status, body in others:
        assert status == 409 and b"idempotency_in_progress" in body, (status, body)
    listed = api(stack.port, "GET", "/api/v1/deposits?limit=200", bearer=token).json()["items"]
    assert sorted(d["amount"] for d in listed) == [30_000, 45_000], \
        f"exactly one deposit per key (the conflict and the bad key opened none): {listed}"


# --- cookies and browsers -------------------------------------------------------------------------------

def login(stack, email: str):
    resp = api(stack.port, "POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD},
               source=fresh_source())
    assert resp.status == 200, resp.body
    cookie = resp.headers.get("Set-Cookie").split(";")[0]
    return cookie, resp.json()["csrf_token"]


def test_callbacks_ignore_cookies_and_viewing_the_sandbox_page_credits_nothing(stack, fakes):
    email, token = customer(stack, "cookies")
    cookie, csrf = login(stack, email)

    deposit = open_deposit(stack, token, 12_000, "duitku", method="I1")
    fakes.duitku.set_status(deposit["id"], "paid")
    # A valid session (cookie + CSRF token) does not make a forged callback acceptable...
    forged = api(stack.port, "POST", DUITKU_CALLBACK, duitku_body(fakes, deposit["id"], 12_000, bad_signature=True),
                 content_type=FORM, cookie=cookie, csrf=csrf)
    assert_json_error(forged, 400, "invalid_signature", "a forged callback sent with the user's session")
    assert balance(stack, token) == 0
    # ...and a genuine one needs no CSRF token even when a cookie comes along (no csrf_failed).
    genuine = duitku_body(fakes, deposit["id"], 12_000)
    for headers in ({"Cookie": cookie}, {"Cookie": "sid=garbage; other=1"}, {}):
        resp = api(stack.port, "POST", DUITKU_CALLBACK, genuine, content_type=FORM, headers=headers)
        assert resp.status == 200, f"a genuine callback with {headers}: {resp.status} {resp.body[:200]!r}"
        assert (resp.header("Content-Type") or "").startswith("text/plain"), resp.header("Content-Type")
        assert "Set-Cookie" not in resp.headers, "callbacks never set cookies"
    assert_books(stack, token, 12_000, "a genuine callback with cookies")

    # A browser landing on the sandbox page (a GET, however often, with whatever it carries) pays nothing.
    sandbox = open_deposit(stack, token, 25_000, "sandbox")
    page_path = f"/api/v1/payments/sandbox/pay/{sandbox['id']}"
    browser = {"Accept": "text/html,application/xhtml+xml", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document",
               "Sec-Fetch-Site": "cross-site", "Cookie": cookie, "User-Agent": "Mozilla/5.0 (integration test)"}
    for path in (page_path, page_path + "?outcome=paid", page_path + "?status=paid&resultCode=00"):
        page = api(stack.port, "GET", path, headers=browser)
        assert page.status == 200 and (page.header("Content-Type") or "").startswith("text/html"), (path, page.status)
        text = page.body.decode()
        assert sandbox["id"] in text and "Rp 25.000" in text and 'method="post"' in text, text[:500]
    head = api(stack.port, "HEAD", page_path, headers=browser)
    assert head.status in (200, 405), head.status
    # The gateways' return-style redirect to a callback URL is not a callback either.
    redirect = api(stack.port, "GET", f"{DUITKU_CALLBACK}?merchantOrderId={sandbox['id']}&resultCode=00&reference=X",
                   headers=browser)
    assert redirect.status == 405, redirect.status
    assert get_deposit(stack, token, sandbox["id"])["status"] == "pending"
    assert_books(stack, token, 12_000, "after viewing the sandbox page")

    # Only the POST of the page's form pays; a second POST credits nothing more.
    for _ in range(2):
        paid = api(stack.port, "POST", page_path, b"outcome=paid", content_type=FORM, headers={"Cookie": cookie})
        assert paid.status == 200, paid.body
    assert get_deposit(stack, token, sandbox["id"])["status"] == "paid"
    settled = api(stack.port, "GET", page_path).body.decode()
    assert "<form" not in settled and "paid" in settled, f"the page of a paid deposit offers no payment: {settled[:500]}"
    assert_books(stack, token, 37_000, "after paying the sandbox deposit")
    # The sandbox page serves sandbox deposits only.
    assert_json_error(api(stack.port, "GET", f"/api/v1/payments/sandbox/pay/{deposit['id']}"), 404, "not_found",
                      "the sandbox page of a Duitku deposit")
    assert_json_error(api(stack.port, "POST", "/api/v1/payments/sandbox/pay/D00000000000000000000",
                          b"outcome=paid", content_type=FORM), 404, "not_found", "paying an unknown sandbox id")
