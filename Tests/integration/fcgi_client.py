"""A tiny raw FastCGI client (responder role, one request per connection), enough to talk to
`smscode serve` without nginx: BEGIN_REQUEST, PARAMS and STDIN records out; STDOUT, STDERR and
END_REQUEST records in. Spec: https://fastcgi-archives.github.io/FastCGI_Specification.html"""
import socket
import struct
from dataclasses import dataclass, field

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7
RESPONDER = 1
REQUEST_ID = 1


def record(rtype: int, content: bytes) -> bytes:
    assert len(content) <= 0xFFFF
    return struct.pack(">BBHHBB", 1, rtype, REQUEST_ID, len(content), 0, 0) + content


def _length(n: int) -> bytes:
    # Lengths under 128 take one byte; longer ones four, with the top bit set.
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def encode_params(params: dict) -> bytes:
    out = b""
    for name, value in params.items():
        n = name.encode() if isinstance(name, str) else name
        v = value.encode() if isinstance(value, str) else value
        out += _length(len(n)) + _length(len(v)) + n + v
    return out


def stream(rtype: int, data: bytes) -> bytes:
    """Data as records of at most 65535 bytes, without the empty terminator."""
    return b"".join(record(rtype, data[i:i + 0xFFFF]) for i in range(0, len(data), 0xFFFF))


def default_params(method: str, uri: str, content_length: int | None = None, **extra) -> dict:
    """The params nginx sends (fastcgi_params + REQUEST_ID), for a request from 127.0.0.1."""
    path, _, query = uri.partition("?")
    params = {
        "REQUEST_METHOD": method, "REQUEST_URI": uri, "DOCUMENT_URI": path, "SCRIPT_NAME": path,
        "QUERY_STRING": query, "CONTENT_TYPE": "application/json" if content_length else "",
        "CONTENT_LENGTH": "" if content_length is None else str(content_length),
        "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_SCHEME": "http", "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "nginx", "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "40000",
        "SERVER_ADDR": "127.0.0.1", "SERVER_PORT": "8080", "SERVER_NAME": "_",
        "HTTP_HOST": "127.0.0.1", "REQUEST_ID": "0123456789abcdef0123456789abcdef",
    }
    params.update(extra)
    return params


@dataclass
class Response:
    status: int
    headers: list = field(default_factory=list)   # [(name, value)] in order
    body: bytes = b""
    stderr: bytes = b""
    app_status: int | None = None                 # from END_REQUEST; None if it never came

    def header(self, name: str) -> str | None:
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None


class FcgiConnection:
    def __init__(self, sock_path: str, timeout: float = 5.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(sock_path)
        self._buf = b""

    def close(self):
        self.sock.close()

    def begin(self, params: dict, keep_conn: bool = False):
        """BEGIN_REQUEST and all PARAMS; keep_conn sets FCGI_KEEP_CONN (nginx's fastcgi_keep_conn on,
        as our nginx.conf sets it)."""
        begin = record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 1 if keep_conn else 0))
        self.sock.sendall(begin + stream(PARAMS, encode_params(params)) + record(PARAMS, b""))

    def send_stdin(self, data: bytes, end: bool = False):
        self.sock.sendall(stream(STDIN, data) + (record(STDIN, b"") if end else b""))

    def _read_exact(self, n: int) -> bytes | None:
        while len(self._buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self._buf += chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def read_response(self) -> Response:
        """Read records until END_REQUEST (or EOF) and parse the CGI-style STDOUT."""
        stdout, stderr, app_status = b"", b"", None
        while True:
            head = self._read_exact(8)
            if head is None:
                break
            _, rtype, _, clen, plen, _ = struct.unpack(">BBHHBB", head)
            content = self._read_exact(clen + plen)
            if content is None:
                break
            content = content[:clen]
            if rtype == STDOUT:
                stdout += content
            elif rtype == STDERR:
                stderr += content
            elif rtype == END_REQUEST:
                app_status = struct.unpack(">I", content[:4])[0]
                break
        head, _, body = stdout.partition(b"\r\n\r\n")
        headers = []
        for line in head.split(b"\r\n"):
            if b":" in line:
                n, _, v = line.decode("latin-1").partition(":")
                headers.append((n.strip(), v.strip()))
        resp = Response(status=200, headers=headers, body=body, stderr=stderr, app_status=app_status)
        status = resp.header("Status")
        if status:
            resp.status = int(status.split()[0])
        return resp


def request(sock_path: str, params: dict, body: bytes = b"", timeout: float = 5.0) -> Response:
    conn = FcgiConnection(sock_path, timeout)
    try:
        conn.begin(params)
        conn.send_stdin(body, end=True)
        return conn.read_response()
    finally:
        conn.close()
