"""A forecast's proposition written as a question someone can later answer yes or no."""

from __future__ import annotations

from typing import Any

from newsledger.annotate import entities
from newsledger.clauses import Unit
from newsledger.record import ResolveBy

__all__ = ["question_for_span", "write_question"]

Token = Any
DROP_AUX = {"will", "shall", "'ll", "’ll", "wo", "can", "could", "may", "might", "would", "should",
            "must"}
FRAME_WORDS = {"set", "poised", "expected", "due", "likely", "going", "about", "scheduled",
               "projected", "tipped", "bound", "forecast", "unlikely"}
LEADING = {"that", "whether", "if", "then", "and", "but", "so", "now", "also", "still"}
LIKELY = {"likely", "unlikely", "probable", "possible", "certain", "inevitable"}
HEDGE_ADVERBS = {"certainly", "probably", "possibly", "perhaps", "likely", "surely", "maybe",
                 "definitely", "undoubtedly", "yet", "now", "apparently", "clearly"}


def _governing_subject(head: Token) -> list[Token]:
    """ "expects inflation to fall": the subject of the to-clause is the governing verb's object;
    "favoured X and was unlikely to signal": a conjunct shares its first verb's subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        return []
    if head.dep_ == "conj" and head.tag_ not in ("VB", "VBG", "VBN"):
        first = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if first is not None:
            return sorted(first.subtree, key=lambda t: t.i)
    while head.dep_ == "conj":  # "expects X to fall …, and to return …"
        head = head.head
    if head.dep_ != "xcomp":
        return []
    for dep in ("dobj", "nsubjpass", "nsubj"):
        for c in head.head.children:
            if c.dep_ == dep:
                return sorted(c.subtree, key=lambda t: t.i)
    return []


def _drop(unit: Unit) -> set[int]:
    head = unit.head
    skip: set[int] = set()
    for c in unit.conditions:
        skip |= {t.i for t in c.subtree}
    skip |= _source_words(head, unit)
    for f in unit.frames:
        if f.head.i != head.i:
            skip |= {t.i for t in f.tokens}
    for c in head.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in DROP_AUX:
            skip.add(c.i)
        if c.dep_ == "aux" and c.lower_ == "to":
            skip.add(c.i)
    # "X is set to / is expected to / is going to Y": ask about Y.
    if head.lower_ in FRAME_WORDS:
        for c in head.children:
            if c.dep_ == "xcomp":
                skip |= {a.i for a in head.children if a.dep_ in ("aux", "auxpass")}
                skip |= {a.i for a in c.children if a.dep_ == "aux" and a.lower_ == "to"}
                skip.add(head.i)
    # "X is likely / due / unlikely to Y": the same, with the frame word as a complement.
    if head.lemma_ == "be":
        for comp in head.children:
            xcomp = next((x for x in comp.children if x.dep_ == "xcomp"), None)
            if comp.dep_ == "acomp" and comp.lower_ in FRAME_WORDS and xcomp is not None:
                skip |= {head.i, comp.i}
                skip |= {a.i for a in xcomp.children if a.dep_ == "aux" and a.lower_ == "to"}
    # Hedges are the forecast's probability, not part of what is forecast.
    for c in head.children:
        if c.dep_ == "advmod" and c.lower_ in HEDGE_ADVERBS:
            skip |= {t.i for t in c.subtree}
    return skip


SUBJECT_FORM = {"them": "they", "him": "he", "her": "she", "us": "we", "me": "I"}
EXPECTING = {"expect", "predict", "forecast", "project", "anticipate", "foresee", "promise",
             "pledge"}
TIMETABLE = {"expect", "schedule", "plan", "set", "slate", "due", "timetable", "postpone",
             "delay", "push", "move", "reschedule", "defer"}
CHANCE_NOUNS = {"chance", "probability", "likelihood", "risk", "odds"}


def _phrase(tokens: list[Token]) -> str:
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    out = "".join(t.text_with_ws for t in toks).strip().strip('"“”')
    first = out.split(" ", 1)[0]
    if first.lower() in SUBJECT_FORM:
        out = SUBJECT_FORM[first.lower()] + out[len(first):]
    elif toks and toks[0].pos_ != "PROPN" and first != "I":
        out = out[:1].lower() + out[1:]
    return out


def _after(head: Token, unit: Unit, skip: frozenset[int] | set[int] = frozenset()
           ) -> list[Token]:
    ids = {t.i for t in unit.tokens}
    framed = _source_words(head, unit)
    return [t for t in head.subtree
            if t.i > head.i and t.i in ids and t.i not in skip and t.i not in framed]


def _source_words(head: Token, unit: Unit) -> set[int]:
    """Words that say who says it ("according to X", a frame's tokens that hang under the
    head): they are not what is forecast."""
    out = {t.i for f in unit.frames for t in f.tokens if head.i not in {x.i for x in f.tokens}}
    for c in head.subtree:
        if c.dep_ == "prep" and c.lower_ == "according":
            out |= {t.i for t in c.subtree}
    return out


def _subject(head: Token) -> Token | None:
    return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _special(unit: Unit) -> str | None:
    """Forecasts whose clause is not itself the event: an expected noun ("expects a decision
    in June"), a timetable ("a vote is scheduled for May 3"), a stated chance ("gives the club
    a 34 per cent chance of being relegated"), an elided verb ("it probably will")."""
    head = unit.head
    subj = _subject(head)
    if head.tag_ == "MD" and subj is not None:
        return f"Will {_phrase(list(subj.subtree))} happen"
    lemma = head.lemma_.lower()
    for c in head.children:
        if c.dep_ == "dobj" and c.lower_ in CHANCE_NOUNS or c.dep_ == "dobj" and any(
                x.lower_ in CHANCE_NOUNS for x in c.subtree if x.dep_ == "dobj"):
            chance = next(x for x in c.subtree if x.lower_ in CHANCE_NOUNS)
            of = next((x for x in chance.children if x.dep_ == "prep" and x.lower_ == "of"),
                      None)
            event = [t for x in (of.children if of is not None else []) for t in x.subtree]
            that = next((x for x in chance.children if x.dep_ in ("acl", "ccomp", "relcl")
                         and any(m.lower_ == "that" and m.dep_ == "mark" for m in x.children)),
                        None)
            if that is not None:  # "a 70 per cent probability that temperatures will …"
                clause = [t for t in that.subtree if not (t.dep_ == "mark" and t.head.i == that.i)
                          and not (t.head.i == that.i and t.dep_ == "aux" and t.tag_ == "MD")]
                return f"Will {_phrase(clause)}"
            who = next((x for x in head.children if x.dep_ == "dative"), None)
            if event and who is not None:
                return f"Will {_phrase(list(who.subtree))} end up {_phrase(event)}"
            if event:
                return f"Will it come to {_phrase(event)}"
    perfect = any(c.lower_ in ("has", "have") and c.dep_ == "aux" for c in head.children)
    priced = next((c for c in head.children if lemma == "price" and c.lower_ == "in"
                   and c.dep_ in ("prt", "prep") and c.i == head.i + 1), None)
    if priced is not None:  # "markets are pricing in two cuts this year"
        return f"Will there be {_phrase(_after(head, unit, {priced.i}))}"
    if lemma in EXPECTING and (head.tag_ != "VBN" or perfect):
        xcomp = next((c for c in head.children if c.dep_ == "xcomp"), None)
        if xcomp is not None:
            to = {a.i for a in xcomp.children if a.dep_ == "aux" and a.lower_ == "to"}
            body = _phrase(_after(head, unit, to))
            return f"Will {body}" if body else None
        obj = next((c for c in head.children if c.dep_ == "dobj"
                    and c.pos_ in ("NOUN", "PROPN", "NUM")), None)
        if obj is not None:
            return f"Will there be {_phrase(_after(head, unit))}"
    passive = any(c.dep_ == "auxpass" for c in head.children)
    due = next((c for c in head.children if c.dep_ == "acomp" and c.lower_ == "due"
                and not any(x.dep_ == "xcomp" for x in c.children)), None)
    timetable = passive and lemma in TIMETABLE and not any(c.dep_ == "xcomp"
                                                           for c in head.children)
    if subj is not None and (timetable or head.lemma_ == "be" and due) and _has_time(unit):
        word = due.text if due is not None else head.text
        rest = [t for t in _after(head, unit) if due is None or t.i != due.i]
        return f"Will {_phrase(list(subj.subtree))} go ahead as {word} {_phrase(rest)}".rstrip()
    return None


def write_question(unit: Unit, resolve_by: ResolveBy | None, condition: str | None, *,
                   antecedent: str | None = None) -> str:
    """`antecedent` replaces a pronoun subject ("it") with the noun phrase it stands for."""
    head = unit.head
    special = _special(unit)
    if special:
        return _finish(special, unit, resolve_by, condition)
    skip = _drop(unit)
    likely = next((c for c in head.children if c.dep_ == "acomp" and c.lower_ in LIKELY
                   and not any(x.dep_ == "xcomp" for x in c.children)), None)
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if head.lemma_ == "be" and likely is not None and subj is not None and subj.pos_ != "PRON":
        # "A cut in February is likely" asks whether there will be a cut in February.
        phrase = "".join(t.text_with_ws for t in subj.subtree).strip()
        return _finish(f"Will there be {phrase[0].lower() + phrase[1:]}", unit, resolve_by,
                       condition)
    subject = _governing_subject(head)
    subject_ids = {t.i for t in subject}
    # Only the clause itself: the frame's words and its adverbials are not forecast.
    clause = {t.i for t in head.subtree}
    words = list(subject) + [
        t for t in unit.tokens if t.i not in skip and t.i not in subject_ids and t.i in clause]
    words = [t for t in words if "\n" not in t.text]
    while words and (words[0].is_punct or words[0].is_space or words[0].lower_ in LEADING):
        words.pop(0)
    # A dateline ("LONDON, Dec 3 (Wire) - ") ends at its dash and has no verb of its own.
    dash = [i for i, t in enumerate(words) if t.text in ("-", "–", "—") and t.i < head.i]
    if dash and not any(t.pos_ in ("VERB", "AUX") for t in words[:dash[0]]) and any(
            t.text == "(" for t in words[:dash[0]]):
        words = words[dash[0] + 1:]
    # An aside before the subject ("contrary to my expectations – it will …") is not asked about.
    subj = next((t for t in words if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == head.i), None)
    low_lead = -1  # a moved leading adverbial starts in lower case
    if subj is not None:
        first = min(t.i for t in subj.subtree)
        cut = [i for i, t in enumerate(words) if t.i < first and t.is_punct]
        if cut:
            words = words[cut[-1] + 1:]
        # A leading time or place ("On May 31 they will …") is asked about at the end.
        lead = [t for t in words if t.i < first]
        if lead and not any(t.dep_ == "mark" for t in lead):
            words = [t for t in words if t.i >= first]
            while words and (words[-1].is_punct or words[-1].is_space):
                words.pop()
            words += lead
            low_lead = lead[0].i
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].dep_ == "cc"):
        words.pop()
    has_aux = any(c.dep_ in ("aux", "auxpass") for c in head.children)
    parts = []
    for i, t in enumerate(words):
        text = t.text
        # A present-tense verb with no auxiliary takes its base form after "Will".
        if t.i == head.i and not has_aux and t.tag_ in ("VBZ", "VBP"):
            text = t.lemma_
        if antecedent and t.pos_ == "PRON" and t.head.i == head.i and \
                t.dep_ in ("nsubj", "nsubjpass"):
            text = antecedent
        elif head.dep_ == "relcl" and t.tag_ in ("WDT", "WP") and t.head.i == head.i:
            # "The barrier, which will cost …": ask about the barrier
            noun, inner = head.head, {x.i for x in head.subtree}
            text = _phrase([x for x in noun.subtree if x.i not in inner and not (
                x.i > noun.i and x.is_punct)] or [noun])
        elif t.i == low_lead and t.pos_ != "PROPN":
            text = t.lower_
        elif i == 0 and t.lower_ in SUBJECT_FORM:
            text = SUBJECT_FORM[t.lower_]  # "expects them to insist": "Will they insist"
        sep = t.whitespace_ if i < len(words) - 1 and words[i + 1].i == t.i + 1 else " "
        parts.append(text + sep)
    body = "".join(parts).strip()
    if body and words and words[0].pos_ != "PROPN" and not body.startswith("I "):
        body = body[0].lower() + body[1:]
    return _finish(f"Will {body}", unit, resolve_by, condition)


