"""The per-sentence memos of clause analysis: same answers as computing afresh."""

from __future__ import annotations

from typing import Any

from newsledger.clauses import sentence_analysis
from newsledger.subtrees import subtree_ids, subtree_of, subtrees_memo

TEXT = ("The harbour authority said on Tuesday that the old pier, which opened in 1931, would "
        "close by March, and its director predicted that ferries would move to the north quay. "
        "According to a union official, dock workers expect the change to cost jobs.")


def test_subtree_of_is_the_subtree_inside_and_outside_the_memo(analyzer: Any) -> None:
    doc = analyzer.nlp(TEXT)
    with subtrees_memo():
        for tok in doc:
            first = subtree_of(tok)
            assert first == subtree_ids(tok)
            assert subtree_of(tok) is first  # computed once
    for tok in doc:  # the memo ends with its block
        assert subtree_of(tok) == frozenset(subtree_ids(tok))
        assert subtree_of(tok) is not subtree_of(tok)


def test_every_frame_use_holds_its_own_frame(analyzer: Any) -> None:
    """A frame found once and kept is never handed out again: later changes to one frame
    (attribution building) cannot leak into another use."""
    doc = analyzer.nlp(TEXT)
    uses = [use for sent in doc.sents for use in sentence_analysis(sent, analyzer.lex)[1]]
    assert len(uses) >= 3
    assert len({id(use.frame) for use in uses}) == len(uses)
    cues = {use.frame.cue for use in uses}
    assert {"said", "predicted", "according to"} <= cues
