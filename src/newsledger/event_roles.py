"""Who does an event to whom, and where: the arguments of one event predicate.

Actors come from the document's actor index (`newsledger.actors.document_actors`), which
resolves aliases, pronouns and "the group"; an argument it does not know is kept as its noun
phrase with kind "unknown" when that phrase names people, forces or a body ("rebel
fighters"). The event's *place* is a toponym in the predicate's own arguments and adjuncts,
never just any place in the sentence (`event_places`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from newsledger.actor_dictionary import actor_dictionary
from newsledger.actors import document_actors
from newsledger.event_senses import PLACE_LABELS, is_party, is_person, speaker_antecedent
from newsledger.event_types import EventLexicon, event_lexicon
from newsledger.record import Actor

__all__ = ["SUBJECT_DEPS", "ActorIndex", "actor_index", "arguments", "border_with",
           "clause_adjuncts", "clause_of", "clause_tokens", "context_tokens", "party_phrase"]

Token = Any
CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl", "cc",
           "punct", "mark"}
SUBJECT_DEPS = {"nsubj", "agent", "csubj", "expl"}  # a passive subject is where it happens
# Prepositions whose object is where (or against whom) the event happens: the attachment of
# these to a noun or to the verb that takes it is often the parser's coin toss.
LOCATIVE = {"in", "at", "near", "on", "outside", "around", "against", "across", "into",
            "over", "inside", "within", "towards", "toward", "from", "throughout", "along"}
# Types where a noun's "of" phrase is its doer ("the withdrawal of troops", "a meeting of
# ministers"); for the others it is the one acted on ("the purge of commanders").
OF_IS_ACTOR = {"RETREAT", "MOBILIZE", "PROTEST", "CONSULT", "COOPERATE", "SUPPORT"}
# Prepositions that introduce a party to the event, not its location ("a deal between the US
# and Iran", "talks with Russia", "an attack by rebels").
PARTY_PREPS = {"between", "with", "by", "among", "amongst"}
WITH_IS_RECIPIENT = {"CONSULT", "AGREE", "COOPERATE"}
TO_IS_RECIPIENT = {"AID", "SUPPORT", "COOPERATE"}
# Nouns whose "from" phrase is the doer ("calls from the EU", "aid from Japan").
FROM_IS_ACTOR = {"REQUEST", "ACCUSE", "AID", "SUPPORT", "THREATEN", "SANCTION"}
QUANTITY_HEADS = {"thousand", "hundred", "dozen", "million", "score", "group", "number",
                  "crowd", "handful"}
RELATIVES = {"which", "who", "that", "whom"}
NOT_ACTORS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "GPE",
              "LOC", "FAC"}


class ActorIndex(Protocol):
    def for_token(self, token: Any) -> Actor | None: ...

    def in_span(self, start_tok: int, end_tok: int) -> list[Actor]: ...


def actor_index(doc: Any) -> ActorIndex:
    """The document's actor index (built once per document by the actor dictionary)."""
    return document_actors(doc)


def _phrase_end(head: Token) -> int:
    """One past the last token of the bare noun phrase (no clauses or prepositions after)."""
    end = int(head.i) + 1
    for c in head.rights:
        if c.dep_ in ("prep", "relcl", "acl", "appos", "punct", "cc", "conj"):
            break
        end = int(c.right_edge.i) + 1
    return end


def _of_end(head: Token) -> int:
    """One past the noun phrase with its "of" phrases ("the ministers of Egypt and Jordan")."""
    end = _phrase_end(head)
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            end = max(end, int(c.right_edge.i) + 1)
    return end


def _phrase_actor(head: Token, lex: EventLexicon) -> Actor | None:
    """An actor named only by its noun phrase ("rebel fighters", "the opposition leaders"),
    kind unknown: better an unnormalised doer than none. Only names and nouns for people,
    forces and bodies qualify ("the operation" is nobody)."""
    lemma = head.lemma_.lower()
    if head.ent_type_ in NOT_ACTORS or not (
            head.pos_ == "PROPN" or head.pos_ == "NOUN" and (
                lemma in lex.agent_nouns or lemma in lex.armed_heads
                or lemma in lex.person_words)):
        return None
    left = [c for c in head.lefts if c.dep_ in ("compound", "amod")]
    first = left[0] if left else head
    text = head.doc[first.i:head.i + 1].text
    return Actor(text=text, name=text.lower() if head.pos_ == "NOUN" else text, kind="unknown",
                 start=first.idx, end=head.idx + len(head.text))


