"""The conformance suite's plumbing: a case registry, raw HTTP and websocket helpers, and the official
client set up against the simulator. Standard library plus py-clob-client-v2 only."""
import base64
import json
import os
import socket
import struct
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from py_clob_client_v2.client import ClobClient
from py_clob_client_v2.clob_types import RequestArgs
from py_clob_client_v2.headers.headers import create_level_2_headers

# Hardhat test keys #1..#4: public, never funded anywhere real.
KEYS = [
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a3412f3851b55b7c603",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b24f8094c8e737ba5ebd6f0b",
]

CASES = []


def case(expectation):
    """Registers a case; `expectation` is what the venue's documentation says it answers."""
    def register(function):
        CASES.append((function.__module__ + "." + function.__name__, expectation, function))
        return function
    return register


class Failure(Exception):
    pass


def expect(condition, detail):
    if not condition:
        raise Failure(detail)


class Env:
    """What every case shares: the simulator's URL, its first market, and funded official clients."""

    def __init__(self, url, yes, no, condition):
        self.url, self.yes, self.no, self.condition = url, yes, no, condition
        self.ws = url.replace("http://", "ws://")
        self._clients = {}

    def client(self, index=0, **options):
        """An official client with API credentials (created once per key and options)."""
        key = (index, tuple(sorted(options.items())))
        if key not in self._clients:
            c = ClobClient(self.url, chain_id=137, key=KEYS[index], **options)
            c.set_api_creds(c.create_or_derive_api_key())
            self._clients[key] = c
        return self._clients[key]

    def reset(self):
        """Cancels what earlier cases left resting, so each case starts from an empty book."""
        for (index, options), client in self._clients.items():
            if not options and index in (0, 1):
                client.cancel_all()

    def public(self):
        return ClobClient(self.url, chain_id=137)

    # Raw HTTP, for what the client has no call for or hides (status codes, bodies).
    def http(self, method, path, query=None, body=None, headers=None):
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = body.encode() if isinstance(body, str) else (json.dumps(body, separators=(",", ":")).encode() if body is not None else None)
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, _decode(response.read()), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, _decode(error.read()), dict(error.headers)

    def l2(self, client, method, path, query=None, body=None):
        """An L2-authenticated raw request signed exactly as the official client signs."""
        serialized = json.dumps(body, separators=(",", ":"), ensure_ascii=False) if body is not None else None
        headers = create_level_2_headers(client.signer, client.creds, RequestArgs(method=method, request_path=path, body=body, serialized_body=serialized))
        return self.http(method, path, query=query, body=serialized, headers=headers)

    def admin(self, method, path, body=None):
        status, answer, _ = self.http(method, "/admin/" + path, body=body)
        expect(status == 200, f"admin {path}: {status} {answer}")
        return answer


def _decode(raw):
    text = raw.decode()
    try:
        return json.loads(text)
    except ValueError:
        return text


class WebSocket:
    """A minimal RFC 6455 client over a raw socket: text frames only, masked as a client must."""

    def __init__(self, url, timeout=5):
        parsed = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parsed.path} HTTP/1.1\r\nHost: {parsed.hostname}:{parsed.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise Failure("websocket handshake closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise Failure(f"websocket handshake refused: {head!r}")
        self.buffer = b""

    def send(self, text):
        payload = (text if isinstance(text, str) else json.dumps(text)).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(payload)
        header += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("websocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self, timeout=3):
        """The next text message, or None after `timeout` seconds."""
        self.sock.settimeout(timeout)
        try:
            first, second = self._read(2)
        except (socket.timeout, TimeoutError):
            return None
        n = second & 0x7F
        if n == 126:
            n = struct.unpack(">H", self._read(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._read(8))[0]
        payload = self._read(n)
        opcode = first & 0x0F
        if opcode == 8:
            raise EOFError("websocket closed by server")
        if opcode != 1:
            return self.receive(timeout)
        return payload.decode()

    def events(self, seconds=2.0):
        """Every JSON event received within `seconds` (arrays flattened, PONG skipped)."""
        out, end = [], time.monotonic() + seconds
        while time.monotonic() < end:
            text = self.receive(max(0.05, end - time.monotonic()))
            if text is None:
                break
            if text in ("PONG", "NO NEW ASSETS"):
                continue
            value = json.loads(text)
            out.extend(value if isinstance(value, list) else [value])
        return out

    def close(self):
        self.sock.close()


def run(env, selected=None):
    failures = 0
    for name, expectation, function in CASES:
        if selected and not any(s in name for s in selected):
            continue
        started = time.monotonic()
        try:
            env.reset()
            function(env)
            print(f"PASS {name} ({time.monotonic() - started:.1f}s): {expectation}", flush=True)
        except Exception as error:  # a case that raises fails, whatever it raised
            failures += 1
            detail = str(error) if isinstance(error, Failure) else "".join(traceback.format_exception_only(type(error), error)).strip()
            print(f"FAIL {name}: {expectation}\n     got: {detail}", flush=True)
    return failures
