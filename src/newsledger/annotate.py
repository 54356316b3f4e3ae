"""spaCy components of the pipeline, registered the spaCy way, and the annotated pipeline."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language

from newsledger.nlp import load_nlp

__all__ = ["PARAGRAPHS", "annotated_nlp", "doc_text", "entities", "release"]

PARAGRAPHS = "newsledger_paragraphs_v1"


@Language.component(PARAGRAPHS, assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Any) -> Any:
    """A blank line always ends a sentence: headlines carry no final stop, and the parser
    would otherwise run a headline into the first paragraph. A single line break (hard-wrapped
    text) does not."""
    for tok in doc[:-1]:
        gap = tok.text if tok.is_space else tok.whitespace_
        if gap.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def annotated_nlp(name: str | None = None) -> Any:
    """The model with our components added, once per process."""
    nlp = load_nlp(name)
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def entities(doc: Any) -> tuple[Any, ...]:
    """`doc.ents`, built once per document: spaCy rebuilds the tuple on every access, which
    made entity look-ups the extractor's largest cost."""
    cached = doc.user_data.get("newsledger_ents")
    if cached is None:
        cached = tuple(doc.ents)
        doc.user_data["newsledger_ents"] = cached
    return cached  # type: ignore[no-any-return]


def doc_text(doc: Any) -> str:
    """`doc.text`, joined once per document (spaCy joins every token on each access)."""
    cached = doc.user_data.get("newsledger_text")
    if cached is None:
        cached = doc.text
        doc.user_data["newsledger_text"] = cached
    return str(cached)


def release(doc: Any) -> None:
    """Drop this module's caches from a parsed document once it has been read."""
    doc.user_data.pop("newsledger_ents", None)
    doc.user_data.pop("newsledger_text", None)
    doc.user_data.pop("newsledger_actors", None)  # actors.document_actors
