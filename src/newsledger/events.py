"""Events from statements: who did what to whom, where and when, with modality.

Placeholder while the extractor is built (issue 6): the interface the analyzer calls.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsledger.record import Attribution, Event, Place, Statement, TimeExpression

__all__ = ["find_events"]


def find_events(doc: Any, *, doc_id: str, statements: list[Statement],
                attributions: list[Attribution], places: list[Place],
                times: list[TimeExpression], dct: dt.date | None) -> list[Event]:
    """The events that `statements` report, in text order."""
    return []
