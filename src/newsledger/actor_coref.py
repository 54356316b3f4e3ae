"""In-document coreference for actors: pronouns (he/she to a person; it/they to a group, state
or organisation) and definite descriptions ("the group", "the army", "the government", "the
city", "the president") to the most recent compatible mention.

Cautious by design: a pronoun resolves only to a nearby antecedent (this sentence or the one
before) when no other noun between them could take it; "it" in "it is clear that" resolves to
nothing; two people in reach and no single subject among them leave "he" unresolved."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from newsledger.actor_dictionary import Entry, actor_dictionary
from newsledger.actor_mentions import Mention, is_place_role, make_mention, token_list

__all__ = ["resolve_references"]

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
SINGULAR_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
GROUP_KINDS = frozenset({"state", "government", "military", "armed_group", "party",
                         "organisation", "media"})
# "they" takes a plural name, or a body of people spoken of in the plural ("the army ... they")
PLURAL_KINDS = frozenset({"military", "armed_group", "government", "party"})
EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "become", "remain", "happen", "matter",
                             "take", "make", "look", "turn", "mean", "follow", "emerge"})
BLOCKING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
# mentions whose country says which state "the government" or "the army" belongs to
COUNTRY_EVIDENCE = frozenset({"state", "government", "military", "person"})
DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
PRONOUN_WINDOW = 1  # sentences before the pronoun's own
DESCRIPTION_WINDOW = 3
PERSON_DESCRIPTIONS = frozenset({"president", "minister", "leader", "general", "commander",
                                 "chancellor", "premier", "king", "queen", "prince", "emir",
                                 "ambassador", "envoy", "governor", "mayor", "senator",
                                 "spokesman", "spokeswoman", "secretary", "caliph"})


def _sentence_index(doc: Any) -> tuple[list[int], list[int]]:
    starts = [s.start for s in doc.sents]
    index = [0] * len(doc)
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(doc)
        for k in range(s, end):
            index[k] = n
    return starts, index


def _is_subject(doc: Any, m: Mention) -> bool:
    return _root(doc, m).dep_ in ("nsubj", "nsubjpass")  # type: ignore[no-any-return]


def _bound(doc: Any, m: Mention, tok: Any) -> bool:
    """Whether `m` is the subject of the clause in which `tok` is an object: "Daesh denied it"
    and "Trump told him" do not refer back to Daesh or Trump (a reflexive would)."""
    if tok.lower_.endswith(("self", "selves")) or tok.dep_ not in ("dobj", "dative", "pobj"):
        return False
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    root = _root(doc, m)
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.i == verb.i:
        return True
    # the understood subject of a complement: "accused Ukraine of shelling it", "Russia tried
    # to shell it" — the controller cannot be "it" either
    while verb.dep_ in ("xcomp", "pcomp") and verb.head.i != verb.i:
        verb = verb.head.head if verb.head.pos_ == "ADP" else verb.head
        if root.head.i == verb.i and root.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return True
    return False


def _root(doc: Any, m: Mention) -> Any:
    tok = doc[m.end - 1]
    for k in range(m.start, m.end):
        if not (m.start <= doc[k].head.i < m.end) or doc[k].head.i == k:
            tok = doc[k]
            break
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _plural(doc: Any, m: Mention) -> bool:
    return doc[m.end - 1].tag_ in ("NNS", "NNPS")


def _expletive(tok: Any) -> bool:
    """"It is clear that", "it seems", "it takes time": no referent."""
    if tok.dep_ == "expl":
        return True
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in EXPLETIVE_HEADS


def _blocked(doc: Any, m: Mention, end: int, covered: set[int], tags: frozenset[str]) -> bool:
    """Whether a noun between the antecedent and the pronoun could take the pronoun instead;
    a noun inside the antecedent's own clause ("MSF, which runs the clinic, ...") cannot."""
    root = _root(doc, m)
    for k in range(m.end, end):
        t = doc[k]
        if k not in covered and t.tag_ in tags and t.dep_ in BLOCKING_DEPS \
                and root not in t.ancestors:
            return True
    return False


