"""kill -9 soak (issue 9, security.md A2): under a steady mix of purchases, Duitku deposits confirmed by signed
callbacks and expiring rentals through nginx, `smscode serve` is SIGKILLed and restarted SOAK_KILLS times
(200 by default), the way systemd runs it from deploy/smscode.{socket,service}: this test holds the listening
socket and starts each process on it after RestartSec (200 ms). Clients retry every unanswered or failed
request with its Idempotency-Key (or the gateway's callback again) until they get an answer.

Afterwards: every acknowledged purchase and deposit is in the database exactly once, nothing was applied
that no client asked for, each order was charged once and refunded at most once (and exactly when expired),
every balance equals its starting credit plus acknowledged deposits minus acknowledged purchases plus their
refunds, `PRAGMA integrity_check` is ok, `smscode audit` is clean, and health answered through nginx within
2 s of every kill. The figures are printed (pytest -s not needed)."""
import json
import os
import random
import signal
import sqlite3
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import gateway_env
from helpers import (SHARED_CLIENTS, api, audit_clean, create_account, create_token, credit, http,
                     listening_unix_socket, serve_pids, start_activated_serve, stop, tail, unique_email, wait_until)

sys.path.insert(0, str(SHARED_CLIENTS))
import duitku_callback  # noqa: E402  (../shared/clients, standard library only)

KILLS = int(os.environ.get("SOAK_KILLS", "200"))
CLIENTS = 6
RENTAL_WINDOW = 60           # the smallest allowed: orders bought in the soak's first minutes expire during it
RESTART_SEC = 0.2            # deploy/smscode.service RestartSec
STARTING_CREDIT = 5_000_000
OP_DEADLINE = 30.0           # an operation still unanswered after this long counts as lost
SETTINGS = {
    "SMSCODE_RENTAL_WINDOW": str(RENTAL_WINDOW),
    "SMSCODE_SIM_NO_SMS_RATE": "0.5",      # half the orders never get an SMS: they expire and are refunded
    "SMSCODE_SIM_SMS_DELAY": "1-3",
    "SMSCODE_MAX_ACTIVE_ORDERS": "1000",
    "SMSCODE_CALLER_RATE": "1000",
    "SMSCODE_FCGI_THREADS": "8",
}
FORM = "application/x-www-form-urlencoded"


