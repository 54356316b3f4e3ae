"""Named actor mentions: dictionary aliases matched over tokens (with the syntax that tells
"Moscow said" from "in Moscow" and "the Iraqi army" from "Iraqi civilians"), people from the
entity recogniser with their titles, and surname-only mentions joined to the full name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsledger.actor_dictionary import ActorDictionary, Alias, Entry, alias_matches
from newsledger.annotate import doc_text, entities
from newsledger.record import Actor

__all__ = ["TOKENS_KEY", "Mention", "dictionary_mentions", "in_caps_run", "is_place_role",
           "leading_country", "make_mention", "title_end", "token_list"]

# A country named as the object of these prepositions is where something happens, not who acts.
LOCATIVE_PREPS = frozenset({"in", "at", "into", "inside", "across", "throughout", "within",
                            "near", "around", "outside", "over", "from", "through", "via",
                            "toward", "towards", "beyond", "along", "onto", "off", "out"})
# "to X" after these is a destination; after "send", "give" or "sell" it is a recipient.
MOTION_VERBS = frozenset({"go", "move", "travel", "redeploy", "deploy", "return", "fly", "flee",
                          "withdraw", "come", "head", "arrive", "retreat", "advance", "march",
                          "relocate", "sail", "drive", "spread", "extend", "smuggle", "migrate",
                          "escape", "evacuate", "deployment", "trip", "visit", "journey",
                          "flight", "voyage", "mission", "route", "road", "way",
                          "officer", "troop", "soldier", "refugee", "migrant"})
COMPASS = frozenset({"northern", "southern", "eastern", "western", "central", "north",
                     "south", "east", "west", "northeastern", "northwestern", "southeastern",
                     "southwestern", "north-eastern", "north-western", "south-eastern",
                     "south-western", "rural", "coastal"})
AREA_NOUNS = frozenset({"mountain", "part", "region", "area", "north", "south", "east", "west",
                        "border", "city", "town", "village", "province", "territory", "coast",
                        "outskirt", "edge", "heart", "centre", "center", "capital", "corner",
                        "countryside", "interior", "side", "map", "rest", "airspace", "soil"})
PLACE_PARTICIPLES = frozenset({"based", "born", "registered", "headquartered", "flagged",
                               "made", "bound"})
SUPPORT_NOUNS = frozenset({"help", "support", "pressure", "aid", "call", "message", "response",
                           "reaction", "warning", "request", "demand", "signal", "backing",
                           "assistance", "approval", "criticism", "threat", "offer", "proposal",
                           "objection", "funding", "loan", "money", "weapon", "arm", "order",
                           "instruction", "guarantee", "assurance", "protest", "complaint"})
BACKED = frozenset({"backed", "aligned", "allied", "sponsored", "supported", "funded",
                    "trained", "linked", "affiliated", "inspired", "friendly", "leaning"})
MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                    "nov", "dec"})
# A capital acts ("Moscow said") as the subject of these prepositions' objects or of a verb.
METONYM_PREPS = frozenset({"between", "with", "against", "by", "on", "to", "toward", "towards"})
STATIVE_VERBS = frozenset({"be", "become", "remain", "lie", "sit", "host", "look", "seem",
                           "stand", "stretch", "experience", "see", "suffer", "wake"})
PLACE_NOUNS = frozenset({"mayor", "metro", "streets", "street", "residents", "airport",
                         "population", "centre", "center", "suburbs", "outskirts", "skyline",
                         "districts", "neighbourhoods", "neighborhoods", "citizens", "people",
                         "weather", "hospitals", "schools", "university", "river", "port"})
# A dictionary name followed by one of these is still that actor ("the Islamic State group").
GROUP_NOUNS = frozenset({"group", "militants", "fighters", "militia", "militias", "movement",
                         "organisation", "organization", "rebels", "insurgents", "jihadists"})
NAME_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


@dataclass(slots=True)
class Mention:
    start: int  # token range [start, end)
    end: int
    actor: Actor
    kind: str  # the actor's kind, or "place" for a town only "the city" may refer to
    role: str  # name | person | org | place | pronoun | description
    acting: bool = True  # False for a country named as a place ("in Syria")
    gender: str | None = None
    title: str | None = None


TOKENS_KEY = "newsledger_actor_tokens"


def token_list(doc: Any) -> list[Any]:
    """The document's tokens, made once: spaCy builds a new Token object on every index or
    iteration, and this step reads each token several times. Dropped by `document_actors`."""
    cached = doc.user_data.get(TOKENS_KEY)
    if cached is None:
        toks = list(doc)
        cached = (toks, [t.lower_ for t in toks])
        doc.user_data[TOKENS_KEY] = cached
    return cached[0]  # type: ignore[no-any-return]


def _lower_list(doc: Any) -> list[str]:
    token_list(doc)
    return doc.user_data[TOKENS_KEY][1]  # type: ignore[no-any-return]


def make_mention(doc: Any, start: int, end: int, entry: Entry, role: str, *,
          kind: str | None = None, acting: bool = True) -> Mention:
    toks = token_list(doc)
    s, e = toks[start].idx, toks[end - 1].idx + len(toks[end - 1].text)
    text = doc_text(doc)[s:e]
    actor = Actor(text=text, name=entry.name, kind=entry.kind if kind is None else "unknown",
                  country=entry.country, start=s, end=e)
    return Mention(start, end, actor, kind or entry.kind, role, acting)


def _lowers(doc: Any, start: int, end: int) -> tuple[str, ...]:
    return tuple(_lower_list(doc)[start:end])


def in_caps_run(doc: Any, start: int, end: int) -> bool:
    """A headline in capitals ("ISIS IS LOSING") makes every word look like an acronym."""
    for k in (start - 1, end):
        if 0 <= k < len(doc):
            t = doc[k].text
            if len(t) > 1 and t.isalpha() and t.isupper():
                return True
    return False


def _match(d: ActorDictionary, doc: Any, i: int) -> tuple[int, list[Alias]] | None:
    lowers = _lower_list(doc)
    sizes = d.lengths.get(lowers[i])
    if not sizes:
        return None
    n = len(doc)
    for size in sizes:
        if i + size > n:
            continue
        found = d.aliases.get(tuple(lowers[i:i + size]))
        if not found:
            continue
        words = [t.text for t in token_list(doc)[i:i + size]]
        hits = [a for a in found if alias_matches(a.tokens, words)]
        if any(w.isupper() and len(w) > 1 for a in hits for w in a.tokens) \
                and in_caps_run(doc, i, i + size):
            continue
        if hits:
            return i + size, hits
    return None


def leading_country(d: ActorDictionary, doc: Any, i: int) -> str | None:
    """The country a name starts with ("U.S. Department of Justice", "British Airways")."""
    hit = _match(d, doc, i)
    if hit is None:
        return None
    isos = {a.entry.country for a in hit[1]
            if a.entry.kind == "state" and a.role in ("name", "adjective")}
    return isos.pop() if len(isos) == 1 else None


def _head(d: ActorDictionary, doc: Any, j: int, skip: bool = True) -> tuple[int, str] | None:
    """A state head noun at token j ("army", "air force", "state media"), or after one
    lower-case modifier of it ("federal forces", "commerce ministry"): (end, kind)."""
    for size in d.head_lengths:
        if j + size <= len(doc):
            kind = d.state_heads.get(_lowers(doc, j, j + size))
            if kind is not None:
                return j + size, kind
    if skip and j + 1 < len(doc) and doc[j].is_lower and doc[j].is_alpha \
            and doc[j].dep_ in ("amod", "compound") and doc[j].head.i > j:
        found = _head(d, doc, j + 1, skip=False)
        if found is not None and doc[j].head.i == found[0] - 1:
            return found
    return None


def title_end(d: ActorDictionary, doc: Any, j: int) -> int:
    """The end of a title starting at token j ("Prime Minister"), or j when there is none."""
    for size in (3, 2, 1):
        if j + size <= len(doc) and _lowers(doc, j, j + size) in d.titles:
            return j + size
    return j


def _root(doc: Any, start: int, end: int) -> Any:
    """The span's syntactic head, climbing conjunctions ("in Iraq and Syria")."""
    tok = doc[end - 1]
    for k in range(start, end):
        if not (start <= doc[k].head.i < end) or doc[k].head.i == k:
            tok = doc[k]
            break
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def is_place_role(tok: Any) -> bool:
    """Whether a country (or "the country") is named as a place: "in Syria", "flew to Syria",
    "the mountains of northern Iraq", "a Britain-based monitor"."""
    if any(c.dep_ == "amod" and c.lower_ in COMPASS for c in tok.children):
        return True  # "northern Iraq" is a region, not the state
    if tok.dep_ == "appos" and tok.head.i != tok.i:
        return is_place_role(tok.head)  # "in Raqqah, Syria"
    if tok.dep_ == "pobj":
        prep = tok.head
        if prep.lower_ in LOCATIVE_PREPS:
            return True
        if prep.lower_ == "to" and prep.head.lemma_ in MOTION_VERBS:
            return True
        if prep.lower_ == "of" and prep.head.lemma_ in AREA_NOUNS:
            return True
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" \
        and doc[tok.i + 2].lower_ in PLACE_PARTICIPLES


