"""One article in, its ledger entries out: clean, date, parse, find times, extract statements."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from newsledger.annotate import annotated_nlp, release
from newsledger.backends import DEFAULT_BACKEND, BackendError, ExtractorBackend, get_backend
from newsledger.clean import clean
from newsledger.errors import DropError
from newsledger.events import find_events
from newsledger.lexicon import Lexicon, load_lexicon
from newsledger.places import find_places
from newsledger.published import estimate_published
from newsledger.record import (
    Attribution,
    Document,
    Event,
    Place,
    Published,
    RawDocument,
    Statement,
    TimeExpression,
)
from newsledger.timex import find_times, find_times_in_text

__all__ = ["EXTRACTOR_VERSION", "Analysis", "Analyzer", "reference_date"]

log = logging.getLogger(__name__)
EXTRACTOR_VERSION = "rules-1"
MAX_CHARS = 600_000  # spaCy's parser needs ~1 GB per 100k words; longer texts are not articles


@dataclass(kw_only=True)
class Analysis:
    document: Document
    statements: list[Statement]
    times: list[TimeExpression]
    attributions: list[Attribution] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The `analyze --json` record: {"document", "statements", "times", "attributions",
        "places"}."""
        statements = []
        for s in self.statements:
            d = s.to_dict()
            d.pop("sentence", None)
            statements.append(d)
        return {
            "document": self.document.to_dict(),
            "statements": statements,
            "times": [
                {"text": t.text, "start": t.start, "end": t.end, "value": t.value,
                 "type": t.type}
                for t in self.times
            ],
            "attributions": [a.to_dict() for a in self.attributions],
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
        }


def reference_date(published: Published) -> dt.date | None:
    """The date relative expressions are read against: the publication date, or the middle of
    its month or year when only those are known."""
    value = published.value
    if not value:
        return None
    try:
        if len(value) >= 10:
            return dt.date.fromisoformat(value[:10])
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 15)
        return dt.date(int(value[:4]), 7, 1)
    except ValueError:
        return None


def _from_dateline(document: Document) -> Published | None:
    """A date line the cleaner took off the top ("September 11, 2026 at 7:02 am") dates the
    page itself: a window of one day."""
    for item in document.removed:
        if item.reason != "dateline":
            continue
        for t in find_times_in_text(item.text, None):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value):
                return Published(value=t.value, precision="day", method="estimated",
                                 earliest=t.value, latest=t.value)
    return None


def _load_resources() -> None:
    """Read the data files every document needs (gazetteer, actor dictionary, event and
    modality lexicons, the language identifier) now, with the model, rather than inside the
    first document's analysis: its latency stays like every other's."""
    from newsledger.actor_dictionary import actor_dictionary
    from newsledger.clean import detect_language
    from newsledger.event_types import event_lexicon
    from newsledger.gazetteer import gazetteer
    from newsledger.modality import predicate_words

    gazetteer()
    actor_dictionary()
    event_lexicon()
    predicate_words()
    detect_language("The resources are loaded once per process.")


class Analyzer:
    """Holds the loaded model; build one per process and reuse it."""

    def __init__(self, *, model: str | None = None, backend: str = DEFAULT_BACKEND,
                 backend_options: dict[str, Any] | None = None) -> None:
        # The backend first: a bad name or option fails before the model is loaded.
        self.backend: ExtractorBackend = get_backend(backend, **(backend_options or {}))
        self.extractor_version: str = getattr(self.backend, "version", self.backend.name)
        self.nlp = annotated_nlp(model)
        self.lex: Lexicon = load_lexicon()
        _load_resources()

    def analyze_raw(self, raw: RawDocument, *, published: str | None = None) -> Analysis:
        """Clean and analyse one raw document; raises DropError when it cannot be one."""
        return self.analyze_document(clean(raw, published=published))

    def analyze_text(self, text: str, *, source: str = "<text>",
                     published: str | None = None) -> Analysis:
        raw = RawDocument(source=source, data=text.encode("utf-8"), content_type="text")
        return self.analyze_raw(raw, published=published)

    def analyze_document(self, document: Document) -> Analysis:
        self._check_size(document)
        return self._extract(document, self.nlp(document.text))

    def analyze_batch(self, raws: list[RawDocument], *, published: str | None = None
                      ) -> list[Analysis | DropError]:
        """Analyses (or the reason each could not be one) in input order. The texts go
        through spaCy's batched `pipe`, which is faster than one call per text."""
        results: list[Analysis | DropError | None] = [None] * len(raws)
        ready: list[tuple[int, Document]] = []
        for i, raw in enumerate(raws):
            try:
                document = clean(raw, published=published)
                self._check_size(document)
                ready.append((i, document))
            except DropError as drop:
                drop.source = drop.source or raw.source
                results[i] = drop
            except Exception as err:  # one broken document never aborts a batch
                log.exception("cleaning failed for %s", raw.source)
                results[i] = DropError("analysis_error", f"{type(err).__name__}: {err}",
                                       source=raw.source)
        try:
            parsed = list(self.nlp.pipe([d.text for _, d in ready], batch_size=16))
        except Exception:  # one text that breaks the batch must not take the others along
            parsed = [None] * len(ready)
        for (i, document), doc in zip(ready, parsed, strict=True):
            try:
                results[i] = self._extract(document, doc if doc is not None
                                           else self.nlp(document.text))
            except DropError as drop:
                results[i] = drop
            except BackendError:
                raise  # a backend that cannot work fails every document: stop the run
            except Exception as err:
                log.exception("analysis failed for %s", document.source)
                results[i] = DropError("analysis_error", f"{type(err).__name__}: {err}",
                                       source=document.source)
        return [r for r in results if r is not None]

    @staticmethod
    def _check_size(document: Document) -> None:
        if len(document.text) > MAX_CHARS:
            raise DropError("too_large", f"main text has {len(document.text):,} characters "
                            f"(limit {MAX_CHARS:,})", source=document.source)

    def _extract(self, document: Document, doc: Any) -> Analysis:
        if not document.published.value:
            estimate = _from_dateline(document) or estimate_published(document.text, doc=doc)
            if estimate is not None:
                document.published = estimate
        dct = reference_date(document.published)
        times = find_times(doc, dct)
        statements, attributions = self.backend.extract(doc, document=document,
                                                        doc_id=document.id, times=times, dct=dct)
        places = find_places(doc)
        events = find_events(doc, doc_id=document.id, statements=statements,
                             attributions=attributions, places=places, times=times, dct=dct)
        # The caches in user_data hold spans of the doc (a reference cycle): drop them so the
        # parse is freed now, not at the next full garbage collection.
        release(doc)
        return Analysis(document=document, statements=statements, times=times,
                        attributions=attributions, places=places, events=events)
