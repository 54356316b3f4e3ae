"""The rules extractor: statements (claims, forecasts, past-forecast references) from a parse."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from newsledger.annotate import doc_text
from newsledger.attribution import speaker_of
from newsledger.attributions import build_attributions
from newsledger.clauses import FrameUse, Unit, sentence_analysis
from newsledger.lexicon import Lexicon, load_lexicon
from newsledger.modality import modality
from newsledger.orientation import FUTURE_MODALS
from newsledger.proposition import write_question
from newsledger.quotes import LabelledSpeech, open_quote_at, speaker_labels
from newsledger.record import (
    Attribution,
    ResolveBy,
    Source,
    Statement,
    TimeExpression,
    statement_id,
)
from newsledger.timex import deadline_from

__all__ = ["extract"]

Token = Any
Doc = Any
PAST_TAGS = {"VBD", "VBN"}


def _text_of(tokens: list[Token]) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    # Trim what cannot start or end a statement: punctuation, "and", "then", "that".
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ in ("cc", "mark")
                    or toks[0].lower_ in ("then", "and", "but", "so")):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    if not toks:
        return 0, 0
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _tokens_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    start, end = _text_of(tokens)
    return doc_text(tokens[0].doc)[start:end]


def _is_question(sent: Any) -> bool:
    return bool(sent.text.strip().endswith("?"))


def _past_reference(unit: Unit, lex: Lexicon) -> bool:
    """An author's reference to their own earlier forecast ("as I predicted", "I expressed my
    doubts that … would"). Plain "as I said" needs a future-in-the-past to count."""
    # Each word once: a frame's words are often inside the unit already ("I also said").
    words = {t.i: t for t in unit.tokens + unit.context}
    words.update((t.i, t) for f in unit.frames for t in f.tokens)
    text = " ".join(t.lower_ for _, t in sorted(words.items()))
    # "my prediction" names no time; it is a past one only in a past clause ("my prediction
    # came true"), not in "every August I make my predictions" or "nobody will remember it".
    past_clause = any(t.tag_ in ("VBD", "VBN") for t in words.values())
    for pattern in lex.past_markers:
        m = pattern.search(text)
        if not m:
            continue
        if not past_clause:
            continue
        if set(m.group(0).split()) & lex.words("past_forecast_strong"):
            return True
        if re.search(r"\b(would|was going to|were going to|'d)\b", text):
            return True
    return False


def _rhetorical(text: str, lex: Lexicon) -> bool:
    low = text.lower()
    return any(p.search(low) for p in lex.rhetorical)


def _past_frame(unit: Unit) -> bool:
    return any(f.kind in ("source", "unnamed", "certainty") and f.head.tag_ in PAST_TAGS
               for f in unit.frames)


def _predictive(unit: Unit, lex: Lexicon) -> bool:
    verbs = lex.words("predictive_verbs")
    # "the line they have been promised for years": a promise in the perfect is an old one;
    # whether it comes true is left to the clause's own tense.
    return any(f.head.lemma_.lower() in verbs and not any(
        c.dep_ == "aux" and c.lower_ in ("have", "has", "had") for c in f.head.children)
        for f in unit.frames) or (
        unit.head.dep_ == "xcomp" and unit.head.head.lemma_.lower() in verbs)


def _reported(unit: Unit, lex: Lexicon) -> bool:
    """Whether the clause is someone's reported words or thoughts ("she said the line would
    open in May"), where "would" is a backshifted "will"."""
    # Asked per clause: look the lemma up in the lexicon's cached sets, not in a new union.
    speech = (lex.words("reporting_verbs"), lex.words("communication_verbs"),
              lex.words("predictive_verbs"))
    return any(f.kind in ("source", "unnamed", "certainty") and f.head.pos_ == "VERB"
               and any(f.head.lemma_.lower() in words for words in speech)
               for f in unit.frames)


def _times_in(times: list[TimeExpression], start: int, end: int) -> list[TimeExpression]:
    return [t for t in times if t.start >= start and t.end <= end]


def _stance(unit: Unit, text: str) -> str:
    for f in reversed(unit.frames):
        if f.kind in ("source", "unnamed"):
            low = text.lower()
            if re.search(r"\b(contrary to (my|our) expectations?|allegedly|so-called|falsely)\b",
                         low):
                return "doubts"
            return f.stance
    return "endorses"