ARMED_TYPES = {"ASSAULT", "MOBILIZE"}


def _adjective_actor(tok: Token, etype: str) -> Actor | None:
    """'Russian shelling', 'Chinese drills': a country adjective on an event noun names its
    armed forces for a military act, else the state ("Russian sanctions")."""
    d = actor_dictionary()
    iso = d.adjectives.get(tok.text)
    if iso is None or iso not in d.countries:
        return None
    entry = d.derived(iso, "military" if etype in ARMED_TYPES else "state")
    return Actor(text=tok.text, name=entry.name, kind=entry.kind, country=iso, start=tok.idx,
                 end=tok.idx + len(tok.text))


DASHES = {"—", "–", "-", "--"}


def _in_dateline(tok: Token) -> bool:
    """'ADDIS ABABA — Ethiopia accused ...': the capitals before a dash at the start of a
    line name where the reporter files from; they do nothing."""
    start = tok.sent.start
    if not tok.text.isupper() or tok.i - start > 3:
        return False
    return any(t.text in DASHES for t in tok.doc[tok.i + 1:min(tok.i + 4, tok.sent.end)])


def _as_state(actor: Actor) -> Actor:
    """A capital that acts stands for its state in an event ("Washington eased sanctions" ->
    United States), as event coders code a metonym; the actor index keeps the government."""
    if actor.kind != "government" or actor.country is None:
        return actor
    d = actor_dictionary()
    key = tuple(actor.text.lower().split())
    if not any(a.role == "capital" and a.entry.country == actor.country
               for a in d.aliases.get(key, ())) or actor.country not in d.countries:
        return actor
    state = d.derived(actor.country, "state")
    return Actor(text=actor.text, name=state.name, kind="state", country=actor.country,
                 start=actor.start, end=actor.end)


def _actors_of(head: Token, index: ActorIndex, lex: EventLexicon) -> list[Actor]:
    out: list[Actor] = []
    heads = [head]
    for h in heads:  # "China, Russia and India": conjuncts may hang from one another
        if len(heads) < 12:
            heads += [c for c in h.children if c.dep_ == "conj"]
    for h in heads:
        if h.ent_type_ == "CARDINAL" or h.lemma_.lower() in QUANTITY_HEADS:
            # "thousands of demonstrators", "dozens of fighters": the people counted act
            counted = _pobjs(h, ["of"])
            if counted:
                h = counted[0]
        if h.ent_type_ in ("DATE", "TIME", "CARDINAL") or _in_dateline(h):
            continue
        actor = index.for_token(h)
        if actor is None and h.lemma_.lower() in lex.armed_heads:
            # "fighters from the JNIM group", "militants of the ADF": the group acts
            named = [a for o in _pobjs(h, ["from", "of"]) for a in
                     index.in_span(o.left_edge.i, o.right_edge.i + 1)]
            actor = named[0] if named else None
        if actor is not None:
            out.append(actor)
            continue
        antecedent = speaker_antecedent(h) if h.pos_ == "PRON" else None
        if antecedent is not None:  # "officials said they would not withdraw"
            out += _actors_of(antecedent, index, lex)
            continue
        found = index.in_span(h.left_edge.i, _of_end(h))
        if not found:
            phrase = _phrase_actor(h, lex)
            found = [phrase] if phrase is not None else []
        out += found
    return out


