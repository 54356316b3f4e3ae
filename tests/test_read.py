"""iter_sources(): every kind of input, in order, with drops in place of bad items."""

from __future__ import annotations

import gzip
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newsledger.errors import DropError
from newsledger.read import iter_sources
from newsledger.record import RawDocument

HTML = b"<!doctype html><html><body><p>An HTML page.</p></body></html>"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "b.txt").write_text("second file", encoding="utf-8")
    (tmp_path / "a.html").write_bytes(HTML)
    (tmp_path / ".hidden.txt").write_text("never read", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("never read", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("nested file", encoding="utf-8")
    (sub / "noext").write_bytes(HTML)
    return tmp_path


def names(items: list[RawDocument | DropError]) -> list[str]:
    return [Path(item.source).name for item in items]


def test_directory_sorted_recursive_hidden_skipped(tree: Path) -> None:
    items = list(iter_sources([str(tree)]))
    assert all(isinstance(item, RawDocument) for item in items)
    assert names(items) == ["a.html", "b.txt", "c.txt", "noext"]


def test_content_type_by_extension_and_sniffing(tree: Path) -> None:
    items = {Path(i.source).name: i for i in iter_sources([str(tree)])}
    kinds = {name: getattr(item, "content_type", None) for name, item in items.items()}
    assert kinds == {"a.html": "html", "b.txt": "text", "c.txt": "text", "noext": "html"}


def test_inputs_keep_their_order_and_missing_is_a_drop(tree: Path) -> None:
    items = list(iter_sources([str(tree / "b.txt"), str(tree / "nope.txt"), str(tree / "a.html")]))
    assert names(items) == ["b.txt", "nope.txt", "a.html"]
    missing = items[1]
    assert isinstance(missing, DropError)
    assert missing.reason == "not_found"
    assert missing.source == str(tree / "nope.txt")


def test_glob(tree: Path) -> None:
    items = list(iter_sources([str(tree / "*.txt"), str(tree / "*.pdf")]))
    assert names(items) == ["b.txt", "*.pdf"]
    assert isinstance(items[1], DropError) and items[1].reason == "not_found"


def test_stdin() -> None:
    (item,) = iter_sources(["-"], stdin=io.BytesIO(b"from a pipe"))
    assert isinstance(item, RawDocument)
    assert (item.source, item.data, item.content_type) == ("-", b"from a pipe", "text")


def test_too_large_file_and_stdin(tree: Path) -> None:
    big = tree / "big.txt"
    big.write_bytes(b"x" * 200)
    items = list(iter_sources([str(big), "-"], stdin=io.BytesIO(b"y" * 200), max_bytes=100))
    assert [getattr(i, "reason", None) for i in items] == ["too_large", "too_large"]


def test_gzip_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(HTML))
    (item,) = iter_sources([str(path)])
    assert isinstance(item, RawDocument)
    assert (item.data, item.content_type) == (HTML, "html")


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": "plain one", "title": "T", "author": "A", "published": "2020-01-02"}),
        "{not json",
        "",
        json.dumps({"html": "<p>x</p>", "url": "https://e.example/x", "outlet": "E"}),
        json.dumps({"title": "no body"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "t", "author": 7}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_sources([str(path)]))
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6, 7)]
    first, bad, html, *rest = items
    assert isinstance(first, RawDocument)
    assert (first.data, first.title, first.author, first.published) == (
        b"plain one",
        "T",
        "A",
        "2020-01-02",
    )
    assert isinstance(html, RawDocument)
    assert (html.content_type, html.url, html.outlet) == ("html", "https://e.example/x", "E")
    for drop in (bad, *rest):
        assert isinstance(drop, DropError) and drop.reason == "bad_jsonl_line"


def test_jsonl_line_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"text": "z" * 500}) + "\n" + json.dumps({"text": "ok"}) + "\n", "utf-8"
    )
    items = list(iter_sources([str(path)], max_bytes=100))
    assert [getattr(i, "reason", "ok") for i in items] == ["too_large", "ok"]
    assert items[1].source == f"{path}:2"


class _Page(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(HTML)))
        self.end_headers()
        self.wfile.write(HTML)


@pytest.fixture
def local_url() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/page"
    httpd.shutdown()
    httpd.server_close()


def test_urls(local_url: str) -> None:
    allowed = list(iter_sources([local_url], allow_private=True))
    refused, bad = list(iter_sources([local_url, "gopher://x/y"]))
    assert isinstance(allowed[0], RawDocument) and allowed[0].data == HTML
    assert isinstance(refused, DropError) and refused.reason == "private_address"
    assert isinstance(bad, DropError) and bad.reason == "bad_url"
