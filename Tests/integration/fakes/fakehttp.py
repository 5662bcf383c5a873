"""What both gateway fakes share: JSON replies, body reading, control endpoints, outgoing callbacks, main()."""
import argparse
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeHandler(BaseHTTPRequestHandler):
    """Subclasses set `state` (with .lock, .fail_next, .records) and implement api(path, raw, body)."""
    state = None

    def log_message(self, *args):
        pass

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_control/orders":
            with self.state.lock:
                return self.reply(200, list(self.state.records.values()))
        self.reply(404, {"message": "Not found"})

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
            assert isinstance(body, dict)
        except Exception:  # noqa: BLE001
            return self.reply(400, {"message": "Invalid JSON"})
        path = self.path.split("?", 1)[0]
        if path == "/_control/status":
            return self.control_status(body)
        if path == "/_control/fail_next":
            self.state.fail_next = int(body.get("status", 503))
            return self.reply(200, {"ok": True})
        with self.state.lock:
            fail, self.state.fail_next = self.state.fail_next, None
        if fail:
            return self.reply(fail, {"state": 1, "message": "Injected failure", "Message": "Injected failure"})
        self.api(path, raw, body)


def notify(url, body, content_type):
    """POSTs a callback to the merchant; returns what the test should see about it."""
    req = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return {"callback_status": resp.status}
    except urllib.error.HTTPError as exc:
        return {"callback_status": exc.code}
    except OSError as exc:
        return {"callback_error": str(exc)}


def main(name, handler_class, make_state):
    p = argparse.ArgumentParser(description=f"fake {name} API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--merchant", required=True)
    p.add_argument("--api-key", required=True)
    p.add_argument("--scheme", choices=("auto", "hmac-sha256", "md5"), default="auto",
                   help="Duitku only: request signatures accepted, and the callback scheme (auto signs with HMAC)")
    a = p.parse_args()
    handler_class.state = make_state(a)
    server = ThreadingHTTPServer((a.host, a.port), handler_class)
    print(f"fake {name} on http://{a.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


class BaseState:
    def __init__(self, merchant, key):
        self.merchant, self.key = merchant, key
        self.records, self.fail_next, self.lock = {}, None, threading.Lock()
