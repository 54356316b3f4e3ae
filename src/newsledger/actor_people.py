"""People and other recognised entities as actors: a PERSON entity without its titles (the title
and a country adjective before it give gender and country: "Russian President Vladimir Putin"),
surname-only mentions joined to the document's full name, organisations the dictionary does not
know (kind from their words: "Ministry", "Party", "News"), and towns kept as antecedents for
"the city"."""

from __future__ import annotations

from typing import Any

from newsledger.actor_dictionary import ActorDictionary, Entry
from newsledger.actor_mentions import (
    POSSESSIVE,
    Mention,
    in_caps_run,
    is_place_role,
    leading_country,
    make_mention,
    title_end,
    token_list,
)
from newsledger.annotate import doc_text, entities
from newsledger.gazetteer import gazetteer

__all__ = ["entity_mentions"]

MALE_TITLES = frozenset({"mr", "mr.", "king", "prince", "sheikh", "emir", "sultan", "pope",
                         "congressman", "spokesman", "caliph", "emperor"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "queen", "congresswoman", "spokeswoman"})
ORG_KEYWORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("media", frozenset({"News", "Times", "Post", "Journal", "Herald", "Gazette", "Tribune",
                         "TV", "Television", "Radio", "Broadcasting", "Press"})),
    ("party", frozenset({"Party"})),
    ("government", frozenset({"Ministry", "Department", "Parliament", "Senate", "Cabinet"})),
    # a state's army is in the dictionary; an "Army" it does not know is most often not a
    # state's ("Arakan Army", "Irish Republican Army")
    ("military", frozenset({"Navy", "Corps", "Guard", "Guards"})),
    ("armed_group", frozenset({"Army", "Front", "Battalion", "Brigade", "Brigades", "Militia",
                               "Liberation", "Regiment"})),
    ("organisation", frozenset({"Agency", "Organization", "Organisation", "Council",
                                "Committee", "Commission", "Institute", "Foundation", "Bank",
                                "Fund", "Company", "Corporation", "Inc", "Ltd", "Group",
                                "University", "Association", "Union", "Federation", "Court",
                                "Alliance", "Network", "Watch", "Board", "Authority"})),
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# The small model tags some towns as people or organisations ("Raqqah", "Donbass"): a one-word
# name without a title that is a sizeable place is taken as the place (the places step agrees).
MIN_POP_PLACE = 100_000


def _is_place(text: str, min_population: int = MIN_POP_PLACE) -> bool:
    gaz = gazetteer()
    found = gaz.lookup(text) or gaz.lookup_variants(text)
    return any(e.kind != "P" or e.population >= min_population for e in found)


def _placed(doc: Any, p: Mention) -> bool:
    """A "person" with no title or known first name, named where a place goes ("near the town
    of Avdiivka", "in Khan Younis"), that the gazetteer knows: the place."""
    if p.title or p.gender:
        return False
    root = doc[p.end - 1]
    return is_place_role(root) and _is_place(p.actor.name, 0)


def _span_text(doc: Any, start: int, end: int) -> str:
    return doc_text(doc)[doc[start].idx:doc[end - 1].idx + len(doc[end - 1].text)]


def _title_before(d: ActorDictionary, doc: Any, end: int) -> int:
    """The start of a title ending at token `end` ("Prime Minister" before a name), or `end`."""
    for size in (3, 2, 1):
        if end - size >= 0 and title_end(d, doc, end - size) == end:
            return end - size
    return end


def _person(d: ActorDictionary, doc: Any, ent: Any,
            adjective_at: dict[int, str]) -> Mention | None:
    s, e = ent.start, ent.end
    while e > s and doc[e - 1].text in POSSESSIVE:
        e -= 1
    country: str | None = None
    titles: list[str] = []
    while s < e - 1:  # titles and a country adjective the recogniser took into the name
        t_end = title_end(d, doc, s)
        if t_end > s:
            titles.append(_span_text(doc, s, t_end).lower())
            s = t_end
        elif doc[s].text in d.adjectives:
            country = d.adjectives[doc[s].text]
            s += 1
        elif doc[s].lower_ == "the":
            s += 1
        else:
            break
    if s >= e or not doc[s].text[:1].isupper():
        return None
    b = s if titles else ent.start
    if b >= 2 and doc[b - 1].text == "," and _title_before(d, doc, b - 1) < b - 1:
        b -= 1  # an apposition: "the Turkish ambassador, Ali Riza Guney"
    while True:
        before = _title_before(d, doc, b)
        if before == b:
            break
        titles.append(_span_text(doc, before, b).lower())
        b = before
    country = country or adjective_at.get(b)
    m = make_mention(doc, s, e, Entry(_span_text(doc, s, e), "person", country), "person")
    m.title = titles[0] if titles else None
    if any(t in MALE_TITLES for t in titles):
        m.gender = "m"
    elif any(t in FEMALE_TITLES for t in titles):
        m.gender = "f"
    else:  # a first name known for one gender ("Hillary", "Vladimir")
        m.gender = next((d.first_names[w] for w in m.actor.name.split()[:-1]
                         if w in d.first_names), None)
    return m


def _title_cased(sent: Any) -> bool:
    words = [t.text for t in sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _person_like_org(d: ActorDictionary, doc: Any, ent: Any) -> bool:
    """An organisation tag on a name of two or three words that starts with a known first name
    or follows a title ("army spokesman Oleksandr Shtupun")."""
    if ent.label_ != "ORG":
        return False
    s = ent.start + (doc[ent.start].lower_ == "the")
    words = [doc[k].text for k in range(s, ent.end)]
    initial = any(len(w) == 2 and w[0].isupper() and w[1] == "." for w in words[1:-1])
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) \
        and (words[0] in d.first_names or _title_before(d, doc, s) < s or initial)


