"""Accounts through nginx (issue 3): registration, email verification, login, cookie + CSRF, API tokens,
logout, object-level authorization, enumeration resistance, login throttling and suspension.

Every test makes its own accounts (uuid emails) and calls the auth endpoints from its own loopback
addresses (`fresh_source()`): nginx allows 6 quick requests per address on /api/v1/auth/, the app 10
per address, and failed logins throttle an address after 5. Authenticated calls outside /api/v1/auth/
come from 127.0.0.1, which nginx exempts in this stack."""
import email
import email.policy
import re
import subprocess
from pathlib import Path

import pytest

from helpers import (PASSWORD, SMSCODE_BIN, api, assert_json_error, assert_security_headers, create_account,
                     create_token, fresh_source, run_smscode, smscode_env, unique_email, wait_until)

COOKIE_RE = re.compile(r"^sid=([^;]+); Path=/; Max-Age=(\d+); HttpOnly; SameSite=Lax$")


# --- helpers ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def terms_version(stack) -> str:
    """The Terms of Service version in force, as the API reports it (GET /api/v1/me → terms.current)."""
    owner = create_account(stack.data_dir, unique_email("terms"))
    resp = api(stack.port, "GET", "/api/v1/me", bearer=create_token(stack.data_dir, owner))
    assert resp.status == 200, resp.body
    current = resp.json()["terms"]["current"]
    assert current, resp.json()
    return current


def register(stack, address: str, terms: str, password: str = PASSWORD, source: str | None = None):
    return api(stack.port, "POST", "/api/v1/auth/register",
               {"email": address, "password": password, "adult": True, "terms_version": terms},
               source=source or fresh_source())


def login(stack, address: str, password: str = PASSWORD, source: str | None = None):
    return api(stack.port, "POST", "/api/v1/auth/login", {"email": address, "password": password},
               source=source or fresh_source())


def session_of(resp) -> tuple[str, str]:
    """(Cookie header value, csrf_token) from a successful login answer."""
    assert resp.status == 200, f"login: {resp.status} {resp.body[:300]!r}"
    cookies = resp.headers.get_all("Set-Cookie") or []
    assert len(cookies) == 1, cookies
    match = COOKIE_RE.match(cookies[0])
    assert match, f"Set-Cookie {cookies[0]!r}: want sid=…; Path=/; Max-Age=…; HttpOnly; SameSite=Lax (no Secure on HTTP)"
    csrf = resp.json()["csrf_token"]
    assert isinstance(csrf, str) and len(csrf) >= 32, csrf
    return f"sid={match.group(1)}", csrf


