"""Sources → RawDocuments: files, directories, globs, stdin, URLs and JSON Lines.

`iter_sources` never raises for one bad input: it yields a DropError (with `reason` and
`source`) in that input's place, so a run over thousands of files counts its failures instead
of stopping at the first.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from newsledger.clean import sniff_content_type
from newsledger.errors import DropError
from newsledger.fetch import fetch
from newsledger.record import RawDocument

__all__ = ["iter_sources", "read_file", "read_jsonl"]

_HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
_TEXT_EXTENSIONS = {".txt", ".text", ".md"}
_GLOB_CHARS = set("*?[")
_HINTS = ("url", "title", "author", "outlet", "published")


def _content_type(name: str, data: bytes) -> str:
    suffix = Path(name.removesuffix(".gz")).suffix.lower()
    if suffix in _HTML_EXTENSIONS:
        return "html"
    if suffix in _TEXT_EXTENSIONS:
        return "text"
    return sniff_content_type(data)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_limited(stream: _Readable, max_bytes: int, source: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DropError("too_large", f"more than {max_bytes} bytes", source=source)
    return data


def read_file(path: Path, *, max_bytes: int) -> RawDocument:
    """One file (gzip is unpacked, within the same size limit) as a RawDocument."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DropError("too_large", f"{size} bytes > {max_bytes}", source=source)
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as packed:
                data = _read_limited(packed, max_bytes, source)
        else:
            with path.open("rb") as handle:
                data = _read_limited(handle, max_bytes, source)
    except FileNotFoundError as exc:
        raise DropError("not_found", f"no such file: {path}", source=source) from exc
    except (OSError, EOFError) as exc:  # permissions, a truncated gzip, a directory race
        raise DropError("unreadable", f"cannot read {path}: {exc}", source=source) from exc
    return RawDocument(source=source, data=data, content_type=_content_type(path.name, data))


def _jsonl_item(line: bytes, source: str) -> RawDocument:
    try:
        obj: Any = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DropError("bad_jsonl_line", f"not JSON: {exc}", source=source) from exc
    if not isinstance(obj, dict):
        raise DropError("bad_jsonl_line", "a line must hold a JSON object", source=source)
    body_key = "html" if isinstance(obj.get("html"), str) else "text"
    body = obj.get(body_key)
    if not isinstance(body, str):
        raise DropError("bad_jsonl_line", "needs a string 'text' or 'html'", source=source)
    hints = {key: obj.get(key) for key in _HINTS}
    bad = [key for key, value in hints.items() if value is not None and not isinstance(value, str)]
    if bad:
        raise DropError("bad_jsonl_line", f"non-string field(s): {', '.join(bad)}", source=source)
    return RawDocument(
        source=source,
        data=body.encode("utf-8"),
        content_type=body_key,
        url=hints["url"],
        title=hints["title"],
        author=hints["author"],
        outlet=hints["outlet"],
        published=hints["published"],
    )


def read_jsonl(path: Path, *, max_bytes: int) -> Iterator[RawDocument | DropError]:
    """One item per non-blank line; the size limit applies to each line, not the file."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        reason = "not_found" if isinstance(exc, FileNotFoundError) else "unreadable"
        yield DropError(reason, f"cannot open {path}: {exc}", source=str(path))
        return
    with handle:
        number = 0
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            source = f"{path}:{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = handle.readline(1 << 20)
                yield DropError("too_large", f"line longer than {max_bytes} bytes", source=source)
                continue
            if not line.strip():
                continue
            try:
                yield _jsonl_item(line, source)
            except DropError as drop:
                yield drop


def _walk(directory: Path) -> Iterator[Path]:
    """Files under `directory`, sorted, hidden files and directories skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _from_path(path: Path, max_bytes: int) -> Iterator[RawDocument | DropError]:
    if path.is_dir():
        for child in _walk(path):
            yield from _from_path(child, max_bytes)
    elif path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path, max_bytes=max_bytes)
    else:
        try:
            yield read_file(path, max_bytes=max_bytes)
        except DropError as drop:
            yield drop


def _from_stdin(stdin: BinaryIO | None, max_bytes: int) -> RawDocument:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = _read_limited(stream, max_bytes, "-")
    return RawDocument(source="-", data=data, content_type=sniff_content_type(data))


def _one(
    item: str, allow_private: bool, stdin: BinaryIO | None, max_bytes: int, timeout: float
) -> Iterator[RawDocument | DropError]:
    if item == "-":
        yield _from_stdin(stdin, max_bytes)
    elif "://" in item:
        yield fetch(item, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    elif Path(item).exists():
        yield from _from_path(Path(item), max_bytes)
    elif _GLOB_CHARS & set(item):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            raise DropError("not_found", f"no file matches {item}", source=item)
        for match in matches:  # glob's wildcards already skip hidden names
            yield from _from_path(Path(match), max_bytes)
    else:
        raise DropError("not_found", f"no such file or directory: {item}", source=item)


def iter_sources(
    inputs: Sequence[str],
    *,
    allow_private: bool = False,
    stdin: BinaryIO | None = None,
    max_bytes: int = 20_000_000,
    timeout: float = 15.0,
) -> Iterator[RawDocument | DropError]:
    """RawDocuments (or DropErrors in their place) for `inputs`, in order.

    An input is a file, a directory (walked recursively, sorted, hidden entries skipped), a
    glob, "-" for stdin, an http(s) URL, or a `.jsonl` file with one article per line."""
    for item in inputs:
        try:
            yield from _one(item, allow_private, stdin, max_bytes, timeout)
        except DropError as drop:
            if not drop.source:
                drop.source = item
            yield drop
