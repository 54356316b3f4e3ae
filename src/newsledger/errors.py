"""The exception tree. The CLI turns each into a one-line message and an exit code."""

from __future__ import annotations

__all__ = ["DropError", "NewsledgerError", "StoreError"]


class NewsledgerError(Exception):
    """Base of every error the library raises on purpose."""


class DropError(NewsledgerError):
    """A document that cannot be processed. `reason` is a short stable code
    (binary, empty, too_large, undecodable, not_english, no_main_text, fetch_timeout,
    http_error, private_address, not_found, ...); the message says more."""

    def __init__(self, reason: str, message: str, *, source: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.source = source


class StoreError(NewsledgerError):
    """The ledger cannot be opened or written."""
