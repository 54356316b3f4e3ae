"""Actors in a parsed document: dictionary names (countries and their demonyms, capitals as
metonyms, governments and armed forces, armed groups, organisations, media, parties), people from
the entity recogniser with their titles, and in-document coreference (surnames, pronouns, "the
group", "the army", "the city"). One pass over tokens and entities per document, cached on it.

Coreference is deliberately cautious: a pronoun or description resolves only when one
antecedent fits and no other noun could take it; a wrong actor is worse than none."""

from __future__ import annotations

from typing import Any

from newsledger.actor_coref import resolve_references
from newsledger.actor_dictionary import actor_dictionary
from newsledger.actor_mentions import TOKENS_KEY, Mention, dictionary_mentions
from newsledger.actor_people import entity_mentions
from newsledger.record import Actor

__all__ = ["CACHE_KEY", "DocumentActors", "document_actors", "find_mentions"]

CACHE_KEY = "newsledger_actors"


class DocumentActors:
    """The actor mentions of one document, looked up by token or token range."""

    def __init__(self, mentions: list[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._by_token: dict[int, Actor] = {}
        for m in self._mentions:
            if not m.acting and not (m.kind == "place" and m.role == "description"):
                continue  # a place acts only through "the city"-style references
            for i in range(m.start, m.end):
                self._by_token.setdefault(i, m.actor)
        self._acting = [m for m in self._mentions if m.acting]

    def for_token(self, token: Any) -> Actor | None:
        """The actor whose mention covers `token` (a name, a resolved pronoun or description)."""
        return self._by_token.get(token.i)

    def in_span(self, start: int, end: int) -> list[Actor]:
        """Actors whose mention lies inside the token range [start, end), in text order."""
        return [m.actor for m in self._acting if start <= m.start and m.end <= end]

    def all(self) -> list[Actor]:
        """Every actor mention, in text order."""
        return [m.actor for m in self._acting]


def document_actors(doc: Any) -> DocumentActors:
    """The actors of a document from newsledger's pipeline, computed once per document."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is None:
        mentions = find_mentions(doc)
        mentions.extend(resolve_references(doc, mentions))
        doc.user_data.pop(TOKENS_KEY, None)
        cached = DocumentActors(mentions)
        doc.user_data[CACHE_KEY] = cached
    return cached  # type: ignore[no-any-return]


def find_mentions(doc: Any) -> list[Mention]:
    """Named mentions: dictionary aliases, then people, organisations and towns."""
    d = actor_dictionary()
    adjective_at: dict[int, str] = {}  # token where a title follows a country adjective
    named = dictionary_mentions(d, doc, adjective_at)
    return entity_mentions(d, doc, named, adjective_at)
