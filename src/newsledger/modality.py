"""How sure, which way, and when: certainty, polarity and time orientation of a clause.

One function, `modality`, serves both the ledger's statements and the MEANTIME evaluation.
Certainty composes the cues around a clause by taking the most hedged one: "reports suggest
that X will happen" is no surer than "suggest"; a negation right before a cue flips its range
("not likely" = 1 - "likely").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from newsledger.lexicon import CertaintyCue, Lexicon
from newsledger.record import Certainty, TimeExpression

__all__ = ["Modality", "modality", "time_value_after"]

Token = Any
NEGATORS = {"not", "n't", "never", "no"}
FUTURE_MODALS = {"will", "shall", "'ll", "wo", "ll"}
WEAK_MODALS = {"may", "might", "could", "can", "would", "should", "must"}
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
        before = low[: m.start()].split()[-1:]
        if before and before[0] in NEGATORS and not cue.phrase.startswith(("it is", "cannot")):
            cue = _flip(cue, f"{before[0]} {cue.phrase}")
        out.append(cue)
    return out


def _modal_of(head: Token) -> Token | None:
    for c in head.children:
        if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD":
            return c
    return None


def _is_negated(head: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in ("never",) and c.dep_ == "advmod")
               for c in head.children)


def time_value_after(value: str, dct: dt.date | None) -> bool:
    """Whether a TIMEX3 value lies after the document date (a future time)."""
    if value == "FUTURE_REF":
        return True
    if dct is None or not re.match(r"^\d{4}", value):
        return False
    iso = dct.isoformat()
    return value[: len(iso)] > iso[: len(value)] if len(value) >= 4 else False


def time_value_before(value: str, dct: dt.date | None) -> bool:
    """Whether a dated TIMEX3 value lies wholly before the document date."""
    if dct is None or not re.match(r"^\d{4}", value):
        return False
    iso = dct.isoformat()
    return value < iso[: len(value)] if len(value) >= 4 else False


def _orientation(head: Token, modal: Token | None, times: list[TimeExpression],
                 dct: dt.date | None, conditional: bool, predictive: bool,
                 past_frame: bool, reported: bool, lex: Lexicon) -> str:
    orientation = _raw_orientation(head, modal, times, dct, conditional, predictive,
                                   past_frame, reported, lex)
    dated = [t for t in times if re.match(r"^\d{4}", t.value)]
    if orientation == "future" and dated and all(time_value_before(t.value, dct)
                                                 for t in dated):
        return "past"  # "said the plant would close in March 2025", written in 2026
    return orientation


def _raw_orientation(head: Token, modal: Token | None, times: list[TimeExpression],
                     dct: dt.date | None, conditional: bool, predictive: bool,
                     past_frame: bool, reported: bool, lex: Lexicon) -> str:
    text = " ".join(t.lower_ for t in head.subtree)
    future_time = any(time_value_after(t.value, dct) for t in times)
    if modal is not None:
        word = modal.lower_
        if word in FUTURE_MODALS:
            return "future"
        if word == "would":
            # Reported speech shifts "will" to "would": "she said the line would open in May".
            if reported or (conditional and not past_frame):
                return "future"
            return "past" if past_frame else "present"
        if word in WEAK_MODALS and (conditional or future_time or predictive or reported):
            return "future"
    if predictive or any(f in text for f in lex.raw["predictive_frames"]):
        return "future"
    if reported and re.search(r"\b(was|were) (likely|unlikely|expected|set|due|going|poised|"
                              r"about|scheduled) to\b", text):
        return "future"
    if re.search(r"\b(is|are|am) going to\b", text):
        return "future"
    if head.tag_ in ("VBD",) or any(c.lower_ in ("had", "has", "have") and c.dep_ == "aux"
                                      for c in head.children):
        return "past"
    if future_time and head.tag_ in ("VBZ", "VBP", "VB"):
        return "future"
    return "present"


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
    elif modal is not None and modal.lower_ in ("wo", "'ll", "ll"):
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
    orientation = _orientation(head, modal, times, dct, conditional, predictive, past_frame,
                               reported, lex)
    return Modality(
        certainty=Certainty(phrase=phrase, low=chosen.low, high=chosen.high),
        cls=chosen.cls,
        polarity="negated" if _is_negated(head) else "affirmed",
        time_orientation=orientation,
        conditional=conditional,
    )
