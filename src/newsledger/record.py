"""The ledger's record: documents, statements and time expressions.

These dataclasses are the `analyze --json` output contract. Fields may be added; none may be
renamed or removed. `to_dict()` gives exactly the JSON shape that outside tools read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "Actor",
    "Attribution",
    "Certainty",
    "Document",
    "Event",
    "EventDate",
    "Modality",
    "Place",
    "Published",
    "RawDocument",
    "Removed",
    "ResolveBy",
    "Source",
    "Statement",
    "TextSpan",
    "TimeExpression",
    "document_id",
    "event_id",
    "statement_id",
]

Kind = Literal["claim", "forecast", "past_forecast_reference"]
Precision = Literal["day", "month", "year"]
PublishedMethod = Literal["given", "html", "estimated"]
Modality = Literal["asserted", "historical", "future", "hypothetical", "negated"]
DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, kw_only=True)
class RawDocument:
    """What a reader hands to the cleaner: bytes plus what the source told us about them."""

    source: str
    data: bytes
    url: str | None = None
    content_type: str | None = None  # "html" | "text" | None (sniff)
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass(kw_only=True)
class Removed:
    text: str
    reason: str


@dataclass(kw_only=True)
class Published:
    value: str | None = None  # ISO date
    precision: Precision | None = None
    method: PublishedMethod | None = None
    earliest: str | None = None
    latest: str | None = None


@dataclass(kw_only=True)
class TimeExpression:
    text: str
    start: int
    end: int
    value: str  # TIMEX3 value: 2017-01-20, 2017-01, 2016-W46, P1M, PRESENT_REF, ...
    type: str = "DATE"  # DATE | TIME | DURATION | SET


@dataclass(kw_only=True)
class Source:
    text: str
    type: str  # person | organisation | media | government | unnamed | widespread_view | author


@dataclass(kw_only=True)
class Certainty:
    phrase: str | None
    low: float
    high: float


@dataclass(kw_only=True)
class ResolveBy:
    value: str
    precision: Precision


@dataclass(kw_only=True)
class Statement:
    id: str
    kind: Kind
    text: str
    start: int
    end: int
    speaker: str
    source: Source | None
    cue: str | None
    author_stance: str  # endorses | reports | doubts
    certainty: Certainty
    polarity: str  # affirmed | negated
    time_orientation: str  # past | present | future
    proposition: str | None = None
    resolve_by: ResolveBy | None = None
    reason: str | None = None  # why resolve_by is null
    condition: str | None = None
    probability: float | None = None
    refers_to: str | None = None
    times: list[TimeExpression] = field(default_factory=list)
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True)
class TextSpan:
    text: str
    start: int
    end: int


@dataclass(kw_only=True)
class Attribution:
    """Who put something on record, brat-style: Source, Cue and Content spans. One per frame,
    so nested attributions ("the paper reports that X claims that Y") give two, the inner
    one `nested_in` the outer."""

    id: str
    source: TextSpan | None  # null for unnamed sources ("it is believed")
    source_type: str
    speaker: str  # the source's name ("author" for the writer's own "I think")
    cue: TextSpan | None
    content: TextSpan
    statement_ids: list[str] = field(default_factory=list)
    nested_in: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True, slots=True)
class Place:
    """A toponym in the text and the gazetteer place it names. `country` is ISO 3166-1
    alpha-2; `precision` is exact | near | region | country."""

    text: str
    start: int
    end: int
    name: str
    lat: float
    lon: float
    country: str
    precision: str
    geonameid: int | None = None
    feature: str = ""  # country, region, city

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True)
class Actor:
    """Who acts or is acted on. `name` is the normalised name that every alias maps to
    ("Islamic State" for ISIS / ISIL / Daesh); `kind` is state | government | military |
    armed_group | party | person | organisation | media | unknown; `country` is ISO 3166-1
    alpha-2 or null. The span is the mention in the text (a pronoun resolves to its name)."""

    text: str
    name: str
    kind: str
    country: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(kw_only=True)
class EventDate:
    """When an event happens, at the precision the text gives (ACLED's time precision, plus
    year). `value` is an ISO date or period (2017-01-20, 2016-W46, 2017-01, 2014);
    `earliest`/`latest` are the days that bound it."""

    value: str
    precision: DatePrecision
    earliest: str
    latest: str


@dataclass(kw_only=True)
class Event:
    """Who did (or will, or would, or did not) do what to whom, where and when: the structured
    content of one statement, PLOVER-like, with the modality no public event coder marks."""

    id: str
    statement_id: str
    type: str  # a PLOVER category: AGREE, CONSULT, ..., ASSAULT, OTHER
    mode: str | None  # the PLOVER mode where one applies ("air", "ceasefire", ...)
    modality: Modality
    trigger: TextSpan  # the predicate that carries the event
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True)
class Document:
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: Published = field(default_factory=Published)
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)

    @property
    def id(self) -> str:
        return document_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id}
        out.update(asdict(self))
        return out


_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form that ids hash: NFC, whitespace collapsed, typographic quotes kept."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def document_id(text: str) -> str:
    return "d" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def statement_id(doc_id: str, kind: str, start: int, end: int, text: str) -> str:
    key = f"{doc_id}|{kind}|{start}|{end}|{normalise(text)}"
    return "s" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def event_id(doc_id: str, event_type: str, start: int, end: int) -> str:
    key = f"{doc_id}|{event_type}|{start}|{end}"
    return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