def _is_metonym(tok: Any) -> bool:
    """Whether a capital stands for its government here: "Moscow said", "Moscow's position",
    "talks with Moscow" — not "in Moscow" or "Moscow is a big city"."""
    dep, head = tok.dep_, tok.head
    doc = tok.doc
    if tok.text.isupper() or tok.i + 2 < len(doc) and doc[tok.i + 1].text in (",", "(") \
            and (doc[tok.i + 2].like_num or doc[tok.i + 2].ent_type_ == "DATE"
                 or doc[tok.i + 2].lower_.rstrip(".")[:3] in MONTHS
                 or doc[tok.i + 2].text in ("Reuters", "AP", "AFP")):
        return False  # a dateline: "KYIV, Feb 2 -", "MOSCOW (Reuters) -"
    if dep == "nsubj":
        return head.pos_ in ("VERB", "AUX") and head.lemma_ not in STATIVE_VERBS
    if dep == "poss":
        return head.lower_ not in PLACE_NOUNS
    if dep == "pobj":
        if head.lower_ == "from" and head.head.lemma_ in SUPPORT_NOUNS:
            return True  # "help from Moscow", "pressure from Washington"
        return head.lower_ in METONYM_PREPS and not is_place_role(tok)
    if dep == "dobj":
        return head.lemma_ not in MOTION_VERBS and head.lemma_ not in {"visit", "leave", "reach",
                                                                       "enter"}
    return False


