"""The stack through nginx: health, static site, error shapes, security headers, bad encodings."""
import gzip
import json
import re
import signal

import pytest

from helpers import (assert_json_error, assert_security_headers, free_port, http, render_nginx,
                     start_nginx, stop, wait_until)


def test_health(stack):
    resp = http(stack.port, "GET", "/api/v1/health")
    assert resp.status == 200, resp.body
    assert (resp.header("Content-Type") or "").startswith("application/json")
    body = resp.json()
    assert body["status"] == "ok" and body["database"] == "ok", body
    assert isinstance(body["version"], str) and body["version"], body
    ids = resp.headers.get_all("X-Request-Id") or []
    assert len(ids) == 1 and ids[0].strip(), f"X-Request-Id: {ids}"
    assert resp.header("Retry-After") is None
    assert_security_headers(resp, "health")


def test_request_ids_differ(stack):
    a = http(stack.port, "GET", "/api/v1/health").header("X-Request-Id")
    b = http(stack.port, "GET", "/api/v1/health").header("X-Request-Id")
    assert a and b and a != b


def test_static_page(stack):
    resp = http(stack.port, "GET", "/")
    assert resp.status == 200
    assert (resp.header("Content-Type") or "").startswith("text/html")
    assert resp.body == (stack.public_dir / "index.html").read_bytes()
    assert resp.header("X-Request-Id"), "nginx adds X-Request-Id where the app does not"
    assert_security_headers(resp, "static page")


def test_static_404_serves_site_page(stack):
    resp = http(stack.port, "GET", "/no-such-page-7f3a")
    assert resp.status == 404
    assert resp.body == (stack.public_dir / "404.html").read_bytes(), "error_page 404 /404.html"
    assert_security_headers(resp, "static 404")


def test_api_404_is_json(stack):
    resp = http(stack.port, "GET", "/api/v1/no-such-route")
    assert_json_error(resp, 404, "not_found", "API 404")
    assert resp.header("X-Request-Id")
    assert_security_headers(resp, "API 404")


@pytest.mark.parametrize("path", ["/stubs/handler_api.php?action=getBalance", "/v1/user/profile"])
def test_compat_paths_reach_the_app(stack, path):
    # The app answers these (404 JSON until the compatibility APIs exist), not the static site.
    resp = http(stack.port, "GET", path)
    assert resp.status < 500, resp.body
    assert not (resp.header("Content-Type") or "").startswith("text/html"), resp.header("Content-Type")
    assert resp.body != (stack.public_dir / "404.html").read_bytes()
    assert_security_headers(resp, path)


def test_405_lists_allowed_methods(healthy):
    resp = http(healthy.port, "POST", "/api/v1/health", body=b"")
    assert_json_error(resp, 405, "method_not_allowed", "POST health")
    allow = [m.strip() for m in (resp.header("Allow") or "").split(",")]
    assert "GET" in allow, f"Allow: {resp.header('Allow')!r}"
    assert_security_headers(resp, "405")


def test_413_from_nginx(healthy):
    resp = http(healthy.port, "POST", "/api/v1/health", body=b"x" * 100 * 1024,
                headers={"Content-Type": "application/json"})
    assert_json_error(resp, 413, "payload_too_large", "100 KiB POST")
    assert_security_headers(resp, "413")


def test_json_is_never_compressed_but_static_text_is(stack):
    # API answers carry secrets (CSRF tokens, new API tokens): no gzip for JSON (BREACH).
    resp = http(stack.port, "GET", "/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert resp.status == 200
    assert (resp.header("Content-Type") or "").startswith("application/json")
    assert resp.header("Content-Encoding") is None
    doc = json.loads(resp.body)
    assert doc["openapi"].startswith("3.1"), doc.get("openapi")
    assert any(p.endswith("/health") for p in doc["paths"]), list(doc["paths"])
    css = http(stack.port, "GET", "/assets/style.css", headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.header("Content-Encoding") == "gzip"
    assert b"body" in gzip.decompress(css.body)


@pytest.mark.parametrize("target", [
    "/api/v1/health?x=%zz",    # bad percent-encoding in the query (the app decodes it)
    "/api/v1/health?x=%ff",    # percent-encoded byte that is not UTF-8
    "/api/v1/%ff",             # the same in the path
    "/api/v1/%zz",             # bad escape in the path: nginx itself refuses it
    "/api/v1/health?x=%e2%82", # truncated UTF-8 sequence
])
def test_bad_encoding_is_400(healthy, target):
    resp = http(healthy.port, "GET", target)
    assert resp.status == 400, f"{target}: {resp.status} {resp.body[:200]!r}"
    assert_json_error(resp, 400, "invalid_request", target)
    assert_security_headers(resp, target)


def test_server_hides_version(stack):
    resp = http(stack.port, "GET", "/no-such-page-7f3a")
    assert not re.search(rb"nginx/\d", resp.body)


def test_app_down_is_502_json(stack):
    """A second nginx whose FastCGI socket has no server: nginx's own 502 in the API's shape."""
    port, root = free_port(), stack.root / "nginx-down"
    conf = render_nginx(root, port=port, public_dir=stack.public_dir, data_dir=root / "var",
                        fastcgi=f"unix:{root}/nobody-listens.sock")
    nginx = start_nginx(conf, root / "nginx.log")
    try:
        wait_until(lambda: http(port, "GET", "/", timeout=2).status == 200, timeout=10, what="nginx")
        resp = http(port, "GET", "/api/v1/health")
        assert_json_error(resp, 502, "bad_gateway", "app down")
        assert resp.header("X-Request-Id")
        assert_security_headers(resp, "502")
    finally:
        stop(nginx, signal.SIGQUIT, group=True)


def test_trace_is_answered_by_the_app(healthy):
    # nginx refuses TRACE before routing; nginx.conf hands that 405 to the app, which knows Allow.
    resp = http(healthy.port, "TRACE", "/api/v1/health")
    assert_json_error(resp, 405, "method_not_allowed", "TRACE health")
    assert "GET" in (resp.header("Allow") or ""), resp.header("Allow")
    assert_security_headers(resp, "TRACE")
