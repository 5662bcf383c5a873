"""Property-based run of schemathesis (`st run`) against the served OpenAPI document, through nginx,
authenticated as a fresh verified account (schemathesis.toml says how, and why some operations may
answer 400 or 422 to schema-valid requests). The sandbox payment page is fuzzed against a real pending
sandbox deposit of that account, so that its form handling is reached (unknown ids are a plain 404, which
test_money.py checks). The order operations that take an order id are fuzzed against a finished order
of that account (bought with an operator credit, its SMS delivered with `smscode sim deliver`), so they
answer that order or its 409s, and a `?wait=` long-poll on it answers at once. 127.0.0.1 is exempt from
nginx's rate limits in this stack, so no --rate-limit is needed; the app's own per-IP budget still
answers most /api/v1/auth/ calls with a documented 429 after the first ten."""
import os
import subprocess
import sys
from pathlib import Path

from helpers import api, create_account, create_token, credit, sim_deliver, unique_email

CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"


def finished_order(stack, email: str, token: str) -> str:
    """A finished ID/tg order of the account, paid by an operator credit of exactly its price (the
    balance is 0 again afterwards); returns its id."""
    prices = api(stack.port, "GET", "/api/v1/prices?country=ID&service=tg")
    assert prices.status == 200, f"GET /api/v1/prices: {prices.status} {prices.body!r}"
    credit(stack.data_dir, email, next(i["price"] for i in prices.json()["items"] if i["operator"] == "any"))
    bought = api(stack.port, "POST", "/api/v1/orders", {"service": "tg", "country": "ID"}, bearer=token)
    assert bought.status == 201, f"an order for the run: {bought.status} {bought.body!r}"
    order_id = bought.json()["id"]
    sim_deliver(stack.data_dir, order_id)
    finished = api(stack.port, "POST", f"/api/v1/orders/{order_id}/finish", bearer=token)
    assert finished.status == 200 and finished.json()["status"] == "finished", \
        f"finishing the run's order: {finished.status} {finished.body!r}"
    return order_id


def test_schemathesis(stack):
    main = create_account(stack.data_dir, unique_email("schemathesis"))
    peer = create_account(stack.data_dir, unique_email("schemathesis-peer"))
    token, peer_token = create_token(stack.data_dir, main, "schemathesis"), create_token(stack.data_dir, peer, "peer")
    deposit = api(stack.port, "POST", "/api/v1/deposits", {"amount": 10_000, "gateway": "sandbox"}, bearer=token)
    assert deposit.status == 201, f"a sandbox deposit for the run: {deposit.status} {deposit.body!r}"
    order = finished_order(stack, main, token)
    env = dict(os.environ, SMSCODE_ST_TOKEN=token, SMSCODE_ST_PEER_TOKEN=peer_token,
               SMSCODE_ST_SANDBOX_DEPOSIT=deposit.json()["id"], SMSCODE_ST_ORDER=order)
    # `python -m schemathesis.cli` is `st`, from the same interpreter as pytest.
    cmd = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run",
           f"http://127.0.0.1:{stack.port}/api/v1/openapi.json",
           "--checks", "all", "--phases", "examples,coverage,fuzzing",
           "--max-examples", "50", "--seed", "1", "--request-timeout", "10", "--no-color"]
    # cwd: schemathesis and hypothesis leave their caches in the working directory.
    proc = subprocess.run(cmd, cwd=stack.root, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}\n{stack.logs()}"
    # The run stayed authenticated to the end: nothing it did revoked either token (the peer's token
    # tried to delete the main account's tokens and sessions by id; those must all have been 404).
    for who, secret in (("main", token), ("peer", peer_token)):
        resp = api(stack.port, "GET", "/api/v1/me", bearer=secret)
        assert resp.status == 200, f"the {who} token no longer works after the run: {resp.status} {resp.body!r}"
