"""`smscode serve` spoken to directly over FastCGI, without nginx in front."""
import json
import select
import signal
import socket
import subprocess
import time

import pytest

import fcgi_client
from fcgi_client import FcgiConnection, default_params
from helpers import run_smscode, start_serve, stop, tail, wait_until

MAX_BODY = 65536  # SMSCODE_MAX_BODY default


def test_oversized_content_length_answered_without_body(stack):
    conn = FcgiConnection(str(stack.sock), timeout=5)
    try:
        conn.begin(default_params("POST", "/api/v1/health", content_length=MAX_BODY + 1))
        # No STDIN at all: the app must decide from CONTENT_LENGTH alone.
        resp = conn.read_response()
    finally:
        conn.close()
    assert resp.app_status is not None, "no END_REQUEST: the app waited for the body"
    assert resp.status == 413, (resp.status, resp.body)
    assert json.loads(resp.body)["error"]["code"] == "payload_too_large"


def test_body_at_the_limit_is_accepted(stack):
    resp = fcgi_client.request(str(stack.sock), default_params("POST", "/api/v1/health",
                                                               content_length=MAX_BODY), b"x" * MAX_BODY)
    assert resp.status == 405, (resp.status, resp.body[:200])  # at the limit: not 413


def test_params_decoding(stack):
    # REQUEST_ID comes back as X-Request-Id; long names and values use 4-byte lengths.
    rid = "feedc0de" * 4
    params = default_params("GET", "/api/v1/health", REQUEST_ID=rid,
                            HTTP_X_FOO="f" * 5000, **{"HTTP_X_" + "N" * 300: "v"})
    resp = fcgi_client.request(str(stack.sock), params)
    assert resp.status == 200, (resp.status, resp.body)
    assert resp.header("X-Request-Id") == rid
    assert json.loads(resp.body)["status"] == "ok"


def test_a_kept_alive_connection_serves_request_after_request(stack):
    # With FCGI_KEEP_CONN the app must leave the connection open and wait for the next request however
    # long the peer idles (nginx reuses a cached connection whenever it next needs one). Two ways it
    # broke: the quick close's 1 ms receive timeout stayed on the socket and ended the connection at the
    # first idle moment, and the unread empty STDIN record was parsed as the next request.
    conn = FcgiConnection(str(stack.sock), timeout=5)
    statuses = []
    try:
        for _ in range(3):
            conn.begin(default_params("GET", "/api/v1/health"), keep_conn=True)
            conn.send_stdin(b"", end=True)
            resp = conn.read_response()
            statuses.append((resp.status, resp.app_status))
            time.sleep(0.05)  # the peer idles between requests (the stimulus, not a wait for a result)
    finally:
        conn.close()
    assert statuses == [(200, 0)] * 3


def _connect_refused(sock_path: str) -> bool:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(1)
    try:
        s.connect(sock_path)
        return False
    except (ConnectionRefusedError, FileNotFoundError):
        return True
    finally:
        s.close()


@pytest.fixture
def two_thread_server(stack):
    """A server of its own with 2 FastCGI threads: (socket path, process, log)."""
    data_dir = stack.root / "kept"
    (data_dir / "run").mkdir(parents=True, exist_ok=True)
    run_smscode(data_dir, "migrate")
    sock, log = data_dir / "run/kept.sock", stack.root / "kept.log"
    proc = start_serve(data_dir, sock, log, SMSCODE_FCGI_THREADS=2)
    try:
        wait_until(lambda: fcgi_client.request(str(sock), default_params("GET", "/api/v1/health"),
                                               timeout=2).status == 200,
                   timeout=30, what="the 2-thread server's health")
        yield sock, proc, log
    finally:
        stop(proc, signal.SIGTERM, timeout=5)


def test_sigterm_drains_in_flight_request(two_thread_server):
    sock, proc, log = two_thread_server
    body = b'{"padding":"0123456789012345678901234567890123456789"}'
    conn = FcgiConnection(str(sock), timeout=10)
    conn.begin(default_params("POST", "/api/v1/health", content_length=len(body)))
    conn.send_stdin(body[:10])
    ready, _, _ = select.select([conn.sock], [], [], 0.5)
    assert not ready, "the app answered before reading the whole body; nothing is in flight"

    proc.send_signal(signal.SIGTERM)
    wait_until(lambda: _connect_refused(str(sock)), timeout=3, what="new connections refused")
    assert proc.poll() is None, "the server exited with a request in flight"

    conn.send_stdin(body[10:], end=True)
    resp = conn.read_response()
    conn.close()
    assert resp.app_status is not None, "response cut short (no END_REQUEST)"
    assert resp.status == 405, (resp.status, resp.body)
    assert json.loads(resp.body)["error"]["code"] == "method_not_allowed"

    try:
        rc = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running 5 s after SIGTERM and the last response\n{tail(log)}")
    assert rc == 0, f"exit code {rc} after SIGTERM\n{tail(log)}"


def _keep_alive_request(conn: FcgiConnection) -> tuple[int, int | None]:
    conn.begin(default_params("GET", "/api/v1/health"), keep_conn=True)
    conn.send_stdin(b"", end=True)
    resp = conn.read_response()
    return resp.status, resp.app_status


def test_idle_kept_connections_hold_no_thread(two_thread_server):
    # nginx keeps up to `keepalive` idle connections per worker. libfcgi alone blocks a thread reading each
    # one, so three times as many idle kept connections as threads would leave a new connection unanswered
    # (stack.md, the upstream-keepalive trap). The app waits for their next request in epoll instead.
    sock, _, _ = two_thread_server
    kept = [FcgiConnection(str(sock), timeout=3) for _ in range(6)]
    try:
        assert [_keep_alive_request(conn) for conn in kept] == [(200, 0)] * 6
        fresh = fcgi_client.request(str(sock), default_params("GET", "/api/v1/health"), timeout=3)
        assert (fresh.status, fresh.app_status) == (200, 0)
        # Every idle one still serves its next request, in any order.
        assert [_keep_alive_request(conn) for conn in reversed(kept)] == [(200, 0)] * 6
    finally:
        for conn in kept:
            conn.close()


def test_sigterm_closes_idle_kept_connections_and_exits(two_thread_server):
    # A stop closes idle kept connections (nginx then opens new ones, to the restarted service) and does
    # not count them as requests in flight: the process exits well before the 10 s drain limit.
    sock, proc, log = two_thread_server
    conn = FcgiConnection(str(sock), timeout=5)
    try:
        assert _keep_alive_request(conn) == (200, 0)
        proc.send_signal(signal.SIGTERM)
        assert conn.sock.recv(1) == b"", "the idle kept connection was left open after SIGTERM"
        try:
            rc = proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 3 s after SIGTERM with only an idle kept connection\n{tail(log)}")
        assert rc == 0, f"exit code {rc} after SIGTERM\n{tail(log)}"
    finally:
        conn.close()