def _pobjs(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    return [o for p in tok.children if p.dep_ == "prep" and p.lower_ in wanted
            for o in p.children if o.dep_ == "pobj"]


def _subject_heads(tok: Token) -> list[Token]:
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    subj += [o for a in tok.children if a.dep_ == "agent" for o in a.children
             if o.dep_ == "pobj"]
    if not subj:  # "when Trump and Putin meet": a misparsed subject left of the verb
        subj = [c for c in tok.lefts if c.dep_ in ("nmod", "npadvmod") and c.pos_ == "PROPN"]
    nonfinite = tok.tag_ in ("VB", "VBG") and not any(c.dep_ == "aux" and c.tag_ == "MD"
                                                      for c in tok.children)
    own_patient = any(c.dep_ in ("nsubjpass", "expl") for c in tok.children)
    if not subj and not own_patient and tok.head != tok and (tok.dep_ in ("xcomp", "conj", "pcomp")
                                             or tok.dep_ == "advcl" and nonfinite):
        gov = tok.head if tok.dep_ != "pcomp" else tok.head.head
        subj = [c for c in gov.children if c.dep_ == "nsubj"]
        if tok.dep_ == "xcomp":
            # "urged the two governments to hold talks", "called on students to walk out",
            # "forced the government to drop the law": the object does the infinitive
            lex = event_lexicon()
            controller = [c for c in gov.children if c.dep_ == "dobj"] or [
                o for p in gov.children if p.dep_ == "prep" and p.lower_ == "on"
                for o in p.children if o.dep_ == "pobj"]
            # ... but "used batons to push back demonstrators": the batons push nothing
            subj = [c for c in controller if is_party(c, lex) or is_person(c, lex)
                    or c.lemma_.lower() in lex.agent_nouns] or subj
        if not subj and tok.dep_ == "xcomp":
            # "China is expected to recognise", "the government was forced to drop"
            subj = [c for c in gov.children if c.dep_ == "nsubjpass"]
        if not subj and tok.dep_ == "xcomp" and gov.dep_ in ("xcomp", "conj") \
                and gov.head != gov:  # "has denied planning to take it"
            subj = [c for c in gov.head.children if c.dep_ == "nsubj"]
        if tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "for", "with", "from"):
            # "accused the YPG of firing", "blamed X for shelling": the object does it
            subj = [c for c in gov.children if c.dep_ == "dobj"] or subj
    if tok.dep_ == "relcl" and (not subj or all(s.lower_ in RELATIVES for s in subj)):
        subj = [tok.head]  # "Russia, which brokered ...": the antecedent acts
    return subj


def _amount_slot(noun: Token) -> Token:
    """'send $40 million in aid': the amount stands in the noun's place as the verb's object."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in ("in", "of") and prep.head != prep \
            and prep.head.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL"):
        return prep.head
    return noun


def arguments(trigger: Token, etype: str, index: ActorIndex, lex: EventLexicon,
              is_trigger: Any = None) -> tuple[list[Actor], list[Actor]]:
    """(actors, recipients) of an event predicate. `is_trigger` tells whether a token is an
    event predicate itself; a noun's target may hang from a verb that is not ("planned the
    assault on X")."""
    doers: list[Token] = []
    targets: list[Token] = []
    # "Russian shelling kills four": a gerund in a noun's slot has a noun's arguments
    gerund = trigger.tag_ == "VBG" and trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    if trigger.pos_ == "VERB" and not gerund:
        doers = _subject_heads(trigger)
        if doers and is_trigger is not None and all(
                d.pos_ != "PRON" and is_trigger(d) for d in doers):
            # "the shelling killed four": the shelling's doers did the killing
            doers = [c for d in doers for c in d.children if c.dep_ == "poss"] or [
                c for d in doers for c in d.children if c.dep_ == "amod"
                and c.ent_type_ == "NORP"]
        targets = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        targets += _pobjs(trigger, ["against", "on", "at"])
        if etype in WITH_IS_RECIPIENT:
            targets += _pobjs(trigger, ["with"])
    else:
        doers = [c for c in trigger.children if c.dep_ == "poss"
                 or c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG",
                                                                         "PERSON")]
        doers += _pobjs(trigger, ["by", "between", "among"])
        if etype in FROM_IS_ACTOR:
            doers += [o for o in _pobjs(trigger, ["from"]) if o.ent_type_ not in PLACE_LABELS
                      or etype != "RETREAT"]
        (doers if etype in OF_IS_ACTOR else targets).extend(_pobjs(trigger, ["of"]))
        targets += _pobjs(trigger, ["against", "on"])
        if etype in WITH_IS_RECIPIENT:
            targets += _pobjs(trigger, ["with"])
        slot = _amount_slot(trigger)
        gov = slot.head
        if slot.dep_ == "pobj" and gov.head != gov and gov.head.pos_ == "VERB" \
                and gov.head.lemma_.lower() in lex.light_verbs:
            slot, gov = gov, gov.head  # "agreed to a pause", "committed to a truce"
        if gov != trigger and gov.pos_ == "VERB" and slot.dep_ == "dobj" and (
                is_trigger is None or not is_trigger(gov)):
            targets += _pobjs(gov, ["against", "on"])
        carried = gov != trigger and gov.pos_ == "VERB" and gov.lemma_.lower() in lex.light_verbs
        if carried and etype in TO_IS_RECIPIENT and slot.dep_ == "dobj":
            targets += _pobjs(gov, ["to"])  # "send aid to Pakistan"
        if not doers and carried and slot.dep_ == "dobj":
            doers = _subject_heads(gov)  # "the army launched an assault"
        if not doers and carried and trigger.dep_ in ("dobj", "nsubjpass"):
            # "a deal had been struck in secret between the US and ISIS"
            doers = [o for t in gov.subtree if t.dep_ == "prep" and t.lower_ in ("between",
                                                                                 "among")
                     and clause_of(t) == gov for o in t.children if o.dep_ == "pobj"]
        rel = [c for c in trigger.children if c.dep_ == "relcl"
               and c.lemma_.lower() in lex.light_verbs]
        if not doers and rel:
            doers = [c for c in rel[0].children if c.dep_ == "nsubj"]  # "the raid they made"
    actors = _unique(_as_state(a) for d in doers for a in _actors_of(d, index, lex))
    if not actors:
        adjs = [c for c in [*trigger.children, *doers] if c.dep_ == "amod"
                and c.ent_type_ == "NORP"]
        actors = [a for c in adjs[:1] if (a := _adjective_actor(c, etype)) is not None]
    names = {a.name for a in actors}
    recipients = _unique(a for t in targets for a in _actors_of(t, index, lex)
                         if a.name not in names)
    return actors, recipients


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    out: dict[str, Actor] = {}
    for a in actors:
        out.setdefault(a.name, a)
    return list(out.values())