@dataclass
class Ledger:
    """What the clients saw acknowledged, and how hard it was to get."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    purchases: dict = field(default_factory=dict)      # key -> (email, order id, price)
    refused: dict = field(default_factory=dict)        # key -> (email, status, code): definitive refusals
    deposits: dict = field(default_factory=dict)       # deposit id -> (email, amount), credited (callback 200)
    opened: dict = field(default_factory=dict)         # deposit key -> deposit id (201)
    retries: dict = field(default_factory=dict)        # reason -> count
    replayed: int = 0                                  # first answers that were replays: committed before a kill
    lost: list = field(default_factory=list)           # operations never answered
    errors: list = field(default_factory=list)         # answers that must not happen

    def retry(self, reason: str):
        with self.lock:
            self.retries[reason] = self.retries.get(reason, 0) + 1


class Supervisor:
    """Plays systemd: holds the listening socket at the stack's socket path and (re)starts `smscode serve`
    on it."""

    def __init__(self, stack, env: dict):
        self.stack, self.env = stack, env
        self.log = stack.root / "soak-serve.log"
        # The stack's own `smscode serve` steps aside (SIGTERM: it drains and unlinks its socket).
        for pid in serve_pids(stack.data_dir):
            os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not serve_pids(stack.data_dir), timeout=15, what="the stack's serve to exit")
        stack.sock.unlink(missing_ok=True)
        self.listener = listening_unix_socket(stack.sock)
        self.proc = None
        self.start()

    def start(self):
        self.proc = start_activated_serve(self.stack.data_dir, self.listener, self.log, **self.env)

    def kill_and_restart(self) -> float:
        """SIGKILL, RestartSec, start again; returns the seconds from the kill until health answered 200
        through nginx."""
        killed = time.monotonic()
        self.proc.kill()
        self.proc.wait()
        time.sleep(RESTART_SEC)
        self.start()
        deadline = killed + 10
        while time.monotonic() < deadline:
            try:
                if http(self.stack.port, "GET", "/api/v1/health", timeout=2).status == 200:
                    return time.monotonic() - killed
            except OSError:
                pass
            assert self.proc.poll() is None, f"serve exited {self.proc.returncode}\n{tail(self.log)}"
            time.sleep(0.01)
        raise AssertionError(f"not serving 10 s after kill\n{tail(self.log)}")

    def close(self):
        if self.proc is not None:
            stop(self.proc, signal.SIGTERM)
        self.listener.close()


@pytest.fixture(scope="module")
def soak_stack(stack_factory):
    with stack_factory("smscode-soak-", **SETTINGS) as s:
        yield s


def duitku_callback_body(fakes, order_id: str, amount: int) -> bytes:
    pairs, _ = duitku_callback.build_callback(fakes.duitku.merchant, fakes.duitku.api_key, order_id, amount)
    return duitku_callback.encode_form(pairs)


def until_answered(ledger: Ledger, what: str, send, definitive) -> tuple[int, bytes] | None:
    """Sends `send()` again until `definitive(status, body)`; None (and counted as lost) after OP_DEADLINE.
    A first answer that is a replay (Idempotent-Replayed) means the work was committed by a process that
    was killed before it could answer."""
    deadline = time.monotonic() + OP_DEADLINE
    while time.monotonic() < deadline:
        try:
            resp = send()
        except OSError as exc:
            ledger.retry(type(exc).__name__)
        else:
            if definitive(resp.status, resp.body):
                if resp.header("Idempotent-Replayed") == "true":
                    with ledger.lock:
                        ledger.replayed += 1
                return resp.status, resp.body
            code = ""
            if resp.body.startswith(b"{"):
                code = json.loads(resp.body).get("error", {}).get("code", "")
            ledger.retry(f"{resp.status} {code}".strip())
        time.sleep(0.05)
    with ledger.lock:
        ledger.lost.append(what)
    return None


def error_code(body: bytes) -> str:
    try:
        return json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return ""


def client(stack, fakes, email: str, token: str, seed: int, ledger: Ledger, stopping: threading.Event):
    rng = random.Random(seed)
    retryable = {"idempotency_in_progress", "rate_limited", "bad_gateway", "service_unavailable", "gateway_timeout"}

    def definitive(status, body):
        return status < 500 and error_code(body) not in retryable

    try:
        while not stopping.is_set():
            key = str(uuid.uuid4())
            if rng.random() < 0.75:
                answer = until_answered(ledger, f"purchase {key}", lambda: api(
                    stack.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token,
                    headers={"Idempotency-Key": key}), definitive)
                if answer is None:
                    continue
                status, body = answer
                with ledger.lock:
                    if status == 201:
                        order = json.loads(body)
                        ledger.purchases[key] = (email, int(order["id"]), order["price"])
                    elif status in (402, 409):
                        ledger.refused[key] = (email, status, error_code(body))
                    else:
                        ledger.errors.append(f"purchase {key}: {status} {body[:200]!r}")
            else:
                amount = rng.randrange(10_000, 100_001, 1_000)
                answer = until_answered(ledger, f"deposit {key}", lambda: api(
                    stack.port, "POST", "/api/v1/deposits", {"amount": amount, "gateway": "duitku", "method": "BC"},
                    bearer=token, headers={"Idempotency-Key": key}), definitive)
                if answer is None:
                    continue
                status, body = answer
                if status != 201:
                    with ledger.lock:
                        ledger.errors.append(f"deposit {key}: {status} {body[:200]!r}")
                    continue
                deposit_id = json.loads(body)["id"]
                with ledger.lock:
                    ledger.opened[key] = deposit_id
                fakes.duitku.set_status(deposit_id, "paid")   # the customer pays at the gateway
                callback = duitku_callback_body(fakes, deposit_id, amount)
                answer = until_answered(ledger, f"callback {deposit_id}", lambda: api(
                    stack.port, "POST", "/api/v1/payments/duitku/callback", callback, content_type=FORM),
                    lambda status, _: status < 500)
                if answer is None:
                    continue
                with ledger.lock:
                    if answer[0] == 200:
                        ledger.deposits[deposit_id] = (email, amount)
                    else:
                        ledger.errors.append(f"callback {deposit_id}: {answer[0]} {answer[1][:200]!r}")
            time.sleep(rng.uniform(0.05, 0.25))   # a steady stream, not saturation: the kills are the stress
    except BaseException as exc:  # noqa: BLE001 - reported after the join
        with ledger.lock:
            ledger.errors.append(f"client {email} crashed: {exc!r}")


def test_kill_9_soak_loses_nothing_and_applies_nothing_twice(soak_stack, fakes, capsys):
    stack = soak_stack
    started = time.monotonic()
    customers = []
    for i in range(CLIENTS):
        email = create_account(stack.data_dir, unique_email(f"soak{i}"))
        credit(stack.data_dir, email, STARTING_CREDIT, reason="soak starting credit")
        customers.append((email, create_token(stack.data_dir, email, name="soak")))

    supervisor = Supervisor(stack, {**gateway_env(stack.port, fakes), **SETTINGS})
    ledger, stopping = Ledger(), threading.Event()
    threads = [threading.Thread(target=client, args=(stack, fakes, email, token, i, ledger, stopping))
               for i, (email, token) in enumerate(customers)]
    restarts = []
    rng = random.Random(9)
    try:
        wait_until(lambda: http(stack.port, "GET", "/api/v1/health", timeout=2).status == 200, timeout=30,
                   what="the supervised serve")
        for t in threads:
            t.start()
        soak_started = time.monotonic()
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.1, 1.0))
            restarts.append(supervisor.kill_and_restart())
        soak_seconds = time.monotonic() - soak_started
        stopping.set()
        for t in threads:
            t.join(timeout=OP_DEADLINE + 30)
        assert not any(t.is_alive() for t in threads), "a client did not finish"
        # Let the sweeper settle what is due, then stop cleanly so the files are quiet for the checks.
        time.sleep(1.5)
    finally:
        stopping.set()
        supervisor.close()

    assert not ledger.errors, f"{len(ledger.errors)} unexpected answers, e.g. {ledger.errors[:5]}"
    assert not ledger.lost, f"{len(ledger.lost)} operations never got an answer, e.g. {ledger.lost[:5]}\n{tail(supervisor.log)}"
    assert len(restarts) == KILLS

    db = sqlite3.connect(f"file:{stack.data_dir / 'smscode.sqlite'}?mode=ro", uri=True)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    audit_clean(stack.data_dir)

    emails = [email for email, _ in customers]
    accounts = dict(db.execute(f"SELECT email, id FROM accounts WHERE email IN ({','.join('?' * len(emails))})", emails))
    assert len(accounts) == CLIENTS, accounts
    by_id = {v: k for k, v in accounts.items()}
    marks = ",".join("?" * len(accounts))

    # Purchases: the orders in the database are exactly the acknowledged ones, each charged once.
    orders = {row[0]: row[1:] for row in db.execute(
        f"SELECT id, account_id, price, state, refunded, expires_at FROM orders WHERE account_id IN ({marks})", list(accounts.values()))}
    acked = {order_id: (email, price) for email, order_id, price in ledger.purchases.values()}
    assert len(acked) == len(ledger.purchases), "two acknowledged purchases named the same order"
    assert set(orders) == set(acked), \
        f"orders not acknowledged: {sorted(set(orders) - set(acked))[:10]}; acknowledged but missing: {sorted(set(acked) - set(orders))[:10]}"
    for order_id, (email, price) in acked.items():
        account_id, db_price, *_ = orders[order_id]
        assert (by_id[account_id], db_price) == (email, price), (order_id, orders[order_id], acked[order_id])
    rows = db.execute(f"SELECT account_id, kind, amount, reference FROM ledger WHERE account_id IN ({marks})",
                      list(accounts.values())).fetchall()
    charges = {int(ref.split(":")[1]): amount for _, kind, amount, ref in rows if kind == "rental_charge"}
    refunds = {int(ref.split(":")[1]): amount for _, kind, amount, ref in rows if kind == "refund"}
    assert len(charges) == sum(1 for r in rows if r[1] == "rental_charge"), "an order was charged twice"
    assert charges == {order_id: -price for order_id, (_, price) in acked.items()}, "charges differ from the acknowledged prices"
    for order_id, (_, price, state, refunded, _) in orders.items():
        assert (order_id in refunds) == bool(refunded), (order_id, state, refunded, refunds.get(order_id))
        if order_id in refunds:
            assert refunds[order_id] == price and state in ("expired", "canceled", "failed"), (order_id, state)
    expired = [o for o, (_, _, state, _, _) in orders.items() if state == "expired"]
    assert all(orders[o][3] for o in expired), "an expired order was not refunded"
    overdue = db.execute(f"""SELECT count(*) FROM orders WHERE account_id IN ({marks}) AND state IN ('pending', 'received')
                             AND expires_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 seconds')""", list(accounts.values())).fetchone()[0]
    assert overdue == 0, f"{overdue} orders past their window were never settled"

    # Deposits: credited exactly the acknowledged ones, once each.
    credited = {ref.split(":", 1)[1]: (by_id[account_id], amount) for account_id, kind, amount, ref in rows if kind == "deposit"}
    assert sum(1 for r in rows if r[1] == "deposit") == len(credited), "a deposit was credited twice"
    assert credited == ledger.deposits, \
        f"credited but not acknowledged: {sorted(set(credited) - set(ledger.deposits))[:5]}; " \
        f"acknowledged but not credited: {sorted(set(ledger.deposits) - set(credited))[:5]}"
    paid = {d for (d,) in db.execute(f"SELECT id FROM deposits WHERE state = 'paid' AND account_id IN ({marks})", list(accounts.values()))}
    assert paid == set(ledger.deposits), "deposits marked paid differ from the credited ones"
    assert len(set(ledger.opened.values())) == len(ledger.opened), "two deposit keys answered with one deposit"

    # Balances: starting credit + deposits - purchases + refunds, per account.
    for email, account_id in accounts.items():
        want = STARTING_CREDIT + sum(a for d, (e, a) in ledger.deposits.items() if e == email) \
            - sum(p for o, (e, p) in acked.items() if e == email) + sum(refunds.get(o, 0) for o, (e, _) in acked.items() if e == email)
        (balance,) = db.execute("SELECT balance FROM accounts WHERE id = ?", (account_id,)).fetchone()
        assert balance == want, f"{email}: balance {balance}, want {want}"
    db.close()

    log_text = supervisor.log.read_text(errors="replace")
    assert "database is locked" not in log_text and "malformed" not in log_text, tail(supervisor.log)
    figures = {
        "kills": KILLS,
        "soak seconds": round(soak_seconds, 1),
        "restart s (kill to health 200) max/median": f"{max(restarts):.3f}/{statistics.median(restarts):.3f}",
        "purchases acknowledged": len(ledger.purchases),
        "purchases refused (402/409)": len(ledger.refused),
        "deposits opened/credited": f"{len(ledger.opened)}/{len(ledger.deposits)}",
        "orders expired+refunded": len(expired),
        "first answers that were replays": ledger.replayed,
        "retries": dict(sorted(ledger.retries.items())),
        "test seconds": round(time.monotonic() - started, 1),
    }
    with capsys.disabled():
        print("\nkill -9 soak: " + "; ".join(f"{k}: {v}" for k, v in figures.items()))
    assert max(restarts) < 2.0, f"not serving within 2 s after a kill: max {max(restarts):.3f} s"
    assert len(ledger.purchases) >= KILLS and ledger.deposits, f"too little traffic to prove anything: {figures}"
    if soak_seconds > RENTAL_WINDOW + 10:
        assert expired, "no order expired during a soak longer than the rental window"
