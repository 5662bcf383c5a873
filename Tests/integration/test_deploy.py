"""Deployment (issue 9): systemd socket activation of `smscode serve`, the units in deploy/ (checked with
systemd-analyze), the production nginx site deploy/nginx-site.conf (TLS, redirect, headers, run inside
Debian's own nginx.conf against the shared stack's `smscode serve`, and kept in step with the top-level
nginx.conf), and `make run`'s supervisor (scripts/dev-run.sh) bringing a killed `smscode serve` back."""
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from http.client import HTTPSConnection
from pathlib import Path

import pytest

import fcgi_client
from fcgi_client import FcgiConnection, default_params
from helpers import (PASSWORD, REPO, SMSCODE_BIN, HttpResponse, assert_security_headers, create_account,
                     free_port, fresh_source, http, listening_unix_socket, run_smscode, serve_pids,
                     smscode_env, start_activated_serve, stop, tail, wait_until)

DEPLOY = REPO / "deploy"
UNITS = ["smscode.socket", "smscode.service", "smscode-backup.service", "smscode-backup.timer"]


def fcgi_health(sock: Path, timeout: float = 5) -> fcgi_client.Response:
    return fcgi_client.request(str(sock), default_params("GET", "/api/v1/health"), timeout=timeout)


# --- socket activation ----------------------------------------------------------------------------------

def test_socket_activation_serves_the_inherited_socket_across_restarts(tmp_path):
    """The supervisor's socket (fd 3, LISTEN_FDS/LISTEN_PID) is served, survives a clean stop (neither
    shut down nor unlinked: the next process serves it again) and a kill -9, and a connection made while
    no process runs waits in the backlog and is answered by the next one."""
    data_dir = tmp_path / "var"
    (data_dir / "run").mkdir(parents=True)
    run_smscode(data_dir, "migrate")
    sock, log = tmp_path / "smscode.sock", tmp_path / "serve.log"
    listener = listening_unix_socket(sock)
    procs = []
    try:
        for round_ in ("first", "after SIGTERM", "after kill -9"):
            proc = start_activated_serve(data_dir, listener, log, SMSCODE_FCGI_THREADS=4)
            procs.append(proc)
            resp = fcgi_health(sock)
            assert resp.status == 200 and b'"ok"' in resp.body, f"{round_}: {resp.status} {resp.body!r}\n{tail(log)}"
            assert proc.poll() is None, f"{round_}: serve exited with {proc.returncode}\n{tail(log)}"
            if round_ == "first":
                rc = stop(proc, signal.SIGTERM, timeout=10)
                assert rc == 0, f"exit code {rc} after SIGTERM\n{tail(log)}"
                assert sock.is_socket(), "the inherited socket's path was unlinked on exit"
            elif round_ == "after SIGTERM":
                proc.kill()
                proc.wait()
        assert log.read_text().count("listening on inherited socket fd 3") == 3, tail(log)
        assert not (data_dir / "run/not-used.sock").exists(), "SMSCODE_LISTEN was opened beside the inherited socket"

        # No process runs now: a request made meanwhile waits in the backlog for the next one.
        procs[-1].kill()
        procs[-1].wait()
        waiting = FcgiConnection(str(sock), timeout=30)
        waiting.begin(default_params("GET", "/api/v1/health"))
        waiting.send_stdin(b"", end=True)
        procs.append(start_activated_serve(data_dir, listener, log, SMSCODE_FCGI_THREADS=4))
        resp = waiting.read_response()
        waiting.close()
        assert resp.status == 200 and resp.app_status == 0, (resp.status, resp.body, tail(log))
    finally:
        for proc in procs:
            stop(proc, signal.SIGKILL, timeout=5)
        listener.close()


