"""What one web app holds: the open ledger, its options, and the analyzer (loaded on first use)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from starlette.requests import Request

from newsledger.analyze import Analysis
from newsledger.record import RawDocument
from newsledger.store import Ledger
from newsledger.web.security import is_loopback

__all__ = ["AnalyzerLike", "WebSettings"]


class AnalyzerLike(Protocol):
    def analyze_raw(self, raw: RawDocument, *, published: str | None = None) -> Analysis: ...


def _default_analyzer() -> AnalyzerLike:
    from newsledger.analyze import Analyzer

    return Analyzer()


@dataclass(kw_only=True)
class WebSettings:
    ledger: Ledger
    secret: bytes
    token: str | None = None
    allow_private: bool = False
    max_upload_bytes: int = 2_000_000
    analyzer_factory: Callable[[], AnalyzerLike] = _default_analyzer
    _analyzer: AnalyzerLike | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def analyzer(self) -> AnalyzerLike:
        """The analyzer, loaded once (the spaCy model takes seconds) and shared."""
        with self._lock:
            if self._analyzer is None:
                self._analyzer = self.analyzer_factory()
            return self._analyzer

    def read_only_reason(self, request: Request) -> str | None:
        """Why this client cannot write, shown on forms; None when it may (given the token)."""
        if self.token is not None:
            return None
        client = request.client.host if request.client else None
        if is_loopback(client):
            return None
        return "this server takes writes only from its own machine (start it with --token)"
