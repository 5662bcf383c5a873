"""nginx rate limits. 127.0.0.1 is exempt in this stack, so these tests connect from other loopback
addresses (127.0.0.2, 127.0.0.3), each with a fresh bucket."""
from helpers import assert_json_error, assert_security_headers, http


def test_auth_zone_answers_429_with_retry_after(healthy):
    body = b'{"email":"burst@example.com","password":"not-the-password"}'
    statuses = []
    for _ in range(20):
        resp = http(healthy.port, "POST", "/api/v1/auth/login", body=body,
                    headers={"Content-Type": "application/json"}, source="127.0.0.2")
        statuses.append(resp.status)
        if resp.status == 429:
            break
    assert statuses[-1] == 429, f"no 429 from the auth zone after {len(statuses)} requests: {statuses}"
    # rate 10r/m, burst 5, nodelay: 6 requests pass, the 7th is refused.
    assert len(statuses) <= 8, statuses
    assert all(s < 500 for s in statuses), statuses
    assert_json_error(resp, 429, "rate_limited", "auth 429")
    assert int(resp.header("Retry-After")) >= 1, resp.header("Retry-After")
    assert_security_headers(resp, "auth 429")


def test_api_zone_limits_and_exemption(healthy):
    limited = [http(healthy.port, "GET", "/api/v1/health", source="127.0.0.3") for _ in range(150)]
    counts = {s: sum(1 for r in limited if r.status == s) for s in {r.status for r in limited}}
    assert set(counts) <= {200, 429}, counts
    assert counts.get(429, 0) > 0, f"150 quick requests were never limited: {counts}"
    assert counts.get(200, 0) >= 41, f"burst 40 + 1 must pass: {counts}"
    for r in limited:
        if r.status == 429:
            assert r.header("Retry-After") == "1", r.header("Retry-After")
            assert_json_error(r, 429, "rate_limited", "api 429")
        else:
            assert r.header("Retry-After") is None, "Retry-After only on 429"

    exempt = [http(healthy.port, "GET", "/api/v1/health").status for _ in range(150)]
    assert set(exempt) == {200}, f"127.0.0.1 is exempt in this stack: {exempt}"
