"""Operations through nginx (issue 9): Prometheus metrics for this host only, health reporting the sweeper,
and `smscode reconcile` clean after real deposits, purchases and refunds on a stack of its own."""
import calendar
import subprocess
import time

import pytest

from helpers import SMSCODE_BIN, api, create_account, create_token, http, smscode_env, unique_email, wait_until


@pytest.fixture(scope="module")
def stack(stack_factory):
    with stack_factory("smscode-ops-", SMSCODE_SIM_NO_SMS_RATE="1", SMSCODE_CANCEL_HOLD="0") as s:
        yield s


def metric(text: str, line_prefix: str) -> float:
    for line in text.splitlines():
        if line.startswith(line_prefix + " "):
            return float(line.split()[-1])
    raise AssertionError(f"no {line_prefix} in:\n{text[:2000]}")


def test_metrics_answer_only_this_host_and_count_what_happened(stack):
    email = create_account(stack.data_dir, unique_email("ops"))
    token = create_token(stack.data_dir, email)
    for _ in range(3):
        assert http(stack.port, "GET", "/api/v1/health").status == 200
    assert api(stack.port, "GET", "/api/v1/me", bearer="smsc_not_a_token").status == 401
    resp = http(stack.port, "GET", "/metrics")
    assert resp.status == 200, resp.body[:300]
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = resp.body.decode()
    assert metric(text, 'smscode_http_requests_total{route="GET /api/v1/health",status="200"}') >= 3
    assert metric(text, 'smscode_http_requests_total{route="GET /api/v1/me",status="401"}') >= 1
    assert metric(text, 'smscode_orders{state="pending"}') == 0
    # Another address, even on this machine's loopback network, is refused by nginx.
    assert http(stack.port, "GET", "/metrics", source="127.0.0.2").status == 403
    assert api(stack.port, "GET", "/api/v1/me", bearer=token).status == 200


def test_health_reports_the_sweeper_running(stack):
    def swept():
        body = http(stack.port, "GET", "/api/v1/health").json()
        return body["sweeper_last_run"] is not None and body
    body = wait_until(swept, timeout=10, what="a sweeper run in /api/v1/health", interval=0.2)
    ran = calendar.timegm(time.strptime(body["sweeper_last_run"], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(time.time() - ran) < 10, body


def test_reconcile_is_clean_after_deposits_purchases_and_refunds(stack):
    email = create_account(stack.data_dir, unique_email("recon"))
    token = create_token(stack.data_dir, email)
    deposit = api(stack.port, "POST", "/api/v1/deposits", {"amount": 50_000, "gateway": "sandbox"}, bearer=token).json()
    paid = api(stack.port, "POST", f"/api/v1/payments/sandbox/pay/{deposit['id']}", b"outcome=paid",
               content_type="application/x-www-form-urlencoded")
    assert paid.status == 200, paid.body[:300]
    order = api(stack.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token).json()
    cancel = api(stack.port, "POST", f"/api/v1/orders/{order['id']}/cancel", bearer=token)
    assert cancel.status == 200 and cancel.json()["refunded"] is True, cancel.body
    api(stack.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token)
    proc = subprocess.run([str(SMSCODE_BIN), "reconcile"], env=smscode_env(stack.data_dir), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "reconcile clean" in proc.stdout
    text = http(stack.port, "GET", "/metrics").body.decode()
    assert metric(text, "smscode_refunds_total") >= 1
    assert metric(text, 'smscode_deposits{state="paid"}') >= 1
