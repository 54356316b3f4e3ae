"""Ingesting sources into the ledger: read → clean → analyse → store, with drops counted.

Reading and writing happen in this process (one writer); analysis runs here or in a pool of
worker processes that each load the model once. Every document is written in its own
transaction and a source already stored with the same bytes is skipped, so an interrupted
run resumes where it stopped and a re-run adds nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from newsledger.analyze import Analysis, Analyzer
from newsledger.backends import DEFAULT_BACKEND, get_backend
from newsledger.errors import DropError
from newsledger.read import iter_sources
from newsledger.record import RawDocument
from newsledger.store import Ledger

__all__ = ["IngestReport", "ingest"]

log = logging.getLogger(__name__)
Progress = Callable[[str, str], None]  # (source, outcome)


@dataclass(kw_only=True)
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0  # same source, same bytes: skipped without parsing
    duplicates: int = 0  # same text already stored from elsewhere
    statements: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    drops: list[tuple[str, str, str]] = field(default_factory=list)  # source, reason, message

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "unchanged": self.unchanged,
            "duplicates": self.duplicates, "statements": dict(self.statements),
            "dropped": dict(self.dropped),
            "drops": [{"source": s, "reason": r, "message": m} for s, r, m in self.drops],
        }


_worker: Analyzer | None = None
BATCH = 8  # documents per task: enough for spaCy's batching, small enough to keep memory flat


def _init_worker(model: str | None, backend: str, backend_options: dict[str, Any]) -> None:
    global _worker
    _worker = Analyzer(model=model, backend=backend, backend_options=backend_options)


def _analyze_in_worker(raws: list[RawDocument], published: str | None
                       ) -> list[Analysis | DropError]:
    assert _worker is not None
    return _worker.analyze_batch(raws, published=published)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def ingest(
    inputs: Sequence[str],
    ledger: Ledger,
    *,
    workers: int = 1,
    force: bool = False,
    published: str | None = None,
    allow_private: bool = False,
    stdin: BinaryIO | None = None,
    model: str | None = None,
    progress: Progress | None = None,
    backend: str = DEFAULT_BACKEND,
    backend_options: dict[str, Any] | None = None,
) -> IngestReport:
    options = dict(backend_options or {})
    # Built here as well so that a bad backend or option fails before anything is read, and
    # the ledger records which extractor produced each document.
    built = get_backend(backend, **options)
    extractor_version: str = getattr(built, "version", built.name)
    report = IngestReport()
    note = progress or (lambda source, outcome: None)

    lock = threading.Lock()  # the report is updated from the reader and the writer thread

    def drop(err: DropError, content_hash: str | None = None) -> None:
        with lock:
            report.dropped[err.reason] += 1
            report.drops.append((err.source, err.reason, str(err)))
        ledger.record_drop(err.source, err.reason, str(err), content_hash)
        note(err.source, f"dropped: {err.reason}")

    def pending() -> Iterator[tuple[RawDocument, str]]:
        for item in iter_sources(inputs, allow_private=allow_private, stdin=stdin):
            report.read += 1
            if isinstance(item, DropError):
                drop(item)
                continue
            content_hash = hashlib.sha256(item.data).hexdigest()
            if not force and ledger.seen(item.source, content_hash):
                report.unchanged += 1
                note(item.source, "unchanged")
                continue
            yield item, content_hash

    def store(result: Analysis | DropError, content_hash: str) -> None:
        if isinstance(result, DropError):
            drop(result, content_hash)
            return
        written = ledger.write(result.document, result.statements, result.times,
                               replace=force, content_hash=content_hash,
                               extractor_version=extractor_version,
                               places=result.places, events=result.events)
        with lock:
            if written:
                report.stored += 1
                report.statements.update(s.kind for s in result.statements)
            else:
                report.duplicates += 1
        note(result.document.source, "stored" if written else "duplicate")

    def store_all(batch: list[tuple[RawDocument, str]], results: list[Any]) -> None:
        for (_, content_hash), result in zip(batch, results, strict=True):
            store(result, content_hash)

    if workers <= 1:
        analyzer = Analyzer(model=model, backend=backend, backend_options=options)
        # One writer thread stores batch k while this thread parses batch k + 1; waiting for
        # it before handing over the next keeps the input order and at most one batch queued.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsledger-writer") as writer:
            writing: Future[None] | None = None
            for batch in _batches(pending(), BATCH):
                results = analyzer.analyze_batch([raw for raw, _ in batch], published=published)
                if writing is not None:
                    writing.result()
                writing = writer.submit(store_all, batch, results)
            if writing is not None:
                writing.result()
        return report

    # A sliding window of batches in flight keeps both workers busy while this process
    # writes, in input order, and bounds memory whatever the corpus size.
    ctx = multiprocessing.get_context("spawn" if _has_threads() else "fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(model, backend, options)) as pool:
        window: deque[tuple[list[tuple[RawDocument, str]], Future[list[Any]]]] = deque()

        def drain_one() -> None:
            batch, future = window.popleft()
            store_all(batch, future.result())

        for batch in _batches(pending(), BATCH):
            window.append((batch, pool.submit(_analyze_in_worker, [r for r, _ in batch],
                                              published)))
            if len(window) > workers * 2:
                drain_one()
        while window:
            drain_one()
    return report


def _has_threads() -> bool:
    return threading.active_count() > 1
