"""The actor dictionary: countries (names from pycountry, our short forms, demonyms and capitals),
institutions, armed groups, international organisations, media and parties, from the data files
in `data/actors/`. Every alias maps to one normalised actor; loaded once per process."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Alias", "ActorDictionary", "Country", "Entry", "actor_dictionary", "alias_matches"]

# How an alias names its actor: a name ("Hamas", "Russia"), a country adjective ("Russian"),
# the people of a country ("Russians"), or a capital standing for its government ("Moscow said").
ROLES = ("name", "adjective", "people", "capital")
KINDS = frozenset({"state", "government", "military", "armed_group", "party", "person",
                   "organisation", "media", "unknown"})


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Alias:
    tokens: tuple[str, ...]  # as written in the data, tokenised like the pipeline's text
    entry: Entry
    role: str


@dataclass(frozen=True, slots=True)
class Country:
    iso: str
    name: str
    adjective: str  # the first adjective, used in derived names ("Iraqi military")


@dataclass(slots=True)
class ActorDictionary:
    countries: dict[str, Country] = field(default_factory=dict)
    aliases: dict[tuple[str, ...], list[Alias]] = field(default_factory=dict)
    # first word of an alias -> the alias lengths that start with it, longest first
    lengths: dict[str, list[int]] = field(default_factory=dict)
    state_heads: dict[tuple[str, ...], str] = field(default_factory=dict)
    head_lengths: list[int] = field(default_factory=list)
    suffix: dict[str, str] = field(default_factory=dict)
    group_adjectives: dict[str, str | None] = field(default_factory=dict)
    descriptions: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    description_words: frozenset[str] = frozenset()  # first words of `descriptions`
    titles: frozenset[tuple[str, ...]] = frozenset()
    adjectives: dict[str, str] = field(default_factory=dict)  # "Russian" -> RU
    first_names: dict[str, str] = field(default_factory=dict)  # "Hillary" -> f

    def add(self, text: str, entry: Entry, role: str, tokenize: Any) -> None:
        words = tuple(t.text for t in tokenize(text) if not t.is_space)
        if not words:
            return
        key = tuple(w.lower() for w in words)
        found = self.aliases.setdefault(key, [])
        if any(a.tokens == words and a.entry == entry and a.role == role for a in found):
            return
        found.append(Alias(words, entry, role))
        sizes = self.lengths.setdefault(key[0], [])
        if len(key) not in sizes:
            sizes.append(len(key))
            sizes.sort(reverse=True)

    def derived(self, iso: str, kind: str) -> Entry:
        """The government, military, media or rebels of a country, named from its adjective."""
        c = self.countries[iso]
        if kind == "state":
            return Entry(c.name, "state", iso)
        # police are state forces, named apart from the army ("Kenyan police")
        return Entry(f"{c.adjective} {self.suffix[kind]}",
                     "military" if kind == "police" else kind, iso)


def alias_matches(alias: tuple[str, ...], words: list[str]) -> bool:
    """Case as the alias writes it: an acronym or mixed-case word ("IS", "AP", "AfD") must be
    written exactly so — "is", "ap" and "Let" are ordinary words — and the first capitalised
    word must be capitalised in the text; later words may not be ("the Republican party",
    "the Islamic state"), and a leading "the" never needs to be."""
    first = True
    for a, w in zip(alias, words, strict=True):
        if not a[:1].isalpha():
            continue
        if any(c.isupper() for c in a[1:]):
            if w != a:
                return False
        elif first and a.lower() != "the" and a[0].isupper() and not w[:1].isupper():
            return False
        if a.lower() != "the":
            first = False
    return True


def _rows(name: str) -> Iterator[list[str]]:
    path = resources.files("newsledger") / "data" / "actors" / name
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield row


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _registry_names(iso: str) -> list[str]:
    """Names pycountry gives a country, without the inverted forms ("Korea, Republic of")."""
    import pycountry

    rec = pycountry.countries.get(alpha_2=iso)
    if rec is None:
        return []
    names = [getattr(rec, a, None) for a in ("name", "common_name", "official_name")]
    return [n for n in names if n and "," not in n and "(" not in n]


@lru_cache(maxsize=1)
def actor_dictionary() -> ActorDictionary:
    import spacy

    # The blank English tokenizer splits aliases as the pipeline splits the text ("al-Qaeda"
    # -> al, -, Qaeda), so matching compares token sequences.
    tokenize = spacy.blank("en").tokenizer
    d = ActorDictionary()
    for row in _rows("countries.tsv"):
        iso, name, others, adjectives, people, capitals = (row + [""] * 6)[:6]
        adjs = _split(adjectives)
        d.countries[iso] = Country(iso, name, adjs[0] if adjs else name)
        state = Entry(name, "state", iso)
        for n in [name, *_split(others), *_registry_names(iso)]:
            d.add(n, state, "name", tokenize)
        for a in adjs:
            d.add(a, state, "adjective", tokenize)
        for p in _split(people):
            d.add(p, state, "people", tokenize)
    import pycountry

    for rec in pycountry.countries:  # the rest of the registry's countries, by name only
        if rec.alpha_2 not in d.countries:
            names = _registry_names(rec.alpha_2)
            canonical = getattr(rec, "common_name", None) or rec.name
            if names and canonical in names:
                d.countries[rec.alpha_2] = Country(rec.alpha_2, canonical, canonical)
                for n in names:
                    d.add(n, Entry(canonical, "state", rec.alpha_2), "name", tokenize)
    nouns = _load_nouns()
    d.suffix = dict(nouns["suffix"])
    for row in _rows("countries.tsv"):
        iso, capitals = row[0], (row + [""] * 6)[5]
        for cap in _split(capitals):
            d.add(cap, d.derived(iso, "government"), "capital", tokenize)
    orgs: dict[str, Entry] = {}
    for row in _rows("organisations.tsv"):
        name, kind, country, aliases = (row + [""] * 4)[:4]
        if kind not in KINDS:
            raise ValueError(f"organisations.tsv: unknown kind {kind!r} for {name!r}")
        entry = Entry(name, kind, country or None)
        orgs[name] = entry
        names = [name, *_split(aliases)]
        for a in names:
            if a[:4].lower() == "the " and a[4:] in names:
                continue  # the mention is the name; "the" stays outside it
            d.add(a, entry, "name", tokenize)
    for row in _rows("metonyms.tsv"):
        d.add(row[0], orgs[row[1]], "capital", tokenize)
    for kind, heads in nouns["state_heads"].items():
        for h in heads:
            d.state_heads[tuple(h.split())] = kind
    d.head_lengths = sorted({len(k) for k in d.state_heads}, reverse=True)
    d.group_adjectives = {k: (v or None) for k, v in nouns["group_adjectives"].items()
                          if not k.startswith("_")}
    descriptions: dict[tuple[str, ...], set[str]] = {}
    for kind, heads in nouns["descriptions"].items():
        for h in heads:
            descriptions.setdefault(tuple(h.split()), set()).add(kind)
    d.descriptions = {k: frozenset(v) for k, v in descriptions.items()}
    d.description_words = frozenset(k[0] for k in descriptions)
    d.titles = frozenset(tuple(t.text.lower() for t in tokenize(title))
                         for title in nouns["titles"])
    d.adjectives = {a.tokens[0]: a.entry.country for found in d.aliases.values() for a in found
                    if a.role == "adjective" and len(a.tokens) == 1 and a.entry.country}
    genders: dict[str, set[str]] = {}
    for row in _rows("first_names.tsv"):
        for first in _split(row[1]):
            genders.setdefault(first, set()).add(row[0])
    d.first_names = {n: next(iter(g)) for n, g in genders.items() if len(g) == 1}
    return d


def _load_nouns() -> dict[str, Any]:
    path = resources.files("newsledger") / "data" / "actors" / "nouns.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
