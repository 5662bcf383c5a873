"""Property-based run of schemathesis (`st run`) against the served OpenAPI document, through nginx,
authenticated as a fresh verified account (schemathesis.toml says how, and why some operations may
answer 400 or 422 to schema-valid requests). The sandbox payment page is fuzzed against a real pending
sandbox deposit of that account, so that its form handling is reached (unknown ids are a plain 404, which
test_money.py checks). 127.0.0.1 is exempt from nginx's rate limits in this stack, so no
--rate-limit is needed; the app's own per-IP budget still answers most /api/v1/auth/ calls with a
documented 429 after the first ten."""
import os
import subprocess
import sys
from pathlib import Path

from helpers import api, create_account, create_token, unique_email

CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"


def test_schemathesis(stack):
    main = create_account(stack.data_dir, unique_email("schemathesis"))
    peer = create_account(stack.data_dir, unique_email("schemathesis-peer"))
    token, peer_token = create_token(stack.data_dir, main, "schemathesis"), create_token(stack.data_dir, peer, "peer")
    deposit = api(stack.port, "POST", "/api/v1/deposits", {"amount": 10_000, "gateway": "sandbox"}, bearer=token)
    assert deposit.status == 201, f"a sandbox deposit for the run: {deposit.status} {deposit.body!r}"
    env = dict(os.environ, SMSCODE_ST_TOKEN=token, SMSCODE_ST_PEER_TOKEN=peer_token,
               SMSCODE_ST_SANDBOX_DEPOSIT=deposit.json()["id"])
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