def _org_kind(words: list[str]) -> str:
    for kind, keys in ORG_KEYWORDS:
        if any(w in keys for w in words):
            return kind
    return "unknown"


def _join_surnames(doc: Any, persons: list[Mention], covered: set[int]) -> list[Mention]:
    """One name per person: "Putin" after "Vladimir Putin" is Vladimir Putin, with the country
    and gender any of its mentions gave. A surname two full names share stays as it is."""
    full: dict[str, set[str]] = {}
    for p in persons:
        words = p.actor.name.split()
        if len(words) > 1:
            full.setdefault(words[-1], set()).add(p.actor.name)
    unique = {last: next(iter(names)) for last, names in full.items() if len(names) == 1}
    extra: list[Mention] = []
    for tok in token_list(doc):
        if tok.i not in covered and tok.pos_ == "PROPN" and tok.text in unique:
            extra.append(make_mention(doc, tok.i, tok.i + 1,
                                      Entry(tok.text, "person", None), "person"))
    persons = persons + extra
    known = {p.actor.name for p in persons if p.title}
    for n, p in enumerate(persons):
        name = p.actor.name
        if " " not in name and name in unique:
            p.actor.name = unique[name]
        elif name not in known and (" " not in name and _is_place(name) or _placed(doc, p)):
            persons[n] = make_mention(doc, p.start, p.end, Entry(name, "unknown", None),
                                      "place", kind="place", acting=False)
        elif " " not in name and name not in known and doc[p.start].dep_ in ("compound", "amod"):
            p.kind = "drop"  # "the Jihadi counter-attacks": a modifier, not a known person
    persons = [p for p in persons if p.kind == "person"] + [p for p in persons
                                                            if p.kind == "place"]
    country: dict[str, str] = {}
    gender: dict[str, str] = {}
    for p in persons:
        if p.actor.country:
            country.setdefault(p.actor.name, p.actor.country)
        if p.gender:
            gender.setdefault(p.actor.name, p.gender)
    for p in persons:
        p.actor.country = p.actor.country or country.get(p.actor.name)
        p.gender = p.gender or gender.get(p.actor.name)
    return persons


def entity_mentions(d: ActorDictionary, doc: Any, named: list[Mention],
                    adjective_at: dict[int, str]) -> list[Mention]:
    """`named` (the dictionary's mentions) with people, other organisations and towns added;
    a person's name wins over a dictionary word inside it ("Michael Jordan")."""
    owner: dict[int, int] = {}
    for idx, m in enumerate(named):
        for k in range(m.start, m.end):
            owner[k] = idx
    removed: set[int] = set()
    persons: list[Mention] = []
    ents = entities(doc)
    for ent in ents:
        if ent.label_ != "PERSON" and not _person_like_org(d, doc, ent):
            continue
        p = _person(d, doc, ent, adjective_at)
        if p is None:
            continue
        inside = {owner[k] for k in range(p.start, p.end) if k in owner}
        if any(named[x].start < p.start or named[x].end > p.end
               or (named[x].start == p.start and named[x].end == p.end) for x in inside):
            continue  # a dictionary name the recogniser took for a person ("Hezbollah")
        removed |= inside
        persons.append(p)
    kept = [m for idx, m in enumerate(named) if idx not in removed]
    covered = {k for m in kept + persons for k in range(m.start, m.end)}
    persons = _join_surnames(doc, persons, covered)
    covered |= {k for m in persons for k in range(m.start, m.end)}
    # an organisation tag on a person's name or surname ("Trump", "Al-Baghdadi") is the person
    people = {p.actor.name: p for p in persons if p.kind == "person"}
    for p in list(people.values()):
        people.setdefault(p.actor.name.split()[-1], p)
    others: list[Mention] = []
    for ent in ents:
        if ent.label_ not in PLACE_LABELS and ent.label_ != "ORG":
            continue
        s, e = ent.start, ent.end
        while e > s and doc[e - 1].text in POSSESSIVE:
            e -= 1
        if s < e and doc[s].lower_ == "the":
            s += 1
        if s >= e or any(k in covered for k in range(s, e)) or not doc[s].text[:1].isupper():
            continue
        text = _span_text(doc, s, e)
        same = people.get(text)
        if same is not None:  # "Scholz" tagged as a place after "Olaf Scholz"
            m = make_mention(doc, s, e, Entry(same.actor.name, "person", same.actor.country),
                             "person")
            m.gender, m.title = same.gender, same.title
            others.append(m)
            continue
        if ent.label_ == "ORG":
            words = [doc[k].text for k in range(s, e)]
            kind = _org_kind(words)
            if kind == "unknown" and _title_cased(doc[s].sent):
                continue  # a headline in title case makes any phrase look like a name
            acronym = len(text) > 1 and text.isupper() and not in_caps_run(doc, s, e)
            if kind == "unknown" and len(words) == 1 and not acronym:
                if _is_place(text):
                    others.append(make_mention(doc, s, e, Entry(text, "unknown", None), "place",
                                               kind="place", acting=False))
                continue  # one capitalised word ("Caliphate", "Presidential"): unsure, so none
            country = leading_country(d, doc, s) if len(words) > 1 else None
            others.append(make_mention(doc, s, e, Entry(text, kind, country), "org"))
        elif doc[s].text in d.adjectives:
            continue  # "Ukrainian" tagged as a place
        else:
            others.append(make_mention(doc, s, e, Entry(text, "unknown", None), "place",
                                       kind="place", acting=False))
    return kept + persons + others