def _modifier(doc: Any, m: Mention) -> bool:
    """A name that only modifies another noun ("Islamic State members") is a weaker
    antecedent than one that heads its phrase."""
    root = _root(doc, m)
    return root.dep_ in ("compound", "amod", "nmod") and not m.start <= root.head.i < m.end


def _copy(doc: Any, start: int, end: int, source: Mention, role: str,
          acting: bool) -> Mention:
    a = source.actor
    m = make_mention(doc, start, end, Entry(a.name, a.kind, a.country), role)
    m.kind, m.acting, m.gender, m.title = source.kind, acting, source.gender, source.title
    return m


class _Resolver:
    def __init__(self, doc: Any, mentions: list[Mention]) -> None:
        self.doc = doc
        self.d = actor_dictionary()
        self.starts, self.sent = _sentence_index(doc)
        self.seen: list[Mention] = []  # mentions ending before the current token, text order
        self.covered = {k for m in mentions for k in range(m.start, m.end)}

    def window(self, i: int, sentences: int) -> list[Mention]:
        first = self.starts[max(0, self.sent[i] - sentences)]
        lo = bisect_right([m.start for m in self.seen], first - 1)
        return self.seen[lo:]

    def person_pronoun(self, tok: Any) -> Mention | None:
        gender = PERSON_PRONOUNS[tok.lower_]
        doc = self.doc
        if any(0 <= k < len(doc) and doc[k].lower_ == "or"
               and 0 <= 2 * k - tok.i < len(doc) and doc[2 * k - tok.i].lower_ in PERSON_PRONOUNS
               for k in (tok.i - 1, tok.i + 1)):
            return None  # "his or her": anyone
        cands = [m for m in self.window(tok.i, PRONOUN_WINDOW)
                 if m.kind == "person" and m.gender in (None, gender)
                 and not _bound(self.doc, m, tok)]
        # this sentence first, then the one before (as Hobbs's search goes)
        here = [m for m in cands if self.sent[m.start] == self.sent[tok.i]]
        group = here or cands
        if not group:
            return None
        if tok.tag_ == "PRP$" and tok.i - group[-1].end <= 2:
            return _copy(self.doc, tok.i, tok.i + 1, group[-1], "pronoun", True)  # "Lee and her"
        names = {m.actor.name for m in group}
        if len(names) > 1:
            names = {m.actor.name for m in group if _is_subject(self.doc, m)}
        if len(names) != 1:
            return None
        name = next(iter(names))
        source = next(m for m in reversed(group) if m.actor.name == name)
        return _copy(self.doc, tok.i, tok.i + 1, source, "pronoun", True)

    def group_pronoun(self, tok: Any) -> Mention | None:
        singular = tok.lower_ in SINGULAR_PRONOUNS
        if singular and _expletive(tok):
            return None
        near = self.window(tok.i, PRONOUN_WINDOW)
        subject = self.parallel_subject(tok, near, singular)
        if subject is not None:
            return _copy(self.doc, tok.i, tok.i + 1, subject, "pronoun", True)
        # a town that was a subject nearby is as likely a referent as any group that was not
        place_subject = singular and any((m.kind == "place" or not m.acting)
                                         and _is_subject(self.doc, m) for m in near)
        for m in reversed(near):
            if place_subject and not _is_subject(self.doc, m):
                return None
            if m.kind == "place" or not m.acting or m.kind == "person" and not singular:
                return None  # a place or a person nearer than any group could be meant
            if _bound(self.doc, m, tok):
                return None  # "Daesh denied it": it is something else
            if m.kind not in GROUP_KINDS:
                continue
            plural = _plural(self.doc, m)
            if singular and plural or not singular and not (plural or m.kind in PLURAL_KINDS):
                return None
            tags = frozenset({"NN", "NNP"} if singular else {"NNS", "NNPS"})
            if _blocked(self.doc, m, tok.i, self.covered, tags):
                return None
            return _copy(self.doc, tok.i, tok.i + 1, m, "pronoun", True)
        return None

    def parallel_subject(self, tok: Any, near: list[Mention], singular: bool
                         ) -> Mention | None:
        """A subject pronoun after a clause whose subject is a group takes that subject
        ("Japan sent generators to Ukraine, and it delivered vehicles"): subjects continue."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return None
        subjects = [m for m in near if _is_subject(self.doc, m)]
        if not subjects:
            return None
        m = subjects[-1]
        if m.kind not in GROUP_KINDS or not m.acting or _modifier(self.doc, m):
            return None
        plural = _plural(self.doc, m)
        if singular and plural or not singular and not (plural or m.kind in PLURAL_KINDS):
            return None
        # only when the clause of the subject is the one just before the pronoun's own
        if self.sent[tok.i] - self.sent[m.start] > 1:
            return None
        return m

    def description(self, i: int) -> Mention | None:
        doc = self.doc
        det = i - 1
        if det > 0 and doc[det].tag_ == "JJ" and doc[det].text not in self.d.adjectives:
            det -= 1  # "the paramilitary group", "the jihadist movement"
        if det < 0 or doc[det].lower_ not in DETERMINERS:
            return None
        for size in (2, 1):
            key = tuple(doc[k].lower_ for k in range(i, min(i + size, len(doc))))
            kinds = self.d.descriptions.get(key)
            if kinds is not None or size == 1:
                break
        end = i + len(key)
        head = doc[end - 1]
        if head.pos_ != "NOUN" and not (head.pos_ == "PROPN" and head.is_lower):
            return None
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return None  # "the group of civilians" is not the group named before
        if end < len(doc) and doc[end].pos_ == "PROPN":
            return None  # "the group Hamas" names its referent itself
        if kinds is None:
            if size == 1 and head.lower_ in PERSON_DESCRIPTIONS:
                return self.person_description(det, i, head)
            return None
        near = self.window(i, DESCRIPTION_WINDOW)
        heads = [m for m in near if not _modifier(doc, m)]
        for m in reversed(heads if any(m.kind in kinds for m in heads) else near):
            if m.kind not in kinds:
                continue
            if any(doc[k].lemma_ == head.lemma_ and k not in self.covered
                   for k in range(m.end, det)):
                return None  # "a group of..." in between might be meant
            acting = m.kind != "place" and not is_place_role(head)
            return _copy(doc, det, end, m, "description", acting)
        return self.state_institution(det, end, kinds)

    def state_institution(self, start: int, end: int, kinds: frozenset[str]) -> Mention | None:
        """"In Mali, ... the government said": with no government named, the one country the
        last sentences name gives it."""
        wanted = [k for k in ("government", "military") if k in kinds]
        if not wanted:
            return None
        countries = {m.actor.country for m in self.window(start, DESCRIPTION_WINDOW)
                     if m.kind in COUNTRY_EVIDENCE and m.actor.country}
        if len(countries) != 1:
            return None
        iso = next(iter(countries))
        if iso not in self.d.countries:
            return None
        return make_mention(self.doc, start, end, self.d.derived(iso, wanted[0]), "description")

    def person_description(self, start: int, i: int, head: Any) -> Mention | None:
        for m in reversed(self.window(i, DESCRIPTION_WINDOW)):
            if m.kind == "person" and m.title and head.lower_ in m.title.split():
                return _copy(self.doc, start, i + 1, m, "description", True)
        return None


def resolve_references(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Mentions for the pronouns and descriptions that resolve, each carrying its antecedent's
    name, kind and country."""
    r = _Resolver(doc, mentions)
    pending = sorted(mentions, key=lambda m: (m.end, m.start))
    out: list[Mention] = []
    p = 0
    for tok in token_list(doc):
        i = tok.i
        while p < len(pending) and pending[p].end <= i:
            r.seen.append(pending[p])
            p += 1
        if i in r.covered:
            continue
        low = tok.lower_
        found: Mention | None = None
        if low in PERSON_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
            found = r.person_pronoun(tok)
        elif (low in SINGULAR_PRONOUNS or low in PLURAL_PRONOUNS) and tok.tag_ in ("PRP", "PRP$"):
            found = r.group_pronoun(tok)
        elif low in r.d.description_words or low in PERSON_DESCRIPTIONS:
            found = r.description(i)
        if found is not None:
            out.append(found)
            r.seen.append(found)
            r.seen.sort(key=lambda m: m.start)
            r.covered.update(range(found.start, found.end))
    return out
