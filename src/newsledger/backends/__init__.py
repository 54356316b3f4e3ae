"""Extractor backends: what turns a parsed article into statements and attributions.

A backend is anything with a `name` and an `extract` method (the `ExtractorBackend`
protocol). Backends are registered under versioned names — `rules.v1` (the default, the rules
over the spaCy parse) and `openai.v1` (an OpenAI-compatible HTTP server such as a local
Ollama, vLLM or llama.cpp) — and built with `get_backend(name, **options)`. Unknown names and
options a backend does not take fail there, when the pipeline is built, not on the first
document.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, runtime_checkable

from newsledger.errors import NewsledgerError
from newsledger.record import Attribution, Document, Statement, TimeExpression

__all__ = [
    "DEFAULT_BACKEND",
    "BackendError",
    "ExtractorBackend",
    "available_backends",
    "get_backend",
    "register",
]

DEFAULT_BACKEND = "rules.v1"


class BackendError(NewsledgerError):
    """A backend cannot be built (unknown name, bad option) or cannot work (its server is
    down or keeps failing). Unlike a DropError this stops the run: every document would fail
    the same way."""


@runtime_checkable
class ExtractorBackend(Protocol):
    """Statements and attributions of one parsed document.

    `doc` is the spaCy parse of `document.text`; `times` the time expressions found in it and
    `dct` the date relative expressions are read against. Offsets in what is returned are
    offsets into `document.text`."""

    name: str

    def extract(self, doc: Any, *, document: Document, doc_id: str,
                times: list[TimeExpression], dct: dt.date | None
                ) -> tuple[list[Statement], list[Attribution]]: ...


Factory = Callable[..., ExtractorBackend]
F = TypeVar("F", bound=Factory)
_REGISTRY: dict[str, Factory] = {}
# Built-in backends are imported when first asked for, so that `rules.v1` users never load
# the HTTP client and the other way round.
_BUILTIN = {
    "rules.v1": "newsledger.backends.rules",
    "openai.v1": "newsledger.backends.openai_compat",
}


def _canonical(name: str) -> str:
    return name.removeprefix("newsledger.")  # "newsledger.rules.v1" names the same backend


def register(name: str) -> Callable[[F], F]:
    """Class or function decorator: `@register("mine.v1")` makes `get_backend("mine.v1")`
    build it. Registering a name twice is an error (versions get new names)."""

    def decorate(factory: F) -> F:
        key = _canonical(name)
        if key in _REGISTRY and _REGISTRY[key] is not factory:
            raise BackendError(f"backend {key!r} is already registered")
        _REGISTRY[key] = factory
        return factory

    return decorate


def available_backends() -> list[str]:
    return sorted(set(_REGISTRY) | set(_BUILTIN))


def _check_options(name: str, factory: Factory, options: dict[str, Any]) -> None:
    try:
        params = inspect.signature(factory).parameters
    except (TypeError, ValueError):
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    unknown = sorted(set(options) - set(params))
    if unknown:
        takes = ", ".join(sorted(p for p in params if not p.startswith("_"))) or "no options"
        raise BackendError(f"backend {name} does not take {', '.join(unknown)} "
                           f"(it takes: {takes})")


def get_backend(name: str = DEFAULT_BACKEND, **options: Any) -> ExtractorBackend:
    """Build the backend registered as `name` with `options`; `BackendError` when there is no
    such backend or it does not take (or rejects) the options."""
    key = _canonical(name)
    if key not in _REGISTRY and key in _BUILTIN:
        importlib.import_module(_BUILTIN[key])
    factory = _REGISTRY.get(key)
    if factory is None:
        raise BackendError(f"unknown extractor backend {name!r}; available: "
                           f"{', '.join(available_backends())}")
    options = {k: v for k, v in options.items() if v is not None}
    _check_options(key, factory, options)
    backend = factory(**options)
    if not isinstance(backend, ExtractorBackend):
        raise BackendError(f"backend {key} does not provide name and extract()")
    return backend