@dataclass(kw_only=True)
class _Previous:
    """The last forecast in the sentence: co-ordinated forecasts share its deadline, and its
    subject stands in for a pronoun ("the meeting will happen in January, and it will …")."""

    unit: Unit
    resolve_by: ResolveBy | None
    reason: str | None

    def shares_frame(self, unit: Unit) -> bool:
        return bool(unit.sibling > 0 and unit.frames and self.unit.frames
                    and unit.frames[-1] is self.unit.frames[-1])

    def subject(self) -> str | None:
        subj = next((c for c in self.unit.head.children if c.dep_ in ("nsubj", "nsubjpass")),
                    None)
        if subj is None or subj.pos_ == "PRON":
            return None
        return " ".join(t.text for t in subj.subtree)


def extract(doc: Doc, *, doc_id: str, times: list[TimeExpression], dct: dt.date | None,
            lex: Lexicon | None = None) -> tuple[list[Statement], list[Attribution]]:
    """Statements and attributions of a parsed document."""
    lex = lex or load_lexicon()
    out: list[Statement] = []
    uses: list[FrameUse] = []
    text = doc_text(doc)
    labels = speaker_labels(text)
    voice: Statement | None = None  # the last quoted speaker, for quotes that run on
    for sent in doc.sents:
        if voice is not None and "\n\n" in text[voice.end: sent.start_char]:
            voice = None  # a quotation does not run on into the next paragraph
        if sum(1 for t in sent if t.is_alpha) < 4:
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue
        units, sent_uses = sentence_analysis(sent, lex)
        uses.extend(sent_uses)
        if _is_question(sent) and not any(u.frame.kind in ("source", "unnamed")
                                          for u in sent_uses):
            continue  # an open question puts nothing on record, unless someone asks it
        previous: _Previous | None = None
        for unit in units + _future_relatives(units):
            stmt = _statement(unit, doc, doc_id, times, dct, lex, previous)
            if stmt is None:
                continue
            if stmt.kind == "forecast" and previous is not None and out \
                    and _continues(out[-1], previous, unit, stmt):
                _merge(out[-1], stmt, doc_id, text)
                continue
            if stmt.kind == "forecast":
                previous = _Previous(unit=unit, resolve_by=stmt.resolve_by, reason=stmt.reason)
            if stmt.source is None:
                _borrow_voice(stmt, labels, voice if open_quote_at(text, sent.start_char)
                              else None)
            elif stmt.source.type != "unnamed":
                voice = stmt
            out.append(stmt)
    out = _drop_headline_repeats(out, doc, text)
    return out, build_attributions(uses, out, doc_id, lex, labels=labels, text=text)


def _continues(last: Statement, previous: _Previous, unit: Unit, stmt: Statement) -> bool:
    """A forecast co-ordinated with the one before it, by the same voice ("they will finish
    third, but they will not win it"; "until the summer, and even then the cut will be
    small"), is one forecast: the two halves are settled together."""
    head = unit.head
    # Only a second main clause about the same thing ("…, and they will …"): not a second
    # reported clause ("and that …") nor a clause about someone else.
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    then = any(c.lower_ == "then" and c.dep_ == "advmod" for c in head.children)
    return bool(last.kind == "forecast" and head.dep_ == "conj"
                and head.head.i in {previous.unit.head.i} | {f.head.i for f in
                                                             previous.unit.frames}
                and last.speaker == stmt.speaker
                and subject is not None and (subject.pos_ == "PRON" or then)
                and not any(c.dep_ == "mark" for c in head.children)
                and not unit.conditions and stmt.start >= last.end)


def _merge(last: Statement, stmt: Statement, doc_id: str, text: str) -> None:
    last.end = stmt.end
    last.text = text[last.start:last.end]
    last.id = statement_id(doc_id, last.kind, last.start, last.end, last.text)
    last.times = last.times + [t for t in stmt.times if t not in last.times]
    if last.resolve_by is None or (stmt.resolve_by is not None and _end(stmt.resolve_by.value)
                                   > _end(last.resolve_by.value)):
        last.resolve_by, last.reason = stmt.resolve_by, stmt.reason
    if last.proposition and stmt.proposition:
        second = stmt.proposition[0].lower() + stmt.proposition[1:]
        last.proposition = f"{last.proposition.rstrip('?')}, and {second}"


def _end(value: str) -> str:
    # ISO prefixes compare as strings once padded to their period's last day.
    return value + "-12-31"[len(value) - 4:] if len(value) < 10 else value


CONTENT_POS = {"NOUN", "PROPN", "VERB", "NUM", "ADJ"}


