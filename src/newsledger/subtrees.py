"""Subtrees of parsed tokens as sets of token indices, memoised while one sentence is analysed.

A clause's subtree is asked for again and again (by `clauses.py` for each unit, by `frames.py`
for a frame's words), and spaCy builds a new Token object for every word each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

__all__ = ["subtree_ids", "subtree_of", "subtrees_memo"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs

_SUBTREES: ContextVar[dict[int, frozenset[int]] | None] = ContextVar("newsledger_subtrees",
                                                                      default=None)


def subtree_ids(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


@contextmanager
def subtrees_memo() -> Iterator[None]:
    """Within the block, `subtree_of` computes each token's subtree once. Only tokens of one
    document may be asked about in it."""
    reset = _SUBTREES.set({})
    try:
        yield
    finally:
        _SUBTREES.reset(reset)


def subtree_of(tok: Token) -> frozenset[int]:
    """The indices of the subtree of `tok` (memoised inside `subtrees_memo`)."""
    memo = _SUBTREES.get()
    if memo is None:
        return frozenset(subtree_ids(tok))
    ids = memo.get(tok.i)
    if ids is None:
        ids = memo[tok.i] = frozenset(subtree_ids(tok))
    return ids