def dictionary_mentions(d: ActorDictionary, doc: Any,
                         adjective_at: dict[int, str]) -> list[Mention]:
    out: list[Mention] = []
    ent_of = {k: ent for ent in entities(doc) if ent.label_ in NAME_LABELS
              for k in range(ent.start, ent.end)}
    toks = token_list(doc)
    n, i = len(toks), 0
    while i < n:
        tok = toks[i]
        group_country = d.group_adjectives.get(tok.text, "-")
        if group_country != "-":
            head = _head(d, doc, i + 1)
            if head is not None and head[1] in ("armed_group", "military"):
                entry = Entry(f"{tok.text} militia", "armed_group", group_country)
                out.append(make_mention(doc, i, head[0], entry, "name"))
                i = head[0]
                continue
        if not tok.text[:1].isalnum():
            i += 1
            continue
        hit = _match(d, doc, i)
        if hit is None:
            i += 1
            continue
        end, aliases = hit
        if _backer(toks, i, end):
            i = end  # "Iran-backed militia", "pro-Russian separatists": someone else acts
            continue
        mention, end = _classify(d, doc, i, end, aliases, adjective_at)
        if mention is not None and not _inside_longer_name(doc, mention, ent_of):
            out.append(mention)
        i = end
    return out


def _backer(toks: list[Any], i: int, end: int) -> bool:
    """A name that only says who backs or opposes the actor named after it."""
    if i >= 2 and toks[i - 1].text == "-" and toks[i - 2].lower_ in ("pro", "anti"):
        return True
    if i >= 1 and toks[i - 1].lower_ in ("pro-", "anti-"):
        return True
    return end + 1 < len(toks) and toks[end].text == "-" and toks[end + 1].lower_ in BACKED


