"""What the fault tests (tests/test_resilience.py) need: a TCP proxy they can cut, and the site served by gunicorn.

Settings are read from the environment once, at start-up, so a fault is tested on a real server process started
with `REDIS_URL` or `DATABASE_URL` pointing at the proxy (or at a closed port), never on a mocked cache client.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "a-long-random-value-used-only-by-the-fault-tests-0123456789abcdefghijklmnopqrstuvwxyz"


def closed_port():
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reset(sock):
    """Close with a TCP reset, as when the server at the other end goes away."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class TcpProxy:
    """127.0.0.1:`port` forwarded to a real server (Redis, PostgreSQL), for a test to cut and restore.

    - open (at start, and after `restore()`): bytes flow both ways.
    - `cut()`: every connection, open or new, is reset: the server went away or restarted.
    - `cut(silent=True)`: connections stay up, or are accepted, but nothing comes back: a host that stopped
      answering. Clients see their own timeouts, not an error.
    """

    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.state = "open"
        self.lock = threading.Lock()
        self.connections = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self, silent=False):
        with self.lock:
            self.state = "silent" if silent else "reset"
            if not silent:
                self._reset_all()

    def restore(self):
        with self.lock:
            # A connection stalled by a silent cut has lost bytes in the middle of its stream: reset it, as the
            # client or its operating system would have given up on it by now.
            self._reset_all()
            self.state = "open"

    def close(self):
        with self.lock:
            self.state = "closed"
            self._reset_all()
        self.listener.close()

    def _reset_all(self):
        for sock in list(self.connections):
            _reset(sock)
        self.connections.clear()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                state = self.state
                if state in ("reset", "closed"):
                    _reset(client)
                    continue
                self.connections.add(client)
                if state == "silent":
                    continue  # held open, never answered
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.connections.add(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                break
            if not data:
                break
            if self.state == "silent":
                continue  # dropped: the other end never hears
            try:
                sink.sendall(data)
            except OSError:
                break
        with self.lock:
            for sock in (source, sink):
                if sock in self.connections:
                    self.connections.discard(sock)
                    _reset(sock)


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")
        self.seconds = seconds

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"<Response {self.status} in {self.seconds:.2f} s>"


class Visitor:
    """A browser's part of HTTP: keeps its cookies (even the Secure ones production sets, over plain HTTP here)."""

    def __init__(self, site):
        self.site = site
        self.cookies = {}

    def get(self, path, timeout=30):
        return self.request("GET", path, timeout=timeout)

    def post(self, path, fields, timeout=30):
        from urllib.parse import urlencode

        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        body = urlencode(fields, doseq=True)
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=30):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        seconds = time.monotonic() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, payload, seconds)

    def sign_in(self, username, password):
        """Through the admin's own login form, CSRF token and all."""
        self.get("/admin/login/")
        return self.post("/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"})


class ServedSite:
    """gunicorn with one worker, on production settings built from `env`, like `make serve`.

    One worker, so that a test talks to one process and its state; the server's log goes to a file that
    `log()` returns.
    """

    def __init__(self, tmp_path, database_url, **env):
        self.port = closed_port()
        self.log_path = tmp_path / f"gunicorn-{self.port}.log"
        clean = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
        }
        clean.update(
            DJANGO_SETTINGS_MODULE="tests.served_settings",
            DJANGO_SECRET_KEY=SECRET_KEY,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DATABASE_URL=database_url,
            PYTHONUNBUFFERED="1",
        )
        clean.update(env)
        self.env = clean

    def __enter__(self):
        self.log_file = open(self.log_path, "wb")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--preload",
                "--no-control-socket",
                "--graceful-timeout",
                "2",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                # A static file needs neither the database nor the cache: it says the worker is up.
                if self.visitor().get("/static/css/site.css", timeout=10).status == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log()}")
            time.sleep(0.2)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()

    def visitor(self):
        return Visitor(self)

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def count_in_log(self, pattern):
        return len(re.findall(pattern, self.log()))
