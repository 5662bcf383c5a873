"""The simulated provider after a restart (issue 5): its delivery schedule lives in the serving process's
memory, and a restart used to leave the open orders without their SMS until they expired and were
refunded. `smscode serve` now plans them again when it starts, counted from each purchase.

One stack of its own: every SMS comes 6 s after the purchase (SIM_SMS_DELAY=6-6, SIM_NO_SMS_RATE=0).
The order is bought, `smscode serve` is stopped at once and started again on the same database, and
the code must arrive through nginx as if nothing had happened."""
import os
import signal
import time

import pytest

from conftest import gateway_env
from helpers import api, audit_clean, create_account, create_token, credit, serve_pids, start_serve, stop, tail, unique_email, wait_until

SETTINGS = {"SMSCODE_SIM_SMS_DELAY": "6-6", "SMSCODE_SIM_NO_SMS_RATE": "0"}


@pytest.fixture(scope="module")
def restartable(stack_factory, fakes):
    with stack_factory("smscode-simre-", **SETTINGS) as s:
        s.env = {**gateway_env(s.port, fakes), **SETTINGS}
        yield s


def test_an_order_open_across_a_restart_still_gets_its_sms(restartable):
    s = restartable
    email = create_account(s.data_dir, unique_email("restart"))
    credit(s.data_dir, email, 100_000)
    token = create_token(s.data_dir, email)
    resp = api(s.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token)
    assert resp.status == 201, f"POST /api/v1/orders: {resp.status} {resp.body[:300]!r}"
    order = resp.json()
    bought_at = time.monotonic()

    # Stop the serving process before the SMS is due (SIGTERM: it drains and removes its socket).
    for pid in serve_pids(s.data_dir):
        os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not serve_pids(s.data_dir), timeout=15, what="smscode serve to exit")
    assert time.monotonic() - bought_at < 6, "the restart came after the SMS was due: the test proves nothing"
    log = s.root / "serve-restarted.log"
    serve = start_serve(s.data_dir, s.sock, log, **s.env)
    try:
        def received():
            got = api(s.port, "GET", f"/api/v1/orders/{order['id']}", bearer=token)
            assert serve.poll() is None, f"restarted serve exited {serve.returncode}\n{tail(log)}"
            return got.status == 200 and got.json()["status"] == "received"
        wait_until(received, timeout=15, what="the order's SMS after the restart", interval=0.2)
        final = api(s.port, "GET", f"/api/v1/orders/{order['id']}", bearer=token).json()
        assert final["code"] and final["refunded"] is False
        assert "simulated deliveries planned again after start" in log.read_text()
        me = api(s.port, "GET", "/api/v1/me", bearer=token).json()
        assert me["balance"] == 100_000 - order["price"]   # charged once, not refunded
        audit_clean(s.data_dir)
    finally:
        stop(serve, signal.SIGTERM)
