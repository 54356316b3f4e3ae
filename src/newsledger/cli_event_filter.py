"""The event filter options, defined once for every command that lists or exports events
(`newsledger events`, `newsledger export events`), and the one function that turns them into
an `EventFilter`.

This module imports nothing from `newsledger.cli` at import time, so that `cli.py` can take
the option types for its `export` command while `cli_events.py` registers `events`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from newsledger.store.events import EVENT_TYPES, MODALITY_FILTERS, EventFilter

__all__ = [
    "ActorOpt",
    "ModalityOpt",
    "PlaceOpt",
    "SinceOpt",
    "TypeOpt",
    "UntilOpt",
    "event_filter",
]

TypeOpt = Annotated[str | None, typer.Option("--type", help="A PLOVER type: "
                                             + ", ".join(EVENT_TYPES) + ".")]
ActorOpt = Annotated[str | None, typer.Option(help="Actor or recipient name contains this.")]
PlaceOpt = Annotated[str | None, typer.Option(help="Place name contains this (or a "
                                              "two-letter country code).")]
ModalityOpt = Annotated[str | None, typer.Option(help="asserted, historical, future, "
                                                 "hypothetical, negated; or realised "
                                                 "(asserted + historical) or unrealised.")]
SinceOpt = Annotated[str | None, typer.Option(help="Events on or after this date.")]
UntilOpt = Annotated[str | None, typer.Option(help="Events on or before this date.")]


def event_filter(*, type: str | None = None, actor: str | None = None,  # noqa: A002
                 place: str | None = None, modality: str | None = None,
                 since: str | None = None, until: str | None = None,
                 **rest: Any) -> EventFilter:
    """An `EventFilter` from the option values; a bad value exits with a one-line usage
    error naming its option. `rest`: other `EventFilter` fields (limit, offset)."""
    from newsledger.cli import EXIT_USAGE, _date, _fail

    if type and type.strip().upper() not in EVENT_TYPES:
        raise _fail(f"--type: unknown event type {type!r}; use one of "
                    f"{', '.join(EVENT_TYPES)}", EXIT_USAGE)
    if modality and modality.strip().lower() not in MODALITY_FILTERS:
        raise _fail(f"--modality: use one of {', '.join(MODALITY_FILTERS)}, not "
                    f"{modality!r}", EXIT_USAGE)
    return EventFilter(type=type, actor=actor, place=place, modality=modality,
                       since=_date(since, "--since"), until=_date(until, "--until"), **rest)
