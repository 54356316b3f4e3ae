"""fetch(): a local http.server stands in for the web; no test leaves 127.0.0.1."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from newsledger import fetch as fetch_module
from newsledger.errors import DropError
from newsledger.fetch import MAX_REDIRECTS, fetch, is_public_address

PAGE = b"<html><body><article><p>Hello from a local page.</p></article></body></html>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout test): that is the point

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/ok":
            self._send(200, PAGE, Content_Type="text/html; charset=utf-8")
        elif self.path == "/text":
            self._send(200, b"plain words", Content_Type="text/plain")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
        elif self.path == "/big":
            self._send(200, b"x" * 5000, Content_Type="text/plain")
        elif self.path == "/redirect":
            self._send(302, Location="/ok")
        elif self.path.startswith("/loop"):
            self._send(302, Location=f"/loop{len(self.path)}")
        elif self.path == "/to-private":
            self._send(302, Location="http://internal.test:8080/secret")
        else:
            self._send(404, b"not here")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_html(server: str) -> None:
    doc = fetch(f"{server}/ok", allow_private=True)
    assert doc.data == PAGE
    assert doc.content_type == "html"
    assert doc.source == doc.url == f"{server}/ok"


def test_content_type_from_header(server: str) -> None:
    assert fetch(f"{server}/text", allow_private=True).content_type == "text"


def test_loopback_refused_without_allow_private(server: str) -> None:
    with pytest.raises(DropError) as caught:
        fetch(f"{server}/ok")
    assert caught.value.reason == "private_address"
    assert caught.value.source == f"{server}/ok"


def test_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(DropError) as caught:
        fetch(f"{server}/slow", allow_private=True, timeout=0.3)
    assert caught.value.reason == "fetch_timeout"
    assert time.monotonic() - started < 1.4


def test_http_error(server: str) -> None:
    with pytest.raises(DropError, match="HTTP 404 from") as caught:
        fetch(f"{server}/missing", allow_private=True)
    assert caught.value.reason == "http_error"


def test_redirect_followed(server: str) -> None:
    doc = fetch(f"{server}/redirect", allow_private=True)
    assert doc.data == PAGE
    assert doc.url == f"{server}/ok"
    assert doc.source == f"{server}/redirect"


def test_redirect_limit(server: str) -> None:
    with pytest.raises(DropError) as caught:
        fetch(f"{server}/loop", allow_private=True)
    assert caught.value.reason == "too_many_redirects"
    assert str(MAX_REDIRECTS) in str(caught.value)


def test_too_large(server: str) -> None:
    with pytest.raises(DropError) as caught:
        fetch(f"{server}/big", allow_private=True, max_bytes=1000)
    assert caught.value.reason == "too_large"


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "http://"])
def test_bad_url(url: str) -> None:
    with pytest.raises(DropError) as caught:
        fetch(url)
    assert caught.value.reason == "bad_url"


def test_redirect_target_is_vetted_again(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop is allowed (loopback treated as public here); the redirect's host
    resolves to a private address and must be refused before any connection."""
    real_getaddrinfo = socket.getaddrinfo

    def fake_getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if host == "internal.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def loopback_is_public(address: Any) -> bool:
        return bool(address.is_loopback) or is_public_address(address)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(fetch_module, "is_public_address", loopback_is_public)
    with pytest.raises(DropError) as caught:
        fetch(f"{server}/to-private")
    assert caught.value.reason == "private_address"
    assert "10.0.0.7" in str(caught.value)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public
