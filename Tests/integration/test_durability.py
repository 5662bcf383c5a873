"""Durability and write contention (issue 9, security.md A2), through nginx against a stack of this module's own
(quiet: no simulated SMS, so the background jobs write nothing while a test counts):

- every purchase is synced to the WAL before it is acknowledged: `strace -f -y` attached to `smscode serve`
  sees an fdatasync of the database's -wal file between any two purchase answers (synchronous=FULL; with
  NORMAL there would be none until a checkpoint);
- 16 concurrent writers (purchases, sandbox deposits and their payments) for ~10 s: no 5xx, no "database is
  locked" anywhere, and the -wal file stays bounded (it is sampled all along; the maximum is printed). Half-way
  through, `smscode backup` copies the live database; the restore drill of docs/deploy.md (`smscode restore`
  into a fresh folder, `smscode audit`, `PRAGMA integrity_check`) passes on that copy."""
import json
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from http.client import HTTPConnection

import pytest

from helpers import (audit_clean, create_account, create_token, credit, http, run_smscode, serve_pids, tail,
                     unique_email, wait_until)

WRITERS = 16
CONTENTION_SECONDS = 10
WAL_BOUND = 64 * 1024 * 1024      # journal_size_limit (Connection.swift)
SETTINGS = {
    "SMSCODE_SIM_NO_SMS_RATE": "1",          # no deliveries: the background jobs stay idle
    "SMSCODE_MAX_ACTIVE_ORDERS": "1000",
    "SMSCODE_CALLER_RATE": "1000",
}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def quiet_stack(stack_factory):
    with stack_factory("smscode-dur-", **SETTINGS) as s:
        yield s


def customer(stack, tag: str, funds: int) -> str:
    email = create_account(stack.data_dir, unique_email(tag))
    credit(stack.data_dir, email, funds, reason=f"it {tag}")
    return create_token(stack.data_dir, email, name=tag)