def context_tokens(trigger: Token, lex: EventLexicon, is_trigger: Any) -> list[Token]:
    """The tokens that belong to this predicate's own event: its arguments and adjuncts
    (not its subject, not clauses inside it), and for a noun the locative adjuncts of a verb
    that only carries it ("planned the assault on X in 2014", "the meeting will happen in
    January")."""
    out: list[Token] = []
    if trigger.pos_ == "VERB":
        for c in trigger.children:
            if c.dep_ not in CLAUSAL and c.dep_ not in SUBJECT_DEPS and not party_phrase(c):
                out += list(c.subtree)
        return out
    for c in trigger.children:
        if c.dep_ == "relcl" and c.lemma_.lower() not in lex.light_verbs or party_phrase(c):
            continue
        out += list(c.subtree)
    gov = trigger.head
    carrier = gov.lemma_.lower() in lex.light_verbs | lex.occurrence_verbs
    if gov != trigger and gov.pos_ in ("VERB", "AUX") and not is_trigger(gov) and (
            trigger.dep_ in ("dobj", "attr")
            or trigger.dep_ in ("nsubj", "nsubjpass") and carrier):
        for c in gov.children:
            if c.dep_ in ("prep", "npadvmod") and (c.dep_ != "prep" or c.lower_ in LOCATIVE):
                out += list(c.subtree)
            elif c.dep_ == "dobj" and c.lower_ == "place":  # "take place in X"
                out.append(c)
    return out


def party_phrase(tok: Token) -> bool:
    # "a deal brokered by the UAE": a passive's agent names a party, not a place
    return bool(tok.dep_ in ("prep", "agent") and tok.lower_ in PARTY_PREPS
                and not border_with(tok))


def border_with(prep: Token) -> bool:
    """'the border with Tigray' names a place, not a party."""
    return bool(prep.lower_ == "with" and prep.head.lemma_.lower() in ("border", "frontier"))


def clause_of(tok: Token) -> Token:
    while tok.pos_ not in ("VERB", "AUX") and tok.head != tok:
        tok = tok.head
    return tok


def clause_tokens(trigger: Token) -> list[Token]:
    """The tokens whose nearest clause head is the trigger's own ("attached to the clause")."""
    head = clause_of(trigger)
    return [t for t in head.subtree if clause_of(t) == head]


def clause_adjuncts(trigger: Token, is_trigger: Any = None) -> list[Token]:
    """The clause's own adjuncts ("on Monday", "in 2014", "last week"), not the phrases of its
    arguments, nor an adjunct that holds an event of its own ("reminded them of the siege in
    2014" dates the siege, not the reminding)."""
    head = clause_of(trigger)
    out: list[Token] = []
    for c in head.children:
        if c.dep_ == "advcl":  # "froze ... last year after a bill passed": parsed into the
            mark = next((m for m in c.children if m.dep_ == "mark"), None)  # time clause
            if mark is not None:
                out += [t for n in c.children if n.dep_ == "npadvmod" and n.i < mark.i
                        for t in n.subtree]
            continue
        if c.dep_ not in ("prep", "npadvmod", "advmod", "tmod"):
            continue
        phrase = list(c.subtree)
        if is_trigger is not None and not any(t.i == trigger.i for t in phrase) and any(
                is_trigger(t) for t in phrase):
            continue
        out += phrase
    return out