def _inside_longer_name(doc: Any, m: Mention, ent_of: dict[int, Any]) -> bool:
    """"Jersey" in "New Jersey", "Moscow" in "Moscow State University", "Ireland" in "Northern
    Ireland": the recogniser's longer name, with another capitalised word, is something else."""
    ent = ent_of.get(m.start)
    if ent is None or id(ent_of.get(m.end - 1)) != id(ent):
        return False
    for k in range(ent.start, ent.end):
        t = doc[k]
        if not m.start <= k < m.end and t.text[:1].isupper() and t.lower_ != "the":
            return True
    return False


def _classify(d: ActorDictionary, doc: Any, i: int, end: int, aliases: list[Alias],
              adjective_at: dict[int, str]) -> tuple[Mention | None, int]:
    entries = {a.entry for a in aliases}
    countries = {e.country for e in entries if e.kind == "state"}
    roles = {a.role for a in aliases}
    if len({(e.name, e.kind) for e in entries}) > 1 and not countries:
        return None, end  # two organisations share the alias: unsure, so none
    if countries and len(countries) > 1:
        return None, end  # "Congolese": two states
    n = len(doc)
    if countries:
        iso = next(iter(countries))
        assert iso is not None
        j = end + 1 if end < n and doc[end].text in POSSESSIVE and "name" in roles else end
        if roles & {"name", "adjective"}:
            head = _head(d, doc, j)
            if head is not None:
                return make_mention(doc, i, head[0], d.derived(iso, head[1]), "name"), head[0]
            if title_end(d, doc, j) > j:
                adjective_at[j] = iso  # "Russian President Vladimir Putin"
                if j == end:
                    return None, end
                # "Iran's foreign minister": the country is named as well
                return make_mention(doc, i, end, d.derived(iso, "state"), "name"), end
        state = d.derived(iso, "state")
        if "people" in roles:
            return make_mention(doc, i, end, state, "name"), end
        if "name" in roles:
            root = _root(doc, i, end)
            # "Raqqah, Syria": the country places the town
            after_town = i >= 2 and doc[i - 1].text == "," and doc[end - 1].dep_ != "conj" \
                and doc[i - 2].ent_type_ in ("GPE", "LOC")
            acting = not (after_town or is_place_role(root))
            return make_mention(doc, i, end, state, "name", acting=acting), end
        last = doc[end - 1]
        # "the Chinese", "the British" as people: the adjective heads its own noun phrase
        if i > 0 and doc[i - 1].lower_ == "the" \
                and last.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
            return make_mention(doc, i, end, state, "name"), end
        return None, end
    entry = next(iter(entries))
    if "capital" in roles:  # "Moscow said", "Brussels wants"; otherwise a town "the city" may name
        if _is_metonym(_root(doc, i, end)):
            return make_mention(doc, i, end, entry, "name"), end
        text = doc_text(doc)[doc[i].idx:doc[end - 1].idx + len(doc[end - 1].text)]
        place = Entry(text, "unknown", entry.country)
        return make_mention(doc, i, end, place, "place", kind="place", acting=False), end
    if end < n and doc[end].lower_ in GROUP_NOUNS:
        end += 1
    if entry.country and entry.kind in ("government", "military") and title_end(d, doc, end) > end:
        adjective_at[end] = entry.country  # "State Department spokesman Ned Price"
    return make_mention(doc, i, end, entry, "name"), end