def _finish(question: str, unit: Unit, resolve_by: ResolveBy | None,
            condition: str | None) -> str:
    if resolve_by is not None and not _has_time(unit):
        question += f" by {resolve_by.value}"
    if condition:
        cond = condition.strip().rstrip(",").strip()
        first, _, rest = cond.partition(" ")
        if first.lower() in ("if", "unless", "provided", "once", "until", "till", "as", "on") \
                and rest:
            question += f" ({first.lower()} {rest})"
        elif cond:
            question += f" (if {cond})"
    return question + "?"


def _has_time(unit: Unit) -> bool:
    ids = {t.i for t in unit.tokens}
    return any(e.label_ in ("DATE", "TIME") and e.start in ids for e in entities(unit.head.doc))


def question_for_span(doc: Any, start: int, end: int, resolve_by: ResolveBy | None,
                      condition: str | None) -> str | None:
    """The question for a forecast known only by its character span (the LLM backend's):
    the span's clause head is the verb whose own head lies outside it."""
    tokens = [t for t in doc or () if start <= t.idx and t.idx + len(t.text) <= end]
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    tops = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    head = next((t for t in tops if t.pos_ in ("VERB", "AUX")), tops[0] if tops else None)
    if head is None:
        return None
    unit = Unit(head=head, tokens=tokens, frames=[], conditions=[], context=[])
    return write_question(unit, resolve_by, condition)
