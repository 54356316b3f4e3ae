"""How sure, which way, and when: certainty, polarity and time orientation of a clause.

`modality` reads a whole clause for the ledger's statements; `predicate_modality` reads one
predicate (verb or event noun) in its sentence, as MEANTIME annotates events. Both share the
cue reader, the modal finder (conjuncts share a modal) and the negation test.
Certainty composes the cues around a clause by taking the most hedged one: "reports suggest
that X will happen" is no surer than "suggest"; a negation right before a cue flips its range
("not likely" = 1 - "likely").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsledger.lexicon import CertaintyCue, Lexicon
from newsledger.orientation import orientation, time_value_after
from newsledger.record import Certainty, TimeExpression

__all__ = ["Modality", "PredicateWords", "modality", "predicate_modality", "predicate_words",
           "time_value_after"]

Token = Any
NEGATORS = {"not", "n't", "never", "no"}
ASSERTED = CertaintyCue(phrase="", low=0.9, high=1.0, cls="certain",
                        basis="unhedged assertion (survey phrase 'certainly' lower quartile)")


@dataclass(kw_only=True)
class Modality:
    certainty: Certainty
    cls: str  # certain | probable | possible | improbable | doubt | uncommitted
    polarity: str  # affirmed | negated
    time_orientation: str  # past | present | future
    conditional: bool


def _flip(cue: CertaintyCue, phrase: str) -> CertaintyCue:
    cls = {"probable": "improbable", "certain": "improbable", "improbable": "probable"}.get(
        cue.cls, cue.cls)
    return CertaintyCue(phrase=phrase, low=round(1 - cue.high, 3), high=round(1 - cue.low, 3),
                        cls=cls, basis=f"negated: 1 - ({cue.basis})")


def _phrase_cues(text: str, lex: Lexicon) -> list[CertaintyCue]:
    out = []
    low = text.lower().replace("’", "'")
    for m in lex.cue_pattern.finditer(low):
        cue = lex.cue(m.group(1))
        if cue is None:
            continue
        # A negator right before the cue, or one adverb before it ("not even likely").
        before = low[: m.start()].split()[-2:]
        neg = next((b for b in reversed(before) if b in NEGATORS), None)
        if neg and (before[-1] == neg or before[-1].endswith("ly") or before[-1] in
                    ("even", "very", "so", "that", "too", "quite")) \
                and not cue.phrase.startswith(("it is", "cannot")):
            cue = _flip(cue, f"{' '.join(before[before.index(neg):])} {cue.phrase}")
        out.append(cue)
    return out


def _modal_of(head: Token) -> Token | None:
    for c in head.children:
        if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD":
            return c
    # Co-ordinated non-finite verbs share the first one's modal ("should be cut and 14 plants
    # [closed]"); a finite one ("will go and she left") has its own tense.
    if head.dep_ == "conj" and head.tag_ in ("VB", "VBN", "VBG") and not any(
            c.dep_ in ("aux", "auxpass") for c in head.children):
        return _modal_of(head.head)
    return None


def _is_negated(head: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in ("never",) and c.dep_ == "advmod")
               for c in head.children)


def modality(*, head: Token, cue_texts: list[str], verb_classes: list[str],
             times: list[TimeExpression], dct: dt.date | None, conditional: bool,
             predictive: bool, past_frame: bool, lex: Lexicon,
             reported: bool = False) -> Modality:
    """Certainty, polarity and orientation of the clause headed by `head`.

    `cue_texts` are the frames' words and the clause's own words; `verb_classes` the
    commitment classes of reporting verbs above it (say = certain, suggest = probable).
    """
    cues: list[CertaintyCue] = []
    for text in cue_texts:
        cues.extend(_phrase_cues(text, lex))
    modal = _modal_of(head)
    # "would" outside a condition is a future-in-the-past or a counterfactual, not a hedge.
    if modal is not None and modal.lower_ == "would" and not conditional:
        pass
    elif modal is not None and modal.lower_ in lex.modals:
        cues.append(lex.modals[modal.lower_])
    elif modal is not None and modal.lower_ in ("wo", "'ll", "’ll", "ll"):
        cues.append(lex.modals["will"])
    for cls in verb_classes:
        anchor = {"probable": "likely", "possible": "possibly", "improbable": "unlikely"}.get(cls)
        if anchor:
            low, high, basis = lex.survey[anchor]
            cues.append(CertaintyCue(phrase="", low=low, high=high, cls=cls,
                                     basis=f"reporting verb of class {cls}: {basis}"))
    # An explicit refusal to commit ("cannot be confirmed") overrides every other cue.
    uncommitted = [c for c in cues if c.cls == "uncommitted"]
    if uncommitted:
        chosen = uncommitted[0]
    else:
        chosen = min(cues, key=lambda c: (c.high, c.low)) if cues else ASSERTED
    phrase = chosen.phrase or None
    orientation_ = orientation(head, modal, times, dct, conditional, predictive, past_frame,
                               reported, lex)
    return Modality(
        certainty=Certainty(phrase=phrase, low=chosen.low, high=chosen.high),
        cls=chosen.cls,
        polarity="negated" if _is_negated(head) else "affirmed",
        time_orientation=orientation_,
        conditional=conditional,
    )


# --- predicate level: one event word in its sentence --------------------------------------
# `predicate_modality` reads a single predicate (verb, event noun, adjective) the way MEANTIME
# annotates event mentions: its own modal and hedges, composed with what governs it ("plans to
# buy": future; "failed to pay": negated; "fears of a recession": possible).

RANK = {"certain": 0, "probable": 1, "possible": 2}
ARGUMENTS = {"dobj", "pobj", "attr", "oprd", "dative", "prep", "conj", "appos", "compound",
             "npadvmod", "acomp", "pcomp"}
CLAUSAL = {"relcl", "ccomp", "xcomp", "advcl", "acl", "conj", "parataxis"}
EVENT_CLASS = {"certain": "certain", "probable": "probable", "possible": "possible",
               "improbable": "probable", "doubt": "possible", "uncommitted": "possible"}
CLASS_ANCHOR = {"probable": "likely", "possible": "possibly"}


@dataclass(frozen=True, kw_only=True)
class PredicateWords:
    """The word classes of data/modality.json (see its `_about` entries)."""
    future_complement: frozenset[str]
    negating: frozenset[str]
    hedge: dict[str, str]
    modals: dict[str, tuple[str, bool]]
    future_adjectives: frozenset[str]
    time_conjunctions: frozenset[str]
    noun_negators: frozenset[str]
    adjunct_prepositions: frozenset[str]
    compound_prepositions: frozenset[str]
    plan_object_verbs: frozenset[str]
    plan_object_preps: frozenset[str]
    negating_modifiers: frozenset[str]


@lru_cache(maxsize=1)
def predicate_words() -> PredicateWords:
    text = resources.files("newsledger").joinpath("data", "modality.json").read_text("utf-8")
    raw = json.loads(text)
    sets = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    modals = {k: (str(v[0]), bool(v[1])) for k, v in raw["event_modals"].items()}
    names = set(PredicateWords.__dataclass_fields__) - {"hedge", "modals"}
    return PredicateWords(hedge=dict(raw["hedge"]), modals=modals, **{k: sets[k] for k in names})


@dataclass
class _State:
    cls: str = "certain"
    negated: bool = False
    future: bool = False


def _hedgier(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def _verbal(tok: Token) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX") or any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children))


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _mark(tok: Token) -> str:
    return next((str(c.lower_) for c in tok.children if c.dep_ == "mark"), "")


def _year(tok: Token) -> bool:
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", tok.text))


def _future_word(tok: Token, w: PredicateWords) -> bool:
    return bool(tok.lemma_.lower() in w.future_complement or tok.lower_ in w.future_complement)


def _ranked(noun: Token) -> bool:
    """'the first woman to lead', 'the largest plane to fly': a ranked noun's to-clause
    describes what it did or does, not an aim."""
    return any(c.tag_ == "JJS" or c.ent_type_ == "ORDINAL" or c.lower_ == "only"
               for c in noun.children)


def _clause(verb: Token, lex: Lexicon, w: PredicateWords, dct: dt.date | None,
            times: list[TimeExpression], depth: int = 0) -> _State:
    """Labels of a verbal event, composing what governs it."""
    st = _State(negated=_is_negated(verb))
    modal = _modal_of(verb)
    # The clause's own hedges: its adverbs and complements ("is likely", "possibly").
    deps = " ".join(t.text for c in verb.children if c.dep_ in ("advmod", "neg", "acomp")
                    for t in (c.subtree if c.dep_ != "neg" else [c]))
    cues = _phrase_cues(deps, lex)
    if cues:
        st.cls = EVENT_CLASS.get(min(cues, key=lambda c: (c.high, c.low)).cls, "certain")
    if modal is not None and modal.lower_ in w.modals:
        cls, st.future = w.modals[modal.lower_]
        st.cls = _hedgier(cls, st.cls)
    # Time expressions of this clause, not of clauses inside it ("has an order which it
    # will fly in 2009").
    inner = {t.idx for c in verb.children if c.dep_ in CLAUSAL for t in c.subtree}
    starts = {t.idx for t in verb.subtree} - inner
    own = [t for t in times if t.start in starts]
    if verb.tag_ in ("VBZ", "VBP", "VB") and not _infinitive(verb) and any(
            time_value_after(t.value, dct) for t in own):
        st.future = True  # "the trial opens next week"
    gov = verb.head
    if depth > 6 or gov is verb:
        return st
    lemma = gov.lemma_.lower()
    infinitive = _infinitive(verb)
    # To-clauses of intention words and of nouns ("plans to buy", "a deal to buy") are
    # unrealised; those of other verbs share their governor's time ("fell 3% to close at").
    if infinitive and verb.dep_ in ("xcomp", "acl", "advcl", "relcl", "ccomp", "conj") and (
            _future_word(gov, w) or not _verbal(gov) and not _ranked(gov)):
        st.future = True
    if verb.dep_ == "acl" and infinitive and not _verbal(gov):
        st.cls = _hedgier(st.cls, "possible")  # "efforts to cut": an aim, not yet an event
    if verb.dep_ == "xcomp" or (verb.dep_ == "conj" and gov.dep_ == "xcomp"):
        up = _clause(gov, lex, w, dct, times, depth + 1) if _verbal(gov) else _State()
        st.cls = _hedgier(st.cls, _hedgier(up.cls, w.hedge.get(lemma, "certain")))
        st.future = st.future or up.future
        if lemma in w.negating:
            st.negated = not st.negated
        if up.negated and lemma in w.future_complement | w.negating:
            st.negated = not st.negated  # "did not agree to sell", "did not fail to pay"
    elif verb.dep_ == "ccomp":
        st.cls = _hedgier(st.cls, w.hedge.get(lemma, "certain"))
    elif _verbal(gov) and (verb.dep_ == "advcl" and (infinitive or _mark(verb) in
                                                      w.time_conjunctions)
                           or verb.dep_ == "conj" and not _has_subject(verb)):
        st.future = st.future or _clause(gov, lex, w, dct, times, depth + 1).future
    return st


def _nominal(token: Token, lex: Lexicon, w: PredicateWords, dct: dt.date | None,
             times: list[TimeExpression]) -> _State:
    """Labels of an event noun (or adjective): from the predicate that takes it."""
    st = _State()
    # A possessed or counted noun ("Ford's losses", "10,000 jobs") names what already exists;
    # only the action on it ("cut") is planned.
    existing = any(c.dep_ == "poss" or c.dep_ == "nummod" and not _year(c)
                   for c in token.children)
    cur, gov = token, token.head
    adjunct = False  # once inside an adjunct, the noun is outside the governing event
    while gov is not cur and not _verbal(gov) and cur.dep_ in ARGUMENTS:
        adjunct = adjunct or cur.dep_ == "prep" and (
            cur.lower_ in w.adjunct_prepositions
            or f"{gov.lower_} {cur.lower_}" in w.compound_prepositions)
        if gov.lemma_.lower() in w.future_complement and cur.dep_ in ("pobj", "prep",
                                                                        "compound") \
                and not adjunct:
            st.future = True
        if cur.dep_ in ("prep", "compound") and not adjunct:
            st.cls = _hedgier(st.cls, w.hedge.get(gov.lemma_.lower(), "certain"))
        cur, gov = gov, gov.head
    adjunct = adjunct or cur.dep_ == "prep" and cur.lower_ in w.adjunct_prepositions
    if gov is not cur and _verbal(gov) and cur.dep_ in ARGUMENTS:
        up = _clause(gov, lex, w, dct, times)
        st.cls = _hedgier(st.cls, up.cls)
        glemma = gov.lemma_.lower()
        if not adjunct and not existing:
            st.future = st.future or up.future or (
                glemma in w.future_complement and cur.dep_ in ("dobj", "prep", "pobj"))
        # "announced 10,000 job cuts", "called for a re-run": the object is what is planned.
        if not adjunct and (glemma in w.plan_object_verbs and cur.dep_ == "dobj"
                            or f"{glemma} {cur.lower_}" in w.plan_object_preps):
            st.future = True
        if cur.dep_ == "dobj":
            st.cls = _hedgier(st.cls, w.hedge.get(glemma, "certain"))
        if cur.dep_ in ("attr", "acomp"):
            st.negated = up.negated
    elif gov is not cur and cur.dep_ == "nsubjpass" and _verbal(gov) and not existing \
            and _modal_of(gov) is not None:
        # The patient of a planned action is the planned event ("the sale will be completed").
        st.future = _clause(gov, lex, w, dct, times).future
    elif gov is not cur and _verbal(gov) and cur.dep_ in ("nsubj", "nsubjpass") \
            and _modal_of(gov) is None:
        # "the recovery is likely to be slow": a hedged predicate hedges its subject.
        st.cls = _clause(gov, lex, w, dct, times).cls
        if any(x.dep_ == "xcomp" for x in gov.children):
            st.cls = _hedgier(st.cls, w.hedge.get(gov.lemma_.lower(), "certain"))
    mods = {c.lower_ for c in token.children if c.dep_ in ("det", "neg", "advmod")}
    # "without a ban" denies the ban; "with or without a ban" does not.
    without = token.dep_ == "pobj" and token.head.lower_ == "without" and not (
        token.head.dep_ == "conj" and token.head.head.lower_ == "with")
    if mods & w.noun_negators or without:
        st.negated = True
    amods = {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
    words = {c.lower_.split("-")[-1] for c in token.children if c.dep_ in ("amod", "compound")}
    if words & w.negating_modifiers:
        st.negated = True  # "the now-cancelled deal"
    if amods & w.future_adjectives:
        st.future = True
    for a in amods:
        st.cls = _hedgier(st.cls, w.hedge.get(a, "certain"))
    return st


def predicate_modality(token: Token, lex: Lexicon, dct: dt.date | None = None,
                       times: list[TimeExpression] | None = None) -> Modality:
    """Certainty, polarity and time of the single predicate `token` in its sentence."""
    w = predicate_words()
    # A bare gerund after a preposition ("a means of modernising") is read as a noun.
    gerund = token.dep_ == "pcomp" and not _has_subject(token)
    st = (_clause if _verbal(token) and not gerund else _nominal)(token, lex, w, dct, times or [])
    anchor = CLASS_ANCHOR.get(st.cls)
    low, high = (lex.survey[anchor][:2] if anchor else (ASSERTED.low, ASSERTED.high))
    past = token.tag_ == "VBD" or any(c.lower_ in ("had", "has", "have") and c.dep_ == "aux"
                                      for c in token.children)
    return Modality(certainty=Certainty(phrase=anchor, low=low, high=high), cls=st.cls,
                    polarity="negated" if st.negated else "affirmed",
                    time_orientation="future" if st.future else "past" if past else "present",
                    conditional=False)
