"""Splitting a parsed sentence into statement units.

A *unit* is one asserted clause, with the chain of frames above it (frames — who asserts it,
how sure — are found by `frames.py`). Every frame met on the way is also kept, with what it
governs, for the attribution records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsledger.frames import (
    CAUSAL_MARKS,
    CONDITION_MARKS,
    Frame,
    according_frame,
    detect_frame,
    has_subject,
    is_verbal,
    mark_of,
)
from newsledger.lexicon import Lexicon
from newsledger.noun_cues import noun_frame
from newsledger.subtrees import subtree_of, subtrees_memo

__all__ = ["Frame", "FrameUse", "Unit", "detect_frame", "sentence_analysis"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs
Span = Any


@dataclass(kw_only=True)
class Unit:
    head: Token
    tokens: list[Token]
    frames: list[Frame]
    conditions: list[Token]  # heads of if-clauses attached to this unit
    context: list[Token]  # adverbial clauses of the unit and its frames ("as I predicted")
    sibling: int = 0  # position among the contents of the nearest frame

class _SentenceMemo:
    """What `sentence_analysis` asks of one clause head more than once (a child's frame by
    `_child_units`, then by `visit`), computed once per sentence. A frame someone
    keeps is handed out once: asked again, it is a new object, exactly as without the memo."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self._frames: dict[int, tuple[Frame | None, list[Token]]] = {}

    def peek(self, tok: Token) -> tuple[Frame | None, list[Token]]:
        """The frame at `tok`, for a caller that only looks at it."""
        found = self._frames.get(tok.i)
        if found is None:
            found = self._frames[tok.i] = detect_frame(tok, self.lex)
        return found

    def take(self, tok: Token) -> tuple[Frame | None, list[Token]]:
        """The frame at `tok`, for a caller that keeps it."""
        found = self.peek(tok)
        if found[0] is not None:
            del self._frames[tok.i]
        return found


def _child_units(head: Token, memo: _SentenceMemo, exclude: set[int] | frozenset[int]
                 ) -> list[Token]:
    """Clauses under `head` that are statements of their own."""
    out = []
    for c in head.children:
        if c.i in exclude:
            continue
        own_clause = c.dep_ in ("conj", "parataxis") and is_verbal(c) and has_subject(c)
        framed = c.dep_ == "ccomp" and memo.peek(c)[0] is not None or (
            # "said A, and predicted that B": the second speech verb shares the subject
            c.dep_ == "conj" and is_verbal(c) and bool(memo.peek(c)[1]))
        if own_clause or framed:
            out.append(c)
        elif c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG" and not has_subject(c) \
                and memo.peek(c)[1]:
            out.append(c)  # "…, saying that …": a participle that reports for the subject
        elif c.dep_ == "advcl" and not mark_of(c) and has_subject(c) and any(
                a.tag_ == "MD" for a in c.children):
            out.append(c)  # a main clause the parser hung under another ("– X will be …")
        elif c.dep_ == "advcl" and mark_of(c) in CAUSAL_MARKS and has_subject(c):
            frame, _ = memo.peek(c)
            if frame is not None and frame.kind in ("source", "unnamed"):
                out.append(c)
    return out


def _contiguous(tokens: set[int], anchor: int, sent: Span) -> list[Token]:
    """The run of `tokens` around `anchor`, so that a span never swallows a nested unit."""
    if not tokens:
        return []
    lo = hi = anchor if anchor in tokens else min(tokens)
    while lo - 1 in tokens:
        lo -= 1
    while hi + 1 in tokens:
        hi += 1
    doc = sent.doc
    return [doc[i] for i in range(lo, hi + 1)]


def _conditions(head: Token) -> list[Token]:
    return [c for c in head.children if c.dep_ == "advcl" and mark_of(c) in CONDITION_MARKS]


