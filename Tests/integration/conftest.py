"""Session fixtures: the fake payment gateways (fakes/fake_duitku.py, fakes/fake_heleket.py) and a complete
stack (migrate, site build, nginx + `smscode serve` wired to those fakes) on free ports in a temp dir, all
stopped at the end even when tests fail. Run: SMSCODE_BIN=... REPO=... python3 -m pytest -q
Tests/integration. SMSCODE_IT_KEEP=1 keeps the temp dirs (logs) for inspection."""
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import (SMSCODE_BIN, REPO, FakeGateway, free_port, http, render_nginx, run_smscode, start_fake,
                     start_nginx, start_serve, stop, tail, wait_until)

# Test credentials of the fake gateways; the server gets the same through its environment.
DUITKU_MERCHANT, DUITKU_API_KEY = "DS4242", "it-duitku-api-key-5f0c9a1e7b3d4c2a"
HELEKET_MERCHANT, HELEKET_API_KEY = "c26b80a2-3b1e-4d9f-9f0e-5a7d2e8c1b44", "it-heleket-payment-key-0a9b8c7d6e5f"


@dataclass
class Stack:
    root: Path
    port: int
    data_dir: Path
    public_dir: Path
    sock: Path          # smscode's FastCGI socket (for tests that bypass nginx)
    serve_log: Path
    nginx_log: Path     # nginx's stderr; access/error logs are in data_dir/log/

    def logs(self) -> str:
        return (f"--- smscode serve ---\n{tail(self.serve_log)}\n--- nginx stderr ---\n"
                f"{tail(self.nginx_log)}\n--- nginx error.log ---\n"
                f"{tail(self.data_dir / 'log/nginx-error.log')}")


@dataclass
class Fakes:
    duitku: FakeGateway
    heleket: FakeGateway


@pytest.fixture(scope="session")
def fakes():
    """Both fake gateways, for the whole session (the server keeps their addresses)."""
    root = Path(tempfile.mkdtemp(prefix="smscode-fakes-"))
    started = []
    try:
        for name, merchant, key in (("duitku", DUITKU_MERCHANT, DUITKU_API_KEY),
                                    ("heleket", HELEKET_MERCHANT, HELEKET_API_KEY)):
            try:
                started.append(start_fake(name, merchant, key, root / f"fake_{name}.log"))
            except AssertionError as exc:
                pytest.exit(f"fake {name} did not start: {exc}", returncode=2)
        yield Fakes(*started)
    finally:
        for fake in started:
            stop(fake.proc, signal.SIGTERM)
        if os.environ.get("SMSCODE_IT_KEEP"):
            print(f"\nkept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def gateway_env(port: int, fakes: Fakes) -> dict:
    """The server's payment settings: the fakes, test credentials, and a loopback BASE_URL (the nginx
    port), which also turns the sandbox gateway on."""
    return {
        "SMSCODE_BASE_URL": f"http://127.0.0.1:{port}",
        "SMSCODE_DUITKU_BASE_URL": fakes.duitku.base_url,
        "SMSCODE_DUITKU_MERCHANT_CODE": DUITKU_MERCHANT,
        "SMSCODE_DUITKU_API_KEY": DUITKU_API_KEY,
        "SMSCODE_HELEKET_BASE_URL": fakes.heleket.base_url,
        "SMSCODE_HELEKET_MERCHANT": HELEKET_MERCHANT,
        "SMSCODE_HELEKET_API_KEY": HELEKET_API_KEY,
    }


@contextmanager
def running_stack(fakes: Fakes, prefix: str = "smscode-it-", **env):
    """A complete stack (migrate, catalog import, site build, `smscode serve` + nginx) in a new temp dir;
    `env` adds or overrides `SMSCODE_*` settings of `smscode serve` (e.g. SMSCODE_SIM_NO_SMS_RATE="1").
    Everything is stopped when the block ends, even when tests fail."""
    if not os.access(SMSCODE_BIN, os.X_OK):
        pytest.exit(f"SMSCODE_BIN {SMSCODE_BIN} is not an executable (build first)", returncode=2)
    # A short path under /tmp keeps the unix socket path far below its 108-byte limit.
    root = Path(tempfile.mkdtemp(prefix=prefix))
    data_dir = root / "var"
    (data_dir / "run").mkdir(parents=True)
    s = Stack(root=root, port=free_port(), data_dir=data_dir, public_dir=root / "public",
              sock=data_dir / "run/smscode.sock", serve_log=root / "serve.log", nginx_log=root / "nginx.log")
    serve = nginx = None
    try:
        run_smscode(data_dir, "migrate")
        run_smscode(data_dir, "catalog", "import")
        # The site states settings (rental window, cancel hold, gateways): build it with the server's.
        run_smscode(data_dir, "site", "build", "--source", str(REPO), "--output", str(s.public_dir),
                    env={**gateway_env(s.port, fakes), **env})
        # 127.0.0.1 is exempt from rate limits (schemathesis, load tests); rate-limit tests connect
        # from 127.0.0.2 and up, which nginx limits as usual.
        conf = render_nginx(root / "nginx", port=s.port, public_dir=s.public_dir, data_dir=data_dir,
                            fastcgi=f"unix:{s.sock}", exempt="127.0.0.1")
        serve = start_serve(data_dir, s.sock, s.serve_log, **{**gateway_env(s.port, fakes), **env})
        nginx = start_nginx(conf, s.nginx_log)

        def ready():
            assert serve.poll() is None, f"smscode serve exited with {serve.returncode}"
            assert nginx.poll() is None, f"nginx exited with {nginx.returncode}"
            return http(s.port, "GET", "/api/v1/health", timeout=2).status == 200
        try:
            wait_until(ready, timeout=30, what="GET /api/v1/health through nginx")
        except AssertionError as exc:
            pytest.exit(f"stack did not start: {exc}\n{s.logs()}", returncode=2)
        yield s
    finally:
        if serve is not None:
            rc = stop(serve, signal.SIGTERM)
            if rc != 0:
                print(f"\nsmscode serve exited with {rc} on SIGTERM\n{tail(s.serve_log)}")
        if nginx is not None:
            stop(nginx, signal.SIGQUIT, group=True)
        if os.environ.get("SMSCODE_IT_KEEP"):
            print(f"\nkept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def stack(fakes):
    """The shared stack, with default settings."""
    with running_stack(fakes) as s:
        yield s


@pytest.fixture(scope="session")
def stack_factory(fakes):
    """Starts another stack with extra settings, for module fixtures that need them:
    `with stack_factory(SMSCODE_CANCEL_HOLD="0") as s: yield s`."""
    return lambda prefix="smscode-it-", **env: running_stack(fakes, prefix, **env)


@pytest.fixture
def healthy(stack):
    """Use in tests that send bad input: after the test, the stack must still answer health."""
    yield stack
    resp = http(stack.port, "GET", "/api/v1/health")
    assert resp.status == 200, f"health after the test: {resp.status} {resp.body[:200]!r}\n{stack.logs()}"
