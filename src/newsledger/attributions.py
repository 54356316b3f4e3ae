"""Attribution records (Source / Cue / Content spans) from the frames the clause analysis met."""

from __future__ import annotations

import hashlib
from typing import Any

from newsledger.annotate import doc_text
from newsledger.attribution import describe_source
from newsledger.clauses import FrameUse
from newsledger.lexicon import Lexicon
from newsledger.record import Attribution, Statement, TextSpan

__all__ = ["build_attributions"]

Token = Any
EDGE = {"that", "whether", "if", "and", "but", "so", "then"}


def _span(tokens: list[Token], *, trim: bool = False) -> TextSpan | None:
    toks = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    if trim:
        while toks and (toks[0].is_punct or toks[0].is_space or toks[0].lower_ in EDGE
                        or toks[0].is_quote):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"
                        or toks[-1].is_quote):
            toks.pop()
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return TextSpan(text=doc_text(toks[0].doc)[start:end], start=start, end=end)


def _longest_run(ids: set[int], doc: Any) -> list[Token]:
    best: list[int] = []
    run: list[int] = []
    for i in sorted(ids):
        run = run + [i] if run and i == run[-1] + 1 else [i]
        if len(run) > len(best):
            best = run
    return [doc[i] for i in best]


def _content(use: FrameUse) -> TextSpan | None:
    if use.contents:
        ids: set[int] = set()
        for c in use.contents:
            ids |= {t.i for t in c.subtree}
        return _span([use.head.doc[i] for i in ids], trim=True)
    # The frame covers its own clause: the content is that clause without the source,
    # the cue and (for "…, he said, …") the reporting clause itself.
    ids = {t.i for t in use.head.subtree}
    ids -= {t.i for t in use.frame.source} | {t.i for t in use.frame.cue_tokens}
    ids -= {t.i for t in use.frame.first_person}
    if use.frame.head.i != use.head.i:
        ids -= {t.i for t in use.frame.head.subtree}
    if use.frame.cue == "according to":
        ids -= {t.i for t in use.frame.tokens}
    return _span(_longest_run(ids, use.head.doc), trim=True)


def build_attributions(uses: list[FrameUse], statements: list[Statement], doc_id: str,
                       lex: Lexicon) -> list[Attribution]:
    out: list[Attribution] = []
    ids: dict[int, str] = {}
    for use in uses:
        frame = use.frame
        if frame.kind not in ("source", "unnamed") and not frame.first_person:
            continue
        content = _content(use)
        if content is None:
            continue
        if frame.first_person:
            source, source_type, speaker = _span(frame.first_person), "author", "author"
        else:
            described, speaker = describe_source(frame, lex)
            source = _span(frame.source) if frame.source else None
            source_type = described.type
        cue = _span(frame.cue_tokens)
        key = f"{doc_id}|{content.start}|{content.end}|{cue.start if cue else -1}"
        ident = "a" + hashlib.sha256(key.encode()).hexdigest()[:16]
        ids[id(use)] = ident
        covered = [s.id for s in statements
                   if s.start < content.end and content.start < s.end]
        out.append(Attribution(
            id=ident, source=source, source_type=source_type, speaker=speaker, cue=cue,
            content=content, statement_ids=covered,
            nested_in=ids.get(id(use.parent)) if use.parent is not None else None))
    return out