def _adverbials(heads: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "advcl" and mark_of(c) not in CONDITION_MARKS:
                out.extend(c.subtree)
    return out


@dataclass(kw_only=True)
class FrameUse:
    """A frame as found in a sentence, with what it governs: `contents` for "X said that …",
    or the clause `head` it covers for "according to X, …"."""

    frame: Frame
    contents: list[Token]
    head: Token
    parent: FrameUse | None = None


def sentence_analysis(sent: Span, lex: Lexicon) -> tuple[list[Unit], list[FrameUse]]:
    """The statement units of a sentence and every frame met on the way (for attributions)."""
    with subtrees_memo():
        return _sentence_analysis(sent, lex)


def _sentence_analysis(sent: Span, lex: Lexicon) -> tuple[list[Unit], list[FrameUse]]:
    units: list[Unit] = []
    uses: list[FrameUse] = []
    claimed: set[int] = set()  # clause heads that a frame has already taken as its contents
    memo = _SentenceMemo(lex)
    subtree = subtree_of
    tokens = list(sent)  # spaCy builds a new Token on every pass over a span: once is enough

    def enclosing(frames: list[Frame]) -> FrameUse | None:
        for use in reversed(uses):
            if frames and use.frame is frames[-1]:
                return use
        return None

    def visit(head: Token, frames: list[Frame], sibling: int,
              siblings: tuple[Token, ...] = ()) -> None:
        frame, contents = memo.take(head)
        if frame is not None:
            uses.append(FrameUse(frame=frame, contents=contents, head=head,
                                 parent=enclosing(frames)))
        if frame is not None and contents:
            chain = frames + [frame]
            claimed.update(c.i for c in contents)
            for i, c in enumerate(contents):
                visit(c, chain, i, tuple(contents))
            skip = frozenset().union(*(subtree(c) for c in contents))
            for c in _child_units(head, memo, skip):
                if c.i not in claimed:
                    visit(c, frames, 0)
            return
        if frame is not None:  # the frame covers the clause itself ("Most reports placed …")
            frames = frames + [frame]
        children = _child_units(head, memo, set())
        conds = _conditions(head)
        own = set(subtree(head))
        # Co-ordinated contents of the same frame ("to fall by March, and to return …") are
        # statements of their own, even without a subject.
        nested = [c for c in siblings if c.i != head.i and c.i in own]
        # A leading "As might be expected, …" / "As things stand, …" frames the sentence
        # for the reader; it is not part of what is asserted.
        asides = [c for c in head.children if c.dep_ == "advcl" and c.i < head.i
                  and mark_of(c) == "as"]
        for c in children + conds + nested + asides:
            own -= subtree(c)
        nearest = frames[-1] if frames else None
        if nearest is not None and sibling == 0 and nearest.kind != "discourse" \
                and nearest.head.i != head.i:
            own |= {t.i for t in nearest.tokens}
            own |= set(range(min(own), max(own) + 1)) & subtree(nearest.head) - set().union(
                *(subtree(c) for c in children + conds + nested), set())
        toks = _contiguous(own, head.i, sent)
        context = _adverbials([head] + [f.head for f in frames])
        units.append(Unit(head=head, tokens=toks, frames=frames, conditions=conds,
                          context=context, sibling=sibling))
        for c in children:
            if c.i not in claimed:
                visit(c, frames, 0)

    visit(sent.root, [], 0)
    units.sort(key=lambda u: u.tokens[0].i if u.tokens else u.head.i)
    # Every other verb that frames something ("questioned X and urged Y") is an attribution
    # too, even where the statement units did not need it.
    seen = {u.frame.head.i for u in uses} | {u.head.i for u in uses}
    for tok in tokens:
        if tok.i in seen or tok.pos_ not in ("VERB", "AUX"):
            continue
        frame, contents = memo.take(tok)
        if frame is None or frame.kind not in ("source", "unnamed", "certainty") \
                or frame.head.i in seen:
            continue
        seen.add(frame.head.i)
        parent = next((u for u in reversed(uses) if u.contents and any(
            tok.i in subtree(c) for c in u.contents)), None)
        uses.append(FrameUse(frame=frame, contents=contents, head=tok, parent=parent))
    # "Trump's claim that …": a noun of saying with its holder and its clause.
    for tok in tokens:
        if tok.pos_ == "NOUN" and tok.i not in seen:
            frame, contents = noun_frame(tok, lex)
            if frame is not None:
                uses.append(FrameUse(frame=frame, contents=contents, head=tok))
    # "according to X" hung on a noun rather than on the verb of its clause.
    for tok in tokens:
        if tok.lower_ != "according" or any(u.frame.cue == "according to" and
                                            tok in u.frame.cue_tokens for u in uses):
            continue
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        frame = according_frame(verb, tok)
        if frame is not None:
            uses.append(FrameUse(frame=frame, contents=[], head=verb))
    return units, uses