def test_socket_activation_variables_of_another_process_are_ignored_and_bad_ones_refused(tmp_path):
    """LISTEN_PID naming another process (variables leaking from a parent) means: open LISTEN as usual;
    LISTEN_FDS other than 1 for this process is a configuration error, reported at once."""
    data_dir = tmp_path / "var"
    (data_dir / "run").mkdir(parents=True)
    run_smscode(data_dir, "migrate")
    own = data_dir / "run/own.sock"
    env = smscode_env(data_dir, SMSCODE_LISTEN=own, LISTEN_PID="1", LISTEN_FDS="1", SMSCODE_FCGI_THREADS=2)
    with open(tmp_path / "serve.log", "ab") as err:
        proc = subprocess.Popen([str(SMSCODE_BIN), "serve"], env=env, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
    try:
        wait_until(lambda: own.is_socket() and fcgi_health(own, timeout=2).status == 200, timeout=30,
                   what="serve on its own LISTEN socket")
    finally:
        assert stop(proc, signal.SIGTERM) == 0

    bad = subprocess.run(["bash", "-c", 'export LISTEN_PID=$$ LISTEN_FDS=2; exec "$0" serve', str(SMSCODE_BIN)],
                         env=smscode_env(data_dir, SMSCODE_LISTEN=own), capture_output=True, text=True, timeout=30)
    assert bad.returncode != 0 and "LISTEN_FDS=2" in bad.stderr, (bad.returncode, bad.stderr)


# --- systemd units --------------------------------------------------------------------------------------

def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    for unit in UNITS:
        text = (DEPLOY / unit).read_text()
        # verify checks that ExecStart's program exists: point it at the binary under test.
        (tmp_path / unit).write_text(text.replace("/usr/local/bin/smscode", str(SMSCODE_BIN)))
    proc = subprocess.run(["systemd-analyze", "verify", *[str(tmp_path / u) for u in UNITS]],
                          capture_output=True, text=True, timeout=60)
    # Unknown keys and bad values are only warnings (exit 0), so any output at all fails the test.
    assert proc.returncode == 0 and not proc.stderr.strip() and not proc.stdout.strip(), \
        f"systemd-analyze verify exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"

    socket_unit = (DEPLOY / "smscode.socket").read_text()
    service = (DEPLOY / "smscode.service").read_text()
    for line in ("ListenStream=/run/smscode/smscode.sock", "SocketGroup=www-data", "SocketMode=0660"):
        assert re.search(rf"^{re.escape(line)}$", socket_unit, re.M), f"smscode.socket lacks {line}"
    for line in ("Restart=on-failure", "User=smscode", "NoNewPrivileges=yes", "ProtectSystem=strict",
                 "ReadWritePaths=/var/lib/smscode", "PrivateTmp=yes", "EnvironmentFile=/etc/smscode/secrets.env",
                 "ExecStart=/usr/local/bin/smscode serve"):
        assert re.search(rf"^{re.escape(line)}$", service, re.M), f"smscode.service lacks {line}"
    # RuntimeDirectory= would delete /run/smscode, and the socket systemd holds there, whenever the
    # service stops.
    assert "RuntimeDirectory" not in service


# --- the production nginx site ----------------------------------------------------------------------------

def nginx_blocks(text: str) -> tuple[dict[str, list[str]], set[str]]:
    """(location spec → its directives, normalised) and the set of normalised directives outside any
    location, of one nginx file; comments dropped, the `smscode_` prefix the site file gives its zones and
    variables removed, upstream addresses and paths replaced by placeholders."""
    def normal(line: str) -> str:
        line = re.sub(r"\bsmscode_", "", line)
        line = re.sub(r"fastcgi_pass \S+;", "fastcgi_pass UPSTREAM;", line)
        return re.sub(r"\s+", " ", line).strip()

    locations, outside = {}, set()
    current, depth = None, 0
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if current is None and (m := re.match(r"location\s+(.+?)\s*\{$", line)):
            current, depth = m.group(1), 1
            locations[current] = []
            continue
        if current is not None:
            depth += line.count("{") - line.count("}")
            if depth <= 0:
                current = None
            else:
                locations[current].append(normal(line))
            continue
        outside.add(normal(line))
    return locations, outside


def site_server(text: str) -> str:
    """The port-443 server block of the site file (the port-80 one only redirects)."""
    start = text.index("listen 443")
    return text[text.rindex("server {", 0, start):]


def test_production_site_has_the_same_locations_limits_and_headers_as_the_template():
    template = (REPO / "nginx.conf").read_text()
    site = (DEPLOY / "nginx-site.conf").read_text()
    t_locations, t_outside = nginx_blocks(template)
    s_locations, s_outside = nginx_blocks(site_server(site))
    t_locations.pop("@BENCH_LOCATIONS@", None)
    assert s_locations == t_locations, "deploy/nginx-site.conf and nginx.conf differ in their locations:\n" + \
        "\n".join(f"{spec}: site {s_locations.get(spec)} vs template {t_locations.get(spec)}"
                  for spec in sorted(set(s_locations) | set(t_locations)) if s_locations.get(spec) != t_locations.get(spec))
    _, s_http = nginx_blocks(site)
    shared = ("add_header ", "error_page ", "fastcgi_", "client_", "gzip", "limit_req", "send_timeout ",
              "charset ", "keepalive_timeout ", "reset_timedout_connection ", "include /etc/nginx/fastcgi_params")

    def pick(lines):
        return {line for line in lines if line.startswith(shared) and "_temp_path" not in line}
    assert pick(s_outside | s_http) == pick(t_outside), \
        f"only in the site: {sorted(pick(s_outside | s_http) - pick(t_outside))}\n" \
        f"only in the template: {sorted(pick(t_outside) - pick(s_outside | s_http))}"


@pytest.fixture(scope="module")
def production_site(stack):
    """deploy/nginx-site.conf inside a copy of Debian's /etc/nginx/nginx.conf, on loopback ports with a
    self-signed certificate, in front of the shared stack's `smscode serve` and public/."""
    debian_conf = Path("/etc/nginx/nginx.conf")
    if not debian_conf.exists():
        pytest.skip("no /etc/nginx/nginx.conf (not Debian's nginx package)")
    root = Path(tempfile.mkdtemp(prefix="smscode-site-"))
    proc = None
    try:
        (root / "log").mkdir()
        (root / "tmp").mkdir()
        (root / "acme/.well-known/acme-challenge").mkdir(parents=True)
        cert, key = root / "cert.pem", root / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True, timeout=60)
        http_port, tls_port = free_port(), free_port()

        site = (DEPLOY / "nginx-site.conf").read_text()
        replacements = [
            ("/etc/letsencrypt/live/smscode.example/fullchain.pem", str(cert)),
            ("/etc/letsencrypt/live/smscode.example/privkey.pem", str(key)),
            ("server_name smscode.example;", "server_name localhost;"),
            ("listen 80;", f"listen 127.0.0.1:{http_port};"),
            ("listen [::]:80;", ""),
            ("listen 443 ssl http2 default_server;", f"listen 127.0.0.1:{tls_port} ssl http2 default_server;"),
            ("listen [::]:443 ssl http2 default_server;", ""),
            ("/srv/smscode/public", str(stack.public_dir)),
            ("unix:/run/smscode/smscode.sock", f"unix:{stack.sock}"),
            ("/var/log/nginx/smscode-", f"{root}/log/smscode-"),
            ("/var/www/letsencrypt", str(root / "acme")),
        ]
        for old, new in replacements:
            assert old in site, f"deploy/nginx-site.conf no longer contains {old!r}; update this test"
            site = site.replace(old, new)
        (root / "smscode-site.conf").write_text(site)

        user = f"{pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name}"
        main = debian_conf.read_text()
        main = re.sub(r"^user\s+[^;]+;", f"user {user};\ndaemon off;", main, flags=re.M)
        main = re.sub(r"^pid\s+[^;]+;", f"pid {root}/nginx.pid;", main, flags=re.M)
        main = re.sub(r"^error_log\s+[^;]+;", f"error_log {root}/log/error.log;", main, flags=re.M)
        main = re.sub(r"access_log\s+/var/log/nginx/access.log;", f"access_log {root}/log/access.log;", main)
        main = main.replace("include /etc/nginx/conf.d/*.conf;", "")
        main = main.replace("include /etc/nginx/sites-enabled/*;", f"include {root}/smscode-site.conf;")
        temp = "".join(f"\t{kind}_temp_path {root}/tmp/{kind};\n" for kind in ("client_body", "fastcgi", "proxy", "uwsgi", "scgi"))
        main = main.replace("http {", "http {\n" + temp, 1)
        assert f"include {root}/smscode-site.conf;" in main and "daemon off;" in main, main
        (root / "nginx.conf").write_text(main)

        check = subprocess.run(["nginx", "-t", "-p", f"{root}/", "-c", str(root / "nginx.conf"), "-e", "stderr"],
                               capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, f"nginx -t:\n{check.stderr}"
        warnings = [line for line in check.stderr.splitlines() if "[warn]" in line or "[emerg]" in line]
        assert not warnings, f"nginx -t warns about the site: {warnings}"

        log = root / "nginx.log"
        with open(log, "ab") as err:
            proc = subprocess.Popen(["nginx", "-p", f"{root}/", "-c", str(root / "nginx.conf"), "-e", "stderr"],
                                    stdin=subprocess.DEVNULL, stdout=err, stderr=err, start_new_session=True)
        context = ssl.create_default_context(cafile=str(cert))

        def up():
            assert proc.poll() is None, f"nginx exited {proc.returncode}: {tail(log)}"
            return https(tls_port, context, "GET", "/api/v1/health").status == 200
        wait_until(up, timeout=20, what="the production site over TLS")
        yield {"http_port": http_port, "tls_port": tls_port, "context": context, "cert": cert, "root": root}
    finally:
        if proc is not None:
            stop(proc, signal.SIGQUIT, group=True)
        if os.environ.get("SMSCODE_IT_KEEP"):
            print(f"\nkept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def https(port: int, context: ssl.SSLContext, method: str, path: str, body: bytes | None = None,
          headers: dict | None = None, source: str = "127.0.0.1") -> HttpResponse:
    conn = HTTPSConnection("127.0.0.1", port, context=context, timeout=10, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return HttpResponse(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def tls_version(port: int, context: ssl.SSLContext) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.version()


def test_production_site_speaks_modern_tls_only(production_site):
    port, cert = production_site["tls_port"], production_site["cert"]
    assert tls_version(port, production_site["context"]) == "TLSv1.3"
    tls12 = ssl.create_default_context(cafile=str(cert))
    tls12.maximum_version = ssl.TLSVersion.TLSv1_2
    assert tls_version(port, tls12) == "TLSv1.2"
    # A TLS 1.2 client offering only a CBC suite (which this client's OpenSSL would accept) is refused:
    # the site offers forward-secret AEAD suites only.
    cbc = ssl.create_default_context(cafile=str(cert))
    cbc.maximum_version = ssl.TLSVersion.TLSv1_2
    cbc.set_ciphers("ECDHE-RSA-AES128-SHA:AES128-SHA")
    with pytest.raises(ssl.SSLError):
        tls_version(port, cbc)


def test_production_site_answers_over_https_with_the_security_headers(production_site, stack):
    port, context = production_site["tls_port"], production_site["context"]
    for path, status in (("/api/v1/health", 200), ("/", 200), ("/no-such-page", 404), ("/api/v1/no-such-route", 404)):
        resp = https(port, context, "GET", path)
        assert resp.status == status, f"GET {path}: {resp.status} {resp.body[:200]!r}"
        assert_security_headers(resp, f"https GET {path}")
        assert resp.header("Strict-Transport-Security") == "max-age=63072000; includeSubDomains", path
    # Over HTTPS the app knows it (fastcgi_params' HTTPS=on) and marks the session cookie Secure.
    email = create_account(stack.data_dir, f"tls-{os.getpid()}-{time.monotonic_ns()}@example.com")
    login = https(port, context, "POST", "/api/v1/auth/login",
                  body=f'{{"email":"{email}","password":"{PASSWORD}"}}'.encode(),
                  headers={"Content-Type": "application/json"}, source=fresh_source())
    assert login.status == 200, (login.status, login.body[:300])
    cookie = login.header("Set-Cookie") or ""
    assert "; Secure" in cookie and "HttpOnly" in cookie, cookie


def test_production_site_redirects_http_to_https_except_acme_challenges(production_site):
    port = production_site["http_port"]
    resp = http(port, "GET", "/pricing?country=ID")
    assert resp.status == 301, resp.status
    assert resp.header("Location") == "https://127.0.0.1/pricing?country=ID", resp.header("Location")
    token = "t0k3n-" + str(time.monotonic_ns())
    (production_site["root"] / "acme/.well-known/acme-challenge" / token).write_text("challenge-answer")
    challenge = http(port, "GET", f"/.well-known/acme-challenge/{token}")
    assert (challenge.status, challenge.body) == (200, b"challenge-answer"), (challenge.status, challenge.body)


# --- make run's supervisor ------------------------------------------------------------------------------

def test_make_run_restarts_a_killed_serve_within_two_seconds(tmp_path):
    """scripts/dev-run.sh (what `make run` runs) on a copy of the repository's site sources in a temp dir,
    so public/ and var/ land there: kill -9 of `smscode serve`, three times, and health answers through nginx again
    within 2 s each time; then SIGTERM stops everything with exit 0."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Content", "Templates", "scripts"):
        shutil.copytree(REPO / name, repo / name, symlinks=True)
    shutil.copy(REPO / "nginx.conf", repo)
    port = free_port()
    data_dir = (tmp_path / "var").resolve()
    env = dict(os.environ, REPO=str(repo), SMSCODE_BIN=str(SMSCODE_BIN), PORT=str(port), DATA_DIR=str(data_dir),
               SMSCODE_LISTEN=str(tmp_path / "dev.sock"), SMSCODE_CONTENT_DIR=str(REPO / "Content"))
    log = tmp_path / "dev-run.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(["bash", str(repo / "scripts/dev-run.sh")], env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=out, start_new_session=True)
    try:
        def healthy():
            assert proc.poll() is None, f"dev-run.sh exited {proc.returncode}:\n{tail(log)}"
            return http(port, "GET", "/api/v1/health", timeout=1).status == 200
        wait_until(healthy, timeout=120, what="make run's site")
        restarts = []
        for _ in range(3):
            pids = serve_pids(data_dir)
            assert len(pids) == 1, f"one smscode serve under dev-run.sh, found {pids}"
            killed_at = time.monotonic()
            os.kill(pids[0], signal.SIGKILL)
            wait_until(lambda: serve_pids(data_dir) not in ([], pids) and healthy(), timeout=5, interval=0.02,
                       what="smscode serve restarted by dev-run.sh")
            restarts.append(time.monotonic() - killed_at)
        assert max(restarts) < 2.0, f"restart times {restarts}"
        assert tail(log, 400).count("exited with status 137; restarting") == 3, tail(log)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, tail(log)
        assert serve_pids(data_dir) == [], "smscode serve outlived dev-run.sh"
    finally:
        stop(proc, signal.SIGTERM, timeout=30, group=True)
        # nginx and the supervisor run in sessions of their own: whatever survived, by pid.
        pidfile = data_dir / "nginx/nginx.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text()), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        for pid in serve_pids(data_dir):
            os.kill(pid, signal.SIGKILL)
