"""The clause structure around an event predicate: its clause head and the clauses above it,
their markers, modals and tense. Shared by the modality tests (`event_modality`,
`event_hypothesis`) and the discourse links (`event_links`)."""

from __future__ import annotations

from typing import Any

__all__ = ["clause_chain", "clause_head", "finite_past", "governors", "marker", "modal",
           "past", "verbal"]

Token = Any
TIME_MARKS = {"when", "after", "before", "once", "until", "till", "as", "while", "whenever"}


def verbal(tok: Token) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX"))


def clause_head(tok: Token) -> Token:
    """The verb whose clause holds `tok` (`tok` itself for a verb)."""
    cur = tok
    for _ in range(12):
        if verbal(cur) or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def clause_chain(tok: Token) -> list[Token]:
    """`tok`'s clause head and the clause heads above it, innermost first."""
    out: list[Token] = []
    cur = clause_head(tok)
    for _ in range(8):
        out.append(cur)
        if cur.head == cur:
            break
        cur = clause_head(cur.head)
    return out


def marker(clause: Token) -> str:
    for c in clause.children:
        if c.dep_ == "mark" or c.dep_ == "advmod" and c.lower_ in TIME_MARKS:
            return str(c.lower_)
    return ""


def modal(clause: Token) -> Token | None:
    for c in clause.children:
        if c.dep_ == "aux" and c.tag_ == "MD":
            return c
    if clause.dep_ == "conj" and clause.head != clause and clause.tag_ == "VB":
        return modal(clause.head)  # "would attack and seize": conjuncts share their modal
    return None


def past(clause: Token) -> bool:
    return bool(clause.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in clause.children))


def finite_past(tok: Token) -> bool:
    """Whether the nearest finite clause over `tok` is in a narrative past ("attacked", "had
    attacked", "accused each other of shelling"), not the present perfect ("has attacked")."""
    for c in clause_chain(tok):
        if c.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
                a.dep_ in ("aux", "auxpass") and a.tag_ in ("VBD", "VBZ", "VBP", "MD")
                for a in c.children):
            return past(c)
    return False


def governors(tok: Token, limit: int = 6) -> list[Token]:
    out = []
    cur = tok
    for _ in range(limit):
        if cur.head == cur:
            break
        cur = cur.head
        out.append(cur)
    return out
