"""Account deletion, termination and changed terms through nginx and the operator CLI (issue 7, ToS §9
and §10): deletion refused while an order or deposit is open, then forfeiting and revoking every session
and token at once with `smscode audit` clean; the 30-day cooldown answered by mail; `smscode purge`
erasing the email from the database file and its WAL while orders and ledger stay; `smscode account
terminate` with and without --forfeit; `smscode terms announce` once per version.

The module runs its own stack (cancel hold 0, so an order can be cancelled at once). Thirty days cannot
pass on a wall clock: the purge test moves the deleted account's stored dates 31 days back instead (the
Swift tests cover the same with an injected clock). Everything authenticated comes from 127.0.0.1."""
import email
import email.policy
import re
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from helpers import (PASSWORD, SMSCODE_BIN, api, assert_json_error, audit_clean, create_account, create_token,
                     credit, fresh_source, run_smscode, sim_deliver, smscode_env, unique_email, wait_until)

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def lifecycle(stack_factory):
    with stack_factory("smscode-lifecycle-", SMSCODE_CANCEL_HOLD="0") as s:
        yield s


# --- helpers ----------------------------------------------------------------------------------------

def login(stack, address: str, password: str = PASSWORD):
    return api(stack.port, "POST", "/api/v1/auth/login", {"email": address, "password": password}, source=fresh_source())


def session(stack, address: str) -> tuple[str, str]:
    """(Cookie header, csrf token) of a new dashboard login."""
    resp = login(stack, address)
    assert resp.status == 200, f"login {address}: {resp.status} {resp.body!r}"
    cookie = resp.header("Set-Cookie").split(";")[0]
    return cookie, resp.json()["csrf_token"]


def customer(stack, tag: str, funds: int = 0, credentials: int = 1):
    """A verified account with `funds` rupiah, `credentials` sessions and as many tokens: (email, sessions, tokens, id)."""
    address = create_account(stack.data_dir, unique_email(tag))
    if funds:
        credit(stack.data_dir, address, funds)
    sessions = [session(stack, address) for _ in range(credentials)]
    tokens = [create_token(stack.data_dir, address, f"{tag}-{n}") for n in range(credentials)]
    me = api(stack.port, "GET", "/api/v1/me", bearer=tokens[0]).json()
    return address, sessions, tokens, me["id"]


def delete_account(stack, cookie_csrf, confirm: int, password: str = PASSWORD):
    cookie, csrf = cookie_csrf
    return api(stack.port, "DELETE", "/api/v1/account", {"password": password, "confirm_forfeit_amount": confirm},
               cookie=cookie, csrf=csrf)


def db(stack) -> sqlite3.Connection:
    return sqlite3.connect(stack.data_dir / "smscode.sqlite", timeout=10)