def mails_to(data_dir: Path, address: str) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted((data_dir / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found.append(message)
    return found


def wait_for_mail(data_dir: Path, address: str, count: int = 1, timeout: float = 5.0) -> email.message.EmailMessage:
    """The newest mail to `address` once at least `count` have arrived (the outbox job runs every second)."""
    mails = wait_until(lambda: (m := mails_to(data_dir, address)) and len(m) >= count and m,
                       timeout=timeout, what=f"{count} mail(s) to {address} under {data_dir / 'mail'}")
    return mails[-1]


def link_token(message: email.message.EmailMessage, page: str) -> str:
    text = message.get_content()
    match = re.search(rf"https?://\S+/{page}#token=([0-9A-Za-z]+)", text)
    assert match, f"no /{page}#token= link in the mail:\n{text}"
    return match.group(1)


# --- registration and verification ------------------------------------------------------------------

def test_registration_answer_is_the_same_for_new_and_existing_email(stack, terms_version):
    existing = create_account(stack.data_dir, unique_email("existing"))
    fresh = unique_email("fresh")
    first = register(stack, fresh, terms_version)
    again = register(stack, fresh, terms_version)
    known = register(stack, existing, terms_version)
    for what, resp in (("new email", first), ("same email again", again), ("existing account", known)):
        assert resp.status == 202, f"{what}: {resp.status} {resp.body!r}"
        assert resp.json() == {"status": "verification_sent"}, f"{what}: {resp.body!r}"
        assert (resp.header("Content-Type") or "").startswith("application/json"), what
    assert first.body == again.body == known.body, "registration must not reveal whether an email is known"
    # The owner of the existing address is told by mail instead.
    assert "already" in wait_for_mail(stack.data_dir, existing)["Subject"].lower()


def test_registration_rejects_bad_requests(healthy, terms_version):
    port, fresh = healthy.port, unique_email("bad")
    source = fresh_source()
    resp = api(port, "POST", "/api/v1/auth/register", b'{"email": "x@example.com", "password": ', source=source)
    assert_json_error(resp, 400, "invalid_request", "malformed JSON")

    resp = api(port, "POST", "/api/v1/auth/register",
               {"email": fresh, "password": PASSWORD, "adult": True, "terms_version": terms_version},
               content_type="text/plain", source=source)
    assert_json_error(resp, 415, "unsupported_media_type", "text/plain body")

    resp = register(healthy, fresh, terms_version, password="password12", source=source)
    assert_json_error(resp, 400, "weak_password", "common password")

    resp = register(healthy, fresh, terms_version, password="nine char", source=source)
    assert_json_error(resp, 400, "weak_password", "9-character password")

    source = fresh_source()
    resp = api(port, "POST", "/api/v1/auth/register",
               {"email": fresh, "password": PASSWORD, "adult": True, "terms_version": terms_version, "balance": 10**6},
               source=source)
    assert_json_error(resp, 400, "invalid_request", "unknown member (mass assignment)")

    resp = register(healthy, fresh, "1999-01-01", source=source)
    assert_json_error(resp, 400, "terms_not_accepted", "old terms version")

    resp = register(healthy, fresh, terms_version, password="correct horse\u0000battery", source=source)
    assert_json_error(resp, 400, "invalid_request", "U+0000 in a string")
    assert_security_headers(resp, "register 400")
    # None of these created the account: a login fails like for any unknown email.
    assert_json_error(login(healthy, fresh), 401, "invalid_credentials", "login after refused registrations")


def test_verification_mail_link_verifies_once(stack, terms_version):
    address = unique_email("verify")
    assert register(stack, address, terms_version).status == 202
    message = wait_for_mail(stack.data_dir, address)
    token = link_token(message, "verify")

    # Registered but unverified: login works, the account says so.
    cookie, _ = session_of(login(stack, address))
    me = api(stack.port, "GET", "/api/v1/me", cookie=cookie).json()
    assert me["state"] == "unverified" and me["email_verified"] is False, me

    source = fresh_source()
    resp = api(stack.port, "POST", "/api/v1/auth/verify", {"token": token}, source=source)
    assert resp.status == 200, resp.body
    body = resp.json()
    assert body["email"] == address and body["email_verified"] is True and body["state"] == "active", body
    assert "csrf_token" not in body, "verify does not log in"

    again = api(stack.port, "POST", "/api/v1/auth/verify", {"token": token}, source=source)
    assert_json_error(again, 400, "invalid_token", "second use of the link")
    me = api(stack.port, "GET", "/api/v1/me", cookie=cookie).json()
    assert me["state"] == "active" and me["email_verified"] is True, me


# --- sessions, CSRF, tokens ---------------------------------------------------------------------------

def test_login_cookie_csrf_and_logout(stack):
    address = create_account(stack.data_dir, unique_email("cookie"))
    resp = login(stack, address)
    cookie, csrf = session_of(resp)
    assert resp.json()["user"]["email"] == address
    assert_security_headers(resp, "login")

    me = api(stack.port, "GET", "/api/v1/me", cookie=cookie)
    assert me.status == 200, me.body
    assert me.json()["email"] == address and me.json()["csrf_token"] == csrf, me.json()

    sessions = api(stack.port, "GET", "/api/v1/sessions", cookie=cookie)
    assert sessions.status == 200, sessions.body
    assert [s["current"] for s in sessions.json()["items"]] == [True], sessions.json()

    no_csrf = api(stack.port, "POST", "/api/v1/tokens", {"name": "no csrf"}, cookie=cookie)
    assert_json_error(no_csrf, 403, "csrf_failed", "cookie POST without X-CSRF-Token")
    wrong = api(stack.port, "POST", "/api/v1/tokens", {"name": "wrong csrf"}, cookie=cookie, csrf=csrf[:-4] + "0000")
    assert_json_error(wrong, 403, "csrf_failed", "cookie POST with a wrong X-CSRF-Token")
    cross = api(stack.port, "POST", "/api/v1/tokens", {"name": "cross"}, cookie=cookie, csrf=csrf,
                headers={"Sec-Fetch-Site": "cross-site"})
    assert_json_error(cross, 403, "csrf_failed", "cross-site cookie POST")
    listed = api(stack.port, "GET", "/api/v1/tokens", cookie=cookie).json()["items"]
    assert listed == [], f"refused requests created tokens: {listed}"

    created = api(stack.port, "POST", "/api/v1/tokens", {"name": "  shop-bot  "}, cookie=cookie, csrf=csrf)
    assert created.status == 201, created.body
    token = created.json()
    assert token["name"] == "shop-bot" and re.fullmatch(r"smsc_[0-9A-Za-z]{36}", token["token"]), token
    assert token["hint"] == token["token"][:9], token
    listed = api(stack.port, "GET", "/api/v1/tokens", cookie=cookie).json()["items"]
    assert [t["id"] for t in listed] == [token["id"]] and "token" not in listed[0], listed
    assert api(stack.port, "GET", "/api/v1/me", bearer=token["token"]).status == 200

    source = fresh_source()
    resp = api(stack.port, "POST", "/api/v1/auth/logout", cookie=cookie, source=source)
    assert_json_error(resp, 403, "csrf_failed", "logout without X-CSRF-Token")
    resp = api(stack.port, "POST", "/api/v1/auth/logout", cookie=cookie, csrf=csrf, source=source)
    assert resp.status == 204, resp.body
    cleared = resp.headers.get_all("Set-Cookie") or []
    assert len(cleared) == 1 and cleared[0].startswith("sid=;") and "Max-Age=0" in cleared[0], cleared
    after = api(stack.port, "GET", "/api/v1/me", cookie=cookie)
    assert_json_error(after, 401, "unauthorized", "the old cookie after logout")
    # Logging out ends the session, not the API tokens created with it.
    assert api(stack.port, "GET", "/api/v1/me", bearer=token["token"]).status == 200


def test_bearer_token_works_and_revocation_is_immediate(stack):
    address = create_account(stack.data_dir, unique_email("bearer"))
    keeper = create_token(stack.data_dir, address, name="keeper")
    doomed = create_token(stack.data_dir, address, name="doomed")

    me = api(stack.port, "GET", "/api/v1/me", bearer=doomed)
    assert me.status == 200, me.body
    assert me.json()["email"] == address and "csrf_token" not in me.json(), me.json()
    # Bearer requests need no CSRF token.
    assert api(stack.port, "GET", "/api/v1/tokens", bearer=doomed).status == 200

    items = api(stack.port, "GET", "/api/v1/tokens", bearer=keeper).json()["items"]
    by_name = {t["name"]: t for t in items}
    assert set(by_name) == {"keeper", "doomed"}, items
    assert by_name["doomed"]["hint"] == doomed[:9]

    resp = api(stack.port, "DELETE", f"/api/v1/tokens/{by_name['doomed']['id']}", bearer=keeper)
    assert resp.status == 204, resp.body
    assert_json_error(api(stack.port, "GET", "/api/v1/me", bearer=doomed), 401, "unauthorized",
                      "the revoked token on the very next request")
    assert api(stack.port, "GET", "/api/v1/me", bearer=keeper).status == 200
    again = api(stack.port, "DELETE", f"/api/v1/tokens/{by_name['doomed']['id']}", bearer=keeper)
    assert_json_error(again, 404, "not_found", "revoking twice")

    for bad in ("smsc_" + "A" * 36, "not-a-token", ""):
        assert_json_error(api(stack.port, "GET", "/api/v1/me", bearer=bad), 401, "unauthorized", f"bearer {bad!r}")
    assert_json_error(api(stack.port, "GET", "/api/v1/me", headers={"Authorization": f"Basic {keeper}"}),
                      401, "unauthorized", "a token without the Bearer scheme")
    assert_json_error(api(stack.port, "GET", "/api/v1/me"), 401, "unauthorized", "no credentials")


def test_another_users_token_and_session_are_not_found(stack):
    owner = create_account(stack.data_dir, unique_email("owner"))
    other = create_account(stack.data_dir, unique_email("other"))
    owner_token = create_token(stack.data_dir, owner, name="owner-bot")
    other_token = create_token(stack.data_dir, other, name="other-bot")
    owner_cookie, _ = session_of(login(stack, owner))

    token_id = api(stack.port, "GET", "/api/v1/tokens", bearer=owner_token).json()["items"][0]["id"]
    session_id = api(stack.port, "GET", "/api/v1/sessions", bearer=owner_token).json()["items"][0]["id"]

    for path in (f"/api/v1/tokens/{token_id}", f"/api/v1/sessions/{session_id}"):
        resp = api(stack.port, "DELETE", path, bearer=other_token)
        assert_json_error(resp, 404, "not_found", f"another user's DELETE {path}")
    unknown = api(stack.port, "DELETE", "/api/v1/tokens/000000000000000000000000", bearer=other_token)
    assert unknown.status == 404 and unknown.body == api(
        stack.port, "DELETE", f"/api/v1/tokens/{token_id}", bearer=other_token).body, "foreign id = unknown id"

    assert api(stack.port, "GET", "/api/v1/me", bearer=owner_token).status == 200, "the owner's token survives"
    assert api(stack.port, "GET", "/api/v1/me", cookie=owner_cookie).status == 200, "the owner's session survives"
    assert api(stack.port, "GET", "/api/v1/sessions", bearer=other_token).json()["items"] == [], \
        "another account's sessions are not listed"


def test_lists_answer_items_and_next_cursor(stack):
    """API.md "Lists": `{"items": [...], "next_cursor": "…"|null}`; the OpenAPI document requires both."""
    token = create_token(stack.data_dir, create_account(stack.data_dir, unique_email("lists")))
    for path in ("/api/v1/tokens", "/api/v1/sessions"):
        body = api(stack.port, "GET", path, bearer=token).json()
        assert isinstance(body.get("items"), list), f"{path}: {body}"
        assert "next_cursor" in body and body["next_cursor"] is None, \
            f"GET {path}: want next_cursor: null (API.md), got {body}"


# --- login: enumeration and throttling ------------------------------------------------------------------

def test_unknown_email_and_wrong_password_look_the_same(stack):
    address = create_account(stack.data_dir, unique_email("enum"))
    source = fresh_source()
    wrong = login(stack, address, password="not the password at all", source=source)
    unknown = login(stack, unique_email("nobody"), password="not the password at all", source=source)
    assert_json_error(wrong, 401, "invalid_credentials", "wrong password")
    assert (unknown.status, unknown.body) == (wrong.status, wrong.body)
    skip = {"date", "x-request-id"}
    assert sorted((k.lower(), v) for k, v in wrong.headers.items() if k.lower() not in skip) == \
        sorted((k.lower(), v) for k, v in unknown.headers.items() if k.lower() not in skip)
    assert "Set-Cookie" not in wrong.headers


def test_login_is_throttled_per_email_after_five_failures(stack):
    address = create_account(stack.data_dir, unique_email("throttle"))
    # Five failures from five addresses, so neither nginx nor the per-IP throttle is what answers 429.
    for attempt in range(5):
        resp = login(stack, address, password=f"wrong password {attempt}")
        assert_json_error(resp, 401, "invalid_credentials", f"wrong password #{attempt + 1}")
    # The sixth attempt, from yet another address and even with the right password, must wait.
    resp = login(stack, address)
    assert_json_error(resp, 429, "rate_limited", "sixth login for the email")
    retry_after = resp.header("Retry-After")
    # The app's login throttle waits 30 s after the fifth failure; nginx's own 429 would say 6.
    assert retry_after and retry_after.isdigit() and 20 <= int(retry_after) <= 900, retry_after
    assert "Set-Cookie" not in resp.headers
    # Another email is not affected.
    other = create_account(stack.data_dir, unique_email("unaffected"))
    session_of(login(stack, other))


def test_login_is_throttled_per_address(stack):
    source = fresh_source()
    for attempt in range(5):
        resp = login(stack, unique_email("spray"), password="Spring2026!!", source=source)
        assert_json_error(resp, 401, "invalid_credentials", f"password spraying #{attempt + 1}")
    resp = login(stack, unique_email("spray"), password="Spring2026!!", source=source)
    assert_json_error(resp, 429, "rate_limited", "sixth failed login from one address")
    assert 20 <= int(resp.header("Retry-After")) <= 900, "the app's throttle (30 s), not nginx's zone (6 s)"


# --- password reset and change ---------------------------------------------------------------------------

def test_password_reset_link_ends_every_session(stack):
    address = create_account(stack.data_dir, unique_email("reset"))
    cookie, _ = session_of(login(stack, address))
    asked = api(stack.port, "POST", "/api/v1/auth/password-reset", {"email": address}, source=fresh_source())
    unknown = api(stack.port, "POST", "/api/v1/auth/password-reset", {"email": unique_email("nobody")},
                  source=fresh_source())
    assert asked.status == unknown.status == 202, (asked.body, unknown.body)
    assert asked.body == unknown.body and asked.json() == {"status": "reset_sent_if_registered"}, asked.body
    token = link_token(wait_for_mail(stack.data_dir, address), "reset")

    source = fresh_source()
    new_password = "a brand new passphrase 2026"
    weak = api(stack.port, "POST", "/api/v1/auth/password-reset/confirm", {"token": token, "password": "1234567890"},
               source=source)
    assert_json_error(weak, 400, "weak_password", "reset to a common password")
    done = api(stack.port, "POST", "/api/v1/auth/password-reset/confirm", {"token": token, "password": new_password},
               source=source)
    assert done.status == 200 and done.json() == {"status": "password_changed"}, done.body
    again = api(stack.port, "POST", "/api/v1/auth/password-reset/confirm", {"token": token, "password": new_password},
                source=source)
    assert_json_error(again, 400, "invalid_token", "second use of the reset link")

    assert_json_error(api(stack.port, "GET", "/api/v1/me", cookie=cookie), 401, "unauthorized", "session after a reset")
    assert_json_error(login(stack, address), 401, "invalid_credentials", "the old password after a reset")
    session_of(login(stack, address, password=new_password))


def test_password_change_keeps_own_session_and_ends_others(stack):
    address = create_account(stack.data_dir, unique_email("change"))
    mine, csrf = session_of(login(stack, address))
    other, _ = session_of(login(stack, address))
    new_password = "another long passphrase 99"
    wrong = api(stack.port, "POST", "/api/v1/me/password",
                {"current_password": "not my password", "new_password": new_password}, cookie=mine, csrf=csrf)
    assert_json_error(wrong, 401, "invalid_credentials", "wrong current password")
    weak = api(stack.port, "POST", "/api/v1/me/password",
               {"current_password": PASSWORD, "new_password": "qwertyuiop"}, cookie=mine, csrf=csrf)
    assert_json_error(weak, 400, "weak_password", "common new password")
    done = api(stack.port, "POST", "/api/v1/me/password",
               {"current_password": PASSWORD, "new_password": new_password}, cookie=mine, csrf=csrf)
    assert done.status == 200 and done.json() == {"status": "password_changed"}, done.body
    assert api(stack.port, "GET", "/api/v1/me", cookie=mine).status == 200, "the caller's own session stays"
    assert_json_error(api(stack.port, "GET", "/api/v1/me", cookie=other), 401, "unauthorized", "the other session")
    session_of(login(stack, address, password=new_password))


# --- operator controls ------------------------------------------------------------------------------

def test_suspended_account_is_refused_everywhere(stack):
    address = create_account(stack.data_dir, unique_email("suspend"))
    token = create_token(stack.data_dir, address)
    cookie, _ = session_of(login(stack, address))
    assert api(stack.port, "GET", "/api/v1/me", bearer=token).status == 200

    run_smscode(stack.data_dir, "account", "suspend", "--email", address, "--reason", "integration test")

    assert_json_error(api(stack.port, "GET", "/api/v1/me", bearer=token), 403, "account_suspended", "token after suspension")
    assert_json_error(api(stack.port, "GET", "/api/v1/me", cookie=cookie), 401, "unauthorized",
                      "session after suspension (suspension ends every session)")
    assert_json_error(login(stack, address), 403, "account_suspended", "login while suspended")


def test_operator_cli_refuses_bad_input(stack):
    """The CLI used above fails loudly (non-zero exit) instead of creating something half-right."""
    address = unique_email("cli")
    for args in (["account", "create", "--email", address, "--password", "short"],
                 ["account", "create", "--email", "not-an-email", "--password", PASSWORD],
                 ["token", "create", "--email", unique_email("nobody"), "--name", "x"]):
        proc = subprocess.run([str(SMSCODE_BIN), *args], env=smscode_env(stack.data_dir), capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode != 0, f"smscode {' '.join(args)} succeeded: {proc.stdout}"
        assert "smsc_" not in proc.stdout