def test_every_purchase_is_synced_to_the_wal_before_it_is_acknowledged(quiet_stack, capsys):
    assert shutil.which("strace"), "strace is missing: `scripts/install-deps.sh --test` installs it (make test does)"
    stack, purchases = quiet_stack, 40
    token = customer(stack, "durable", 10_000_000)
    (pid,) = serve_pids(stack.data_dir)
    trace = stack.root / "strace.txt"
    tracer = subprocess.Popen(["strace", "-f", "-y", "-s", "64", "-e", "trace=fdatasync,fsync,write", "-o", str(trace),
                               "-p", str(pid)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # Attached to every thread once a health answer written by a worker shows up in the trace.
        wait_until(lambda: http(stack.port, "GET", "/api/v1/health").status == 200 and trace.exists()
                   and "Status: 200" in trace.read_text(errors="replace"), timeout=30, what="strace attached")
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for _ in range(purchases):   # one at a time, so each answer's sync is its own
            resp = http(stack.port, "POST", "/api/v1/orders", b'{"service":"tg","country":"ID"}', headers=headers)
            assert resp.status == 201, (resp.status, resp.body[:300])
    finally:
        tracer.send_signal(signal.SIGINT)   # detaches; serve runs on
        _, err = tracer.communicate(timeout=30)
    assert serve_pids(stack.data_dir) == [pid], "smscode serve did not survive strace"

    wal_sync = re.compile(r"\bf(?:data)?sync\(\d+<[^>]*/smscode\.sqlite-wal>")
    answer = re.compile(r"\bwrite\(\d+<(?:UNIX|socket):[^>]*>, \".*Status: 201 ")
    syncs, unsynced, answers = 0, 0, 0
    lines = trace.read_text(errors="replace").splitlines()
    for line in lines:
        if wal_sync.search(line):
            syncs += 1
        elif answer.search(line):
            answers += 1
            if syncs == 0:
                unsynced += 1
            syncs = 0
    total_syncs = sum(1 for line in lines if wal_sync.search(line))
    with capsys.disabled():
        print(f"\ndurability: {purchases} purchases, {total_syncs} fdatasync/fsync of the -wal, "
              f"{total_syncs / purchases:.2f} per purchase")
    assert answers == purchases, f"saw {answers} purchase answers in the trace, want {purchases}:\n{err.decode()[-500:]}"
    assert unsynced == 0, f"{unsynced} of {purchases} purchases were answered without a WAL sync since the previous answer"
    assert total_syncs >= purchases


def test_sixteen_writers_through_nginx_never_see_a_locked_database_and_the_wal_stays_bounded(quiet_stack, capsys):
    stack = quiet_stack
    tokens = [customer(stack, f"writer{i}", 50_000_000) for i in range(WRITERS)]
    wal = stack.data_dir / "smscode.sqlite-wal"
    statuses, bad, lock = {}, [], threading.Lock()
    done = threading.Event()
    wal_max = [0]

    def sample_wal():
        while not done.is_set():
            try:
                wal_max[0] = max(wal_max[0], wal.stat().st_size)
            except FileNotFoundError:
                pass
            time.sleep(0.02)

    def writer(token: str, seed: int):
        rng = random.Random(seed)
        conn = HTTPConnection("127.0.0.1", stack.port, timeout=30)
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def call(method, path, body, headers):
            nonlocal conn
            for attempt in range(2):
                try:
                    conn.request(method, path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    if resp.will_close:
                        conn.close()
                        conn = HTTPConnection("127.0.0.1", stack.port, timeout=30)
                    return resp.status, data
                except (ConnectionError, OSError):
                    conn.close()
                    conn = HTTPConnection("127.0.0.1", stack.port, timeout=30)
                    if attempt:
                        raise
        try:
            deadline = time.monotonic() + CONTENTION_SECONDS
            while time.monotonic() < deadline:
                if rng.random() < 0.6:
                    key = {"Idempotency-Key": str(uuid.uuid4())} if rng.random() < 0.5 else {}
                    results = [call("POST", "/api/v1/orders", b'{"service":"tg","country":"ID"}', {**auth, **key})]
                else:
                    status, body = call("POST", "/api/v1/deposits", json.dumps({"amount": rng.randrange(10_000, 50_001, 1_000),
                                                                                   "gateway": "sandbox"}).encode(), auth)
                    results = [(status, body)]
                    if status == 201:
                        deposit = json.loads(body)["id"]
                        results.append(call("POST", f"/api/v1/payments/sandbox/pay/{deposit}", b"outcome=paid",
                                            {"Content-Type": FORM}))
                with lock:
                    for status, body in results:
                        statuses[status] = statuses.get(status, 0) + 1
                        if status >= 500 or status not in (200, 201) or b"locked" in body:
                            bad.append((status, body[:200]))
        except BaseException as exc:  # noqa: BLE001 - reported after the join
            with lock:
                bad.append(("exception", repr(exc)))
        finally:
            conn.close()

    sampler = threading.Thread(target=sample_wal)
    writers = [threading.Thread(target=writer, args=(token, i)) for i, token in enumerate(tokens)]
    started = time.monotonic()
    sampler.start()
    for t in writers:
        t.start()
    time.sleep(CONTENTION_SECONDS / 2)
    backup = stack.root / "under-load.db"
    backed_up = run_smscode(stack.data_dir, "backup", str(backup))    # while the writers write
    for t in writers:
        t.join(timeout=CONTENTION_SECONDS + 60)
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    assert not any(t.is_alive() for t in writers), "a writer hung"

    total = sum(statuses.values())
    with capsys.disabled():
        print(f"\ncontention: {WRITERS} writers, {total} writes in {elapsed:.1f} s ({total / elapsed:.0f}/s), "
              f"statuses {dict(sorted(statuses.items()))}, max WAL {wal_max[0] / 1048576:.1f} MiB")
    assert not bad, f"{len(bad)} failed writes, e.g. {bad[:5]}"
    log = stack.serve_log.read_text(errors="replace")
    assert "locked" not in log and "SQLITE_BUSY" not in log, tail(stack.serve_log)
    assert total >= WRITERS * 10, f"too few writes to prove anything: {statuses}"
    assert 0 < wal_max[0] < WAL_BOUND, f"the WAL grew to {wal_max[0]} bytes"

    # The restore drill (docs/deploy.md) on the copy taken under load.
    assert "integrity_check ok" in backed_up, backed_up
    drill = stack.root / "drill"
    drill.mkdir()
    run_smscode(drill, "restore", str(backup))
    audit_clean(drill)
    restored = sqlite3.connect(f"file:{drill / 'smscode.sqlite'}?mode=ro", uri=True)
    try:
        assert restored.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        (orders,) = restored.execute("SELECT count(*) FROM orders").fetchone()
    finally:
        restored.close()
    live = sqlite3.connect(f"file:{stack.data_dir / 'smscode.sqlite'}?mode=ro", uri=True)
    try:
        (live_orders,) = live.execute("SELECT count(*) FROM orders").fetchone()
    finally:
        live.close()
    assert 0 < orders < live_orders, f"{orders} orders in a backup taken half-way through, {live_orders} at the end"