def mails_to(stack, address: str) -> list:
    found = []
    for path in sorted((stack.data_dir / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found.append(message)
    return found


def wait_for_mail(stack, address: str, subject: str, count: int = 1):
    return wait_until(lambda: (m := [x for x in mails_to(stack, address) if subject in x["Subject"]]) and len(m) >= count and m,
                      timeout=10, what=f"{count} mail(s) '{subject}' to {address}")


def accepted(stack, cookie_csrf=None, token=None) -> int:
    """How many of the given credentials GET /api/v1/me accepts."""
    if token is not None:
        return int(api(stack.port, "GET", "/api/v1/me", bearer=token).status == 200)
    return int(api(stack.port, "GET", "/api/v1/me", cookie=cookie_csrf[0]).status == 200)


def price(stack) -> int:
    items = api(stack.port, "GET", "/api/v1/prices?country=ID&service=tg").json()["items"]
    return next(i["price"] for i in items if i["operator"] == "any")


# --- deletion ---------------------------------------------------------------------------------------

def test_deletion_waits_for_orders_and_deposits_then_revokes_everything_at_once(lifecycle):
    s = lifecycle
    address, sessions, tokens, account_id = customer(s, "delete", funds=60_000, credentials=5)
    order = api(s.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=tokens[0])
    assert order.status == 201, order.body
    balance = 60_000 - price(s)

    preview = api(s.port, "GET", "/api/v1/account/deletion", cookie=sessions[0][0]).json()
    assert preview["forfeit_amount"] == balance and preview["cooldown_days"] == 30, preview
    assert preview["blocking"] == {"active_orders": 1, "pending_deposits": 0} and preview["deletable"] is False, preview
    assert_json_error(delete_account(s, sessions[1], balance), 409, "deletion_blocked", "deletion with an active order")

    canceled = api(s.port, "POST", f"/api/v1/orders/{order.json()['id']}/cancel", bearer=tokens[0])
    assert canceled.status == 200 and canceled.json()["refunded"] is True, canceled.body
    deposit = api(s.port, "POST", "/api/v1/deposits", {"amount": 10_000, "gateway": "sandbox"}, bearer=tokens[1])
    assert deposit.status == 201, deposit.body
    assert_json_error(delete_account(s, sessions[1], 60_000), 409, "deletion_blocked", "deletion with a pending deposit")
    assert sum(accepted(s, c) for c in sessions) + sum(accepted(s, token=t) for t in tokens) == 10, "refusals changed nothing"

    paid = api(s.port, "POST", f"/api/v1/payments/sandbox/pay/{deposit.json()['id']}", b"outcome=paid", content_type=FORM)
    assert paid.status == 200, paid.body
    assert_json_error(delete_account(s, sessions[2], 60_000), 409, "forfeit_amount_mismatch", "the old amount, typed blind")
    assert_json_error(delete_account(s, sessions[2], 70_000, password="not my password!"), 401, "invalid_credentials", "wrong password")

    deleted = delete_account(s, sessions[2], 70_000)
    assert deleted.status == 200 and deleted.json()["forfeited"] == 70_000, deleted.body
    # The very next request: 0 of 5 sessions and 0 of 5 tokens accepted.
    assert sum(accepted(s, c) for c in sessions) == 0
    assert sum(accepted(s, token=t) for t in tokens) == 0
    assert_json_error(login(s, address), 401, "invalid_credentials", "login after deletion")
    with db(s) as conn:
        rows = conn.execute("SELECT kind, amount, reference FROM ledger WHERE account_id = ? ORDER BY id", (account_id,)).fetchall()
        state = conn.execute("SELECT state, email, balance FROM accounts WHERE id = ?", (account_id,)).fetchone()
    assert sum(amount for _, amount, _ in rows) == 0, rows
    assert rows[-1] == ("forfeiture", -70_000, f"account:{account_id}:forfeit"), rows
    assert state == ("deleted", "", 0), state
    audit_clean(s.data_dir)
    mail = wait_for_mail(s, address, "deleted")[-1]
    assert "Rp 70.000" in mail.get_content()


def test_day_one_registration_is_answered_by_mail_and_creates_nothing(lifecycle):
    s = lifecycle
    typed = f"Nadia.Putri.{uuid.uuid4().hex[:8]}@gmail.com"
    create_account(s.data_dir, typed)
    owner = session(s, typed)
    terms = api(s.port, "GET", "/api/v1/me", cookie=owner[0]).json()["terms"]["current"]
    assert delete_account(s, owner, 0).status == 200
    with db(s) as conn:
        before = conn.execute("SELECT count(*) FROM accounts").fetchone()[0]
    local = typed.split("@")[0]
    # Another case, and Gmail's dots and +tags: the same person, so the same cooldown.
    for variant in (typed.upper(), local.replace(".", "").lower() + "+again@googlemail.com"):
        resp = api(s.port, "POST", "/api/v1/auth/register",
                   {"email": variant, "password": PASSWORD, "adult": True, "terms_version": terms}, source=fresh_source())
        assert resp.status == 202 and resp.json() == {"status": "verification_sent"}, resp.body
        stored = variant.split("@")[0] + "@" + variant.split("@")[1].lower()
        text = wait_for_mail(s, stored, "Registration not yet possible")[-1].get_content()
        assert "30 days" in text and re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", text), text
        assert "#token=" not in text
    with db(s) as conn:
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == before


def test_purge_erases_the_email_from_the_database_and_wal_but_keeps_orders_and_ledger(lifecycle):
    s = lifecycle
    address, sessions, tokens, account_id = customer(s, "Purge.Me", funds=price(s) + 5_000)
    order = api(s.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=tokens[0]).json()
    sim_deliver(s.data_dir, order["id"], "Your code is 482913. Do not share it.")
    assert api(s.port, "POST", f"/api/v1/orders/{order['id']}/finish", bearer=tokens[0]).json()["status"] == "finished"
    assert delete_account(s, sessions[0], 5_000).status == 200
    wait_for_mail(s, address, "deleted")
    assert "purged 0 account(s)" in run_smscode(s.data_dir, "purge")  # day 0: nothing is due
    with db(s) as conn:  # thirty days cannot pass on a wall clock: move the stored dates instead
        conn.execute("UPDATE accounts SET deleted_at = '2000-01-01T00:00:00Z', purge_at = '2000-01-31T00:00:00Z' WHERE id = ?", (account_id,))
        conn.execute("UPDATE email_cooldowns SET until = '2000-01-31T00:00:00Z' WHERE account_id = ?", (account_id,))
        # …and its mails with them: they were sent before the cooldown ended, as they would have been.
        conn.execute("UPDATE outbox SET created_at = '2000-01-02T00:00:00Z' WHERE recipient = ?", (address,))
    files = (s.data_dir / "smscode.sqlite", s.data_dir / "smscode.sqlite-wal")

    def holding(needle: str) -> list[str]:
        return [p.name for p in files if p.exists() and needle.encode() in p.read_bytes()]
    assert holding(address), "before the purge the deletion mail (in the outbox) holds the address"
    out = run_smscode(s.data_dir, "purge")
    assert re.search(r"purged 1 account\(s\): [1-9]\d* mail\(s\), 1 SMS text\(s\).*WAL truncated: true", out), out
    forms = {address, address.lower(), address.split("@")[0], address.split("@")[0].lower(), "482913"}
    assert {form: holding(form) for form in forms} == {form: [] for form in forms}
    with db(s) as conn:
        assert conn.execute("SELECT state, price FROM orders WHERE account_id = ?", (account_id,)).fetchall() == [("finished", order["price"])]
        kinds = [k for (k,) in conn.execute("SELECT kind FROM ledger WHERE account_id = ? ORDER BY id", (account_id,))]
        assert kinds == ["adjustment", "rental_charge", "forfeiture"], kinds
        assert conn.execute("SELECT text, code FROM sms_messages WHERE order_id = ?", (int(order["id"]),)).fetchall() == [("", None)]
    audit_clean(s.data_dir)


# --- termination --------------------------------------------------------------------------------------

@pytest.mark.parametrize("forfeit", [False, True])
def test_termination_refuses_every_request_and_login(lifecycle, forfeit):
    s = lifecycle
    address, sessions, tokens, account_id = customer(s, "terminate", funds=25_000, credentials=2)
    out = run_smscode(s.data_dir, "account", "terminate", "--email", address, "--reason", "abuse report 17",
                      *(["--forfeit"] if forfeit else []))
    assert "state=terminated" in out and f"forfeited={25_000 if forfeit else 0}" in out, out
    for cookie_csrf in sessions:
        assert_json_error(api(s.port, "GET", "/api/v1/me", cookie=cookie_csrf[0]), 403, "account_terminated", "session")
    for token in tokens:
        assert_json_error(api(s.port, "GET", "/api/v1/orders", bearer=token), 403, "account_terminated", "token")
    assert_json_error(login(s, address), 403, "account_terminated", "login")
    with db(s) as conn:
        balance, reason = conn.execute("SELECT balance, termination_reason FROM accounts WHERE id = ?", (account_id,)).fetchone()
        revoked = conn.execute("SELECT count(*) FROM api_tokens WHERE account_id = ? AND revoked_at IS NOT NULL", (account_id,)).fetchone()[0]
        kinds = [k for (k,) in conn.execute("SELECT kind FROM ledger WHERE account_id = ? ORDER BY id", (account_id,))]
    assert (balance, reason, revoked) == (0 if forfeit else 25_000, "abuse report 17", 2)
    assert kinds == (["adjustment", "forfeiture"] if forfeit else ["adjustment"]), kinds
    audit_clean(s.data_dir)


# --- changed terms ------------------------------------------------------------------------------------

def test_terms_announce_mails_each_active_user_once_per_version(lifecycle, tmp_path):
    s = lifecycle
    users = [customer(s, "terms")[0] for _ in range(2)]
    terminated = customer(s, "terms-terminated")[0]
    run_smscode(s.data_dir, "account", "terminate", "--email", terminated)
    content = tmp_path / "Content"
    shutil.copytree(Path(smscode_env(s.data_dir)["SMSCODE_CONTENT_DIR"]), content)
    terms = content / "terms.md"
    terms.write_text(re.sub(r"(?m)^version: .*$", "version: 2099-01-01", terms.read_text()))

    def announce() -> str:
        proc = subprocess.run([str(SMSCODE_BIN), "terms", "announce"], capture_output=True, text=True, timeout=60,
                              env=smscode_env(s.data_dir, SMSCODE_CONTENT_DIR=content))
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first = announce()
    assert re.search(r"terms 2099-01-01: [1-9]\d* mail\(s\) queued", first), first
    assert "terms 2099-01-01: 0 mail(s) queued" in announce()
    for user in users:
        mail = wait_for_mail(s, user, "Terms of Service have changed")[-1]
        assert "2099-01-01" in mail.get_content()

    def queued(address: str) -> int:  # in the outbox, delivered or not
        with db(s) as conn:
            return conn.execute("SELECT count(*) FROM outbox WHERE recipient = ? AND subject LIKE '%Terms of Service have changed%'",
                                (address,)).fetchone()[0]
    assert [queued(user) for user in users] == [1, 1]
    assert queued(terminated) == 0