def _headline_end(text: str) -> int:
    """End of a headline: a first paragraph of one short line without a closing full stop."""
    first = text.lstrip()
    offset = len(text) - len(first)
    cut = first.find("\n\n")
    line = first[:cut].strip() if cut > 0 else ""
    if not line or "\n" in line or len(line.split()) > 25 or line[-1] in ".!?\"”":
        return 0
    return offset + cut


def _stems(doc: Doc, start: int, end: int, pos: set[str] = CONTENT_POS) -> set[str]:
    # Five-letter stems, so that "Velmoran" meets "Velmora" and "rates" meets "rate".
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = span if span is not None else doc  # only the span's tokens: not the whole doc
    return {t.lemma_.lower()[:5] for t in tokens if start <= t.idx < end
            and t.pos_ in pos and not t.is_stop and t.is_alpha}


def _drop_headline_repeats(stmts: list[Statement], doc: Doc, text: str) -> list[Statement]:
    """A headline restates the story: a forecast in it that a body forecast repeats (two
    content words, or one noun, in common) is counted once, where the body states it in
    full ("Bank to hold rates" is the lede's "the bank will keep rates at 4.25% on Thursday")."""
    end = _headline_end(text)
    if not end or not any(s.kind == "forecast" and s.end <= end for s in stmts):
        return stmts
    body = [_stems(doc, s.start, s.end) for s in stmts
            if s.kind == "forecast" and s.start >= end]
    keep = []
    for s in stmts:
        if s.kind == "forecast" and s.end <= end:
            mine = _stems(doc, s.start, s.end)
            nouns = _stems(doc, s.start, s.end, {"NOUN", "PROPN"})
            if any(len(mine & other) >= 2 or nouns & other for other in body):
                continue
        keep.append(s)
    return keep


TEMPORAL_CONDITIONS = {"once", "until", "till"}


def _mark(tok: Token) -> str:
    return next((str(c.lower_) for c in tok.children if c.dep_ == "mark"), "")


def _condition_text(unit: Unit) -> str | None:
    """The condition a forecast depends on: if/unless clauses (not a concessive "even if"),
    "once"/"until"/"as long as" clauses, and "on current trends"."""
    parts = []
    for c in unit.conditions:
        if any(a.lower_ == "even" for a in c.children if a.dep_ == "advmod"):
            continue  # "even if autumn rainfall was normal" concedes; it does not condition
        parts.append(_tokens_text(list(c.subtree)))
    # An if-clause on the to-clause ("promised to pay compensation if catches fall") or on a
    # speech verb it precedes ("If the action continues, they said, unemployment will rise").
    below = [x for x in unit.head.subtree if x.dep_ == "xcomp" and x.i > unit.head.i]
    for x in below + [f.head for f in unit.frames]:
        for c in x.children:
            framed = x.i != unit.head.i and x.dep_ != "xcomp"
            if c.dep_ == "advcl" and _mark(c) in ("if", "unless") and not (
                    framed and c.i > x.i) and not any(
                    a.lower_ == "even" for a in c.children if a.dep_ == "advmod"):
                text = _tokens_text(list(c.subtree))
                if text and text not in parts:
                    parts.append(text)
    for c in unit.head.children:
        if c.lower_ == "long" and c.dep_ == "advmod":  # "as long as the plant opened"
            parts += [" ".join(t.text for t in a.subtree if t.dep_ != "mark" or t.head.i != a.i)
                      for a in c.children if a.dep_ == "advcl" and _mark(a) == "as"]
        marks = [m.lower_ for m in c.children if m.dep_ in ("mark", "advmod")]
        if c.dep_ == "advcl" and c.i > unit.head.i and (
                set(marks) & TEMPORAL_CONDITIONS or marks[:2] == ["as", "as"] or
                any(m.lower_ == "long" for m in c.children) and "as" in marks):
            parts.append(" ".join(t.text for t in c.subtree).strip())
        elif c.dep_ == "prep" and c.lower_ == "on" and any(
                p.lower_ in ("trends", "trend") for p in c.subtree):
            parts.append(" ".join(t.text for t in c.subtree))
    return " ".join(p for p in parts if p) or None


def _future_relatives(units: list[Unit]) -> list[Unit]:
    """A relative clause in the future tense inside another statement is a forecast of its
    own ("The barrier, which will cost an estimated 410 million crowns, was approved in
    2022"); "homes that builders will never build" describes, it does not forecast."""
    out = []
    for unit in units:
        ids = {t.i for t in unit.tokens}
        for tok in unit.tokens:
            if tok.dep_ == "relcl" and tok.i != unit.head.i and any(
                    c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in tok.children) \
                    and not any(c.lower_ in ("never", "always") for c in tok.children):
                toks = [t for t in tok.subtree if t.i in ids]
                out.append(Unit(head=tok, tokens=toks, frames=unit.frames, conditions=[],
                                context=[], sibling=1))
    return out


def _borrow_voice(stmt: Statement, labels: list[LabelledSpeech], voice: Statement | None
                  ) -> None:
    """A sentence in a labelled turn ("PENCE: …") or inside a quotation that runs on from an
    attributed one is the speaker's, not the author's."""
    label = next((lb for lb in labels if lb.start <= stmt.start and stmt.end <= lb.end), None)
    if label is not None:
        stmt.speaker = label.label
        stmt.source = Source(text=label.label, type="person")
        stmt.cue, stmt.author_stance = ":", "reports"
    elif voice is not None:
        stmt.speaker, stmt.source, stmt.cue = voice.speaker, voice.source, voice.cue
        stmt.author_stance = voice.author_stance


def _statement(unit: Unit, doc: Doc, doc_id: str, times: list[TimeExpression],
               dct: dt.date | None, lex: Lexicon,
               previous: _Previous | None) -> Statement | None:
    start, end = _text_of(unit.tokens)
    text = doc_text(doc)[start:end]
    if len(re.findall(r"\w+", text)) < 3:
        return None
    speaker, source, src_frame = speaker_of(unit.frames, lex)
    own_times = _times_in(times, start, end)
    cond_text = _condition_text(unit)
    # The source's own words ("quite possibly the most experienced reporter") hedge nothing.
    src_ids = {t.i for f in unit.frames for t in f.source}
    own_words = "".join(t.text_with_ws for t in unit.tokens if t.i not in src_ids)
    cue_texts = [f.cue or "" for f in unit.frames] + [own_words]
    verb_classes = [f.verb_class for f in unit.frames if f.verb_class and f.kind != "certainty"]
    mod = modality(head=unit.head, cue_texts=cue_texts, verb_classes=verb_classes,
                   times=own_times, dct=dct, conditional=bool(unit.conditions),
                   predictive=_predictive(unit, lex), past_frame=_past_frame(unit), lex=lex,
                   reported=_reported(unit, lex))
    cue = next((f.cue for f in reversed(unit.frames) if f.cue), None) or mod.certainty.phrase
    if _past_reference(unit, lex):
        kind = "past_forecast_reference"
    elif mod.time_orientation == "future" and not _rhetorical(text, lex):
        kind = "forecast"
    else:
        kind = "claim"
    stmt = Statement(
        id=statement_id(doc_id, kind, start, end, text),
        kind=kind,  # type: ignore[arg-type]
        text=text,
        start=start,
        end=end,
        speaker=speaker,
        source=source,
        cue=cue,
        author_stance=_stance(unit, text) if src_frame is not None else "endorses",
        certainty=mod.certainty,
        polarity=mod.polarity,
        time_orientation=mod.time_orientation,
        times=own_times,
        sentence=str(unit.head.sent.text).strip(),
    )
    if kind == "forecast":
        # "now" in "all the indications now are" dates the judgement, not the outcome.
        horizon = [t for t in own_times if not t.value.endswith("_REF") or t.value == "FUTURE_REF"]
        resolve_by, reason = deadline_from(horizon, dct, text)
        shared = previous is not None and previous.shares_frame(unit)
        then = any(t.lower_ == "then" and t.dep_ == "advmod" for t in unit.tokens)
        if resolve_by is None and not horizon and (shared or then) and previous is not None:
            # Co-ordinated forecasts ("that A in January, and that B") share their time frame,
            # and "then" points back to the one before ("until the summer, and even then …").
            resolve_by, reason = previous.resolve_by, previous.reason
        if resolve_by is None and not horizon and unit.conditions and cond_text:
            # "If coverage is back above 90% by the summer, the outbreak will burn out": the
            # outcome is due when its condition is.
            spans = [_text_of(list(c.subtree)) for c in unit.conditions]
            cond_times = [t for t in times if any(a <= t.start and t.end <= b for a, b in spans)]
            if cond_times:
                resolve_by, reason = deadline_from(cond_times, dct, cond_text)
        stmt.resolve_by, stmt.reason = resolve_by, reason
        stmt.condition = cond_text
        stmt.probability = round((mod.certainty.low + mod.certainty.high) / 2, 3)
        antecedent = previous.subject() if shared and previous is not None else None
        stmt.proposition = write_question(unit, resolve_by, cond_text, antecedent=antecedent)
    return stmt
