"""Shared helpers: HTTP over http.client or raw sockets, header checks, and starting/stopping
`smscode serve` and nginx as child processes."""
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPMessage
from pathlib import Path

REPO = Path(os.environ.get("REPO") or Path(__file__).resolve().parents[2]).resolve()
SMSCODE_BIN = Path(os.environ.get("SMSCODE_BIN") or REPO / ".build/debug/smscode").resolve()
RENDER_NGINX = REPO / "scripts/render-nginx.sh"
# The shared gateway and client scripts (../shared/clients): run or imported in place, never copied.
SHARED_CLIENTS = Path(os.environ.get("SMSCODE_SHARED_CLIENTS") or REPO.parent / "shared/clients").resolve()
FAKES_DIR = Path(__file__).resolve().parent / "fakes"

# What nginx must add to every response (nginx.conf, server level).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_DIRECTIVES = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                  "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'",
                  "form-action 'self'", "object-src 'none'"]


@dataclass
class HttpResponse:
    status: int
    headers: HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def http(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
         source: str = "127.0.0.1", timeout: float = 10.0) -> HttpResponse:
    """One request on a fresh connection. `source` picks the client address: all of 127.0.0.0/8
    is loopback, and the stacks exempt only 127.0.0.1 from rate limits."""
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return HttpResponse(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def raw_exchange(port: int, payload: bytes, timeout: float = 15.0) -> bytes:
    """Send raw bytes, half-close, and read until the server closes. A reset counts as closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
        return data


def statuses_in(raw: bytes) -> list[int]:
    """Status codes of every HTTP response in a raw byte stream."""
    return [int(m) for m in re.findall(rb"(?:^|\r\n)HTTP/1\.[01] (\d{3})", raw)]


def assert_security_headers(resp: HttpResponse, what: str):
    for name, value in SECURITY_HEADERS.items():
        got = resp.headers.get_all(name) or []
        assert got == [value], f"{what}: {name} is {got}, want exactly [{value!r}]"
    csp = resp.headers.get_all("Content-Security-Policy") or []
    assert len(csp) == 1, f"{what}: Content-Security-Policy is {csp}"
    for directive in CSP_DIRECTIVES:
        assert directive in csp[0], f"{what}: CSP lacks {directive!r}: {csp[0]}"
    for name in ("Permissions-Policy", "Strict-Transport-Security"):
        got = resp.headers.get_all(name) or []
        assert len(got) == 1 and got[0], f"{what}: {name} is {got}"
    assert resp.header("Server") == "nginx", f"{what}: Server header {resp.header('Server')!r} (server_tokens off)"


def assert_json_error(resp: HttpResponse, status: int, code: str, what: str):
    assert resp.status == status, f"{what}: status {resp.status}, want {status}: {resp.body[:300]!r}"
    ctype = resp.header("Content-Type") or ""
    assert ctype.startswith("application/json"), f"{what}: Content-Type {ctype!r}"
    err = resp.json().get("error", {})
    assert err.get("code") == code, f"{what}: error {err}, want code {code!r}"
    assert isinstance(err.get("message"), str) and err["message"], f"{what}: no message in {err}"


def wait_until(check, timeout: float, what: str, interval: float = 0.05):
    """Poll `check()` until it returns a truthy value (returned) or `timeout` passes."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except OSError as exc:
            last = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last error: {last})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smscode_env(data_dir: Path, **extra) -> dict:
    # CONTENT_DIR: the Terms of Service version and the common-password list, whatever the cwd.
    env = dict(os.environ, SMSCODE_DATA_DIR=str(data_dir))
    env.setdefault("SMSCODE_CONTENT_DIR", str(REPO / "Content"))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_smscode(data_dir: Path, *args: str, env: dict | None = None) -> str:
    """Runs an operator command against `data_dir` (with extra `SMSCODE_*` settings in `env`); fails the
    test on a non-zero exit, returns stdout."""
    proc = subprocess.run([str(SMSCODE_BIN), *args], env=smscode_env(data_dir, **(env or {})), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, f"smscode {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}"
    return proc.stdout


# --- Accounts -------------------------------------------------------------------------------------

PASSWORD = "correct horse battery staple 7"   # passes the password policy (10..128, not common)

_sources = itertools.count(1)
_sources_lock = threading.Lock()


def fresh_source() -> str:
    """A loopback client address no other test uses (127.0.1.1, 127.0.1.2, …): its own nginx and app
    rate-limit buckets. 127.0.0.1 is exempt from nginx's limits but not from the app's per-IP auth
    budget and login throttle, and test_rate_limit.py uses 127.0.0.2 and 127.0.0.3."""
    with _sources_lock:
        n = next(_sources)
    assert n < 250 * 254, "out of loopback addresses"
    return f"127.0.{1 + n // 254}.{1 + n % 254}"


def unique_email(tag: str = "user") -> str:
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.com"


def api(port: int, method: str, path: str, payload=None, *, bearer: str | None = None,
        cookie: str | None = None, csrf: str | None = None, headers: dict | None = None,
        source: str = "127.0.0.1", content_type: str | None = "application/json") -> HttpResponse:
    """A JSON API call: `payload` (if not None) is sent as JSON, or as-is when it is bytes."""
    all_headers = {}
    body = None
    if payload is not None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        if content_type:
            all_headers["Content-Type"] = content_type
    if bearer is not None:
        all_headers["Authorization"] = f"Bearer {bearer}"
    if cookie is not None:
        all_headers["Cookie"] = cookie
    if csrf is not None:
        all_headers["X-CSRF-Token"] = csrf
    all_headers.update(headers or {})
    return http(port, method, path, body=body, headers=all_headers, source=source)


def create_account(data_dir: Path, email: str, password: str = PASSWORD, verified: bool = True) -> str:
    """Creates an account with the operator CLI (`smscode account create`); returns the email."""
    run_smscode(data_dir, "account", "create", "--email", email, "--password", password,
                *(["--verified"] if verified else []))
    return email


def create_token(data_dir: Path, email: str, name: str = "it") -> str:
    """A new API token for `email`, from the operator CLI (`smscode token create`, prints the token)."""
    out = run_smscode(data_dir, "token", "create", "--email", email, "--name", name).strip()
    token = out.splitlines()[-1].strip() if out else ""
    assert re.fullmatch(r"smsc_[0-9A-Za-z]{36}", token), f"smscode token create printed {out!r}"
    return token


def credit(data_dir: Path, email: str, amount: int, reason: str = "it credit") -> str:
    """Credits `amount` rupiah with the operator CLI (`smscode ledger adjust`, an `adjustment` ledger row)."""
    return run_smscode(data_dir, "ledger", "adjust", "--email", email, "--amount", str(amount), "--reason", reason)


def sim_deliver(data_dir: Path, order_id: str, text: str | None = None) -> str:
    """Makes an SMS arrive for an order now (`smscode sim deliver`, the simulated provider's path); returns
    what the command printed."""
    return run_smscode(data_dir, "sim", "deliver", str(order_id), *([text] if text is not None else []))


def audit_clean(data_dir: Path):
    """`smscode audit`: every balance equals the sum of its ledger (exit 0), else the test fails."""
    proc = subprocess.run([str(SMSCODE_BIN), "audit"], env=smscode_env(data_dir), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, f"smscode audit exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"


def start_serve(data_dir: Path, sock: Path, log: Path, **env) -> subprocess.Popen:
    env = smscode_env(data_dir, SMSCODE_LISTEN=sock, **env)
    with open(log, "ab") as err:
        return subprocess.Popen([str(SMSCODE_BIN), "serve"], env=env, stdin=subprocess.DEVNULL,
                                stdout=err, stderr=err)


def render_nginx(out_dir: Path, *, port: int, public_dir: Path, data_dir: Path, fastcgi: str,
                 exempt: str = "") -> Path:
    env = dict(os.environ, PORT=str(port), PUBLIC_DIR=str(public_dir), DATA_DIR=str(data_dir),
               FASTCGI=fastcgi, RATE_LIMIT_EXEMPT=exempt)
    env.pop("LISTEN", None)
    proc = subprocess.run(["bash", str(RENDER_NGINX), str(out_dir)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, f"render-nginx.sh failed:\n{proc.stdout}\n{proc.stderr}"
    return out_dir / "nginx.conf"


def start_nginx(conf: Path, log: Path) -> subprocess.Popen:
    # Own session, so that a last-resort kill can take the workers too (killpg on its own group).
    with open(log, "ab") as err:
        return subprocess.Popen(["nginx", "-p", f"{conf.parent}/", "-c", str(conf), "-e", "stderr"],
                                stdin=subprocess.DEVNULL, stdout=err, stderr=err, start_new_session=True)


def stop(proc: subprocess.Popen, sig: int, timeout: float = 15.0, group: bool = False) -> int:
    """Send `sig`, wait; SIGKILL (the process, or its own group) if it does not exit in time."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
            proc.wait()
    return proc.returncode


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} unreadable)"


# --- Fake payment gateways ------------------------------------------------------------------------------

@dataclass
class FakeGateway:
    """One fake gateway process (fakes/fake_duitku.py or fake_heleket.py) and its control endpoints."""
    name: str           # "duitku" or "heleket"
    port: int
    merchant: str
    api_key: str
    proc: subprocess.Popen
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _control(self, method: str, path: str, payload=None):
        body = None if payload is None else json.dumps(payload).encode()
        resp = http(self.port, method, path, body=body, headers={"Content-Type": "application/json"})
        return resp.status, (resp.json() if resp.body else None)

    def orders(self) -> list[dict]:
        status, orders = self._control("GET", "/_control/orders")
        assert status == 200, f"fake {self.name}: GET /_control/orders answered {status}"
        return orders

    def order(self, order_id: str) -> dict | None:
        """The order the server created for `order_id`, normalised: amount (int), callback_url, method, raw."""
        for raw in self.orders():
            if self.name == "duitku" and raw.get("merchantOrderId") == order_id:
                return {"amount": raw["amount"], "callback_url": raw.get("callbackUrl"),
                        "method": raw.get("paymentMethod"), "raw": raw}
            if self.name == "heleket" and raw.get("order_id") == order_id:
                return {"amount": int(raw["amount"]), "callback_url": raw.get("url_callback"),
                        "currency": raw.get("currency"), "raw": raw}
        return None

    def instructions(self, order: dict) -> dict:
        """The `payment` object a deposit must show for this order: what the fake answered, with the members
        the gateway left empty absent."""
        raw = order["raw"]
        if self.name == "heleket":
            return {"url": raw["url"]}
        ref, qris = raw["reference"], raw["paymentMethod"] in {"SP", "NQ", "GQ", "SQ", "DQ", "LQ"}
        payment = {"url": f"http://127.0.0.1:{self.port}/redirect/{ref}"}
        payment["qr_string" if qris else "va_number"] = ("00020101021226" + ref) if qris else ("7007014" + ref[-6:])
        return payment

    def set_status(self, order_id: str, status: str, notify: bool = False) -> dict:
        """Sets what the fake's status API says about an order (paid, pending, failed; Heleket: any status);
        with `notify`, the fake also sends its own signed callback and reports the answer's status."""
        status_code, answer = self._control("POST", "/_control/status",
                                            {"order_id": order_id, "status": status, "notify": notify})
        assert status_code == 200, f"fake {self.name}: setting {order_id} to {status} answered {status_code} {answer}"
        return answer

    def fail_next(self, status: int = 503):
        assert self._control("POST", "/_control/fail_next", {"status": status})[0] == 200


def start_fake(name: str, merchant: str, api_key: str, log: Path) -> FakeGateway:
    port = free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, str(FAKES_DIR / f"fake_{name}.py"), "--port", str(port),
                                 "--merchant", merchant, "--api-key", api_key],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    fake = FakeGateway(name=name, port=port, merchant=merchant, api_key=api_key, proc=proc, log=log)

    def listening():
        assert proc.poll() is None, f"fake {name} exited with {proc.returncode}:\n{tail(log)}"
        return http(port, "GET", "/_control/orders", timeout=2).status == 200
    wait_until(listening, timeout=15, what=f"fake {name} on port {port}")
    return fake


# --- Socket activation (deploy/smscode.socket) ----------------------------------------------------------

def listening_unix_socket(path: Path) -> socket.socket:
    """A listening unix socket at `path`, as systemd opens it for deploy/smscode.socket (the caller keeps
    it open for as long as systemd would: across restarts of the service)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1024)
    os.chmod(path, 0o660)
    return listener


def start_activated_serve(data_dir: Path, listener: socket.socket, log: Path, **env) -> subprocess.Popen:
    """`smscode serve` started the way systemd starts deploy/smscode.service: `listener` becomes the
    child's fd 3, with LISTEN_FDS=1 and LISTEN_PID set to the child's own pid (bash's $$ survives its
    exec). SMSCODE_LISTEN points at a path that must stay unused: the inherited socket wins."""
    n = listener.fileno()
    move = "" if n == 3 else f" 3<&{n} {n}<&-"
    script = f'export LISTEN_PID=$$ LISTEN_FDS=1; exec "$0" serve{move}'
    env = smscode_env(data_dir, SMSCODE_LISTEN=data_dir / "run/not-used.sock", **env)
    with open(log, "ab") as err:
        return subprocess.Popen(["bash", "-c", script, str(SMSCODE_BIN)], pass_fds=(n,), env=env,
                                stdin=subprocess.DEVNULL, stdout=err, stderr=err)


def serve_pids(data_dir: Path) -> list[int]:
    """Pids of `smscode serve` processes whose SMSCODE_DATA_DIR is `data_dir` (found in /proc; never by name)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            if argv[:2] != [str(SMSCODE_BIN).encode(), b"serve"]:
                continue
            if f"SMSCODE_DATA_DIR={data_dir}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids
