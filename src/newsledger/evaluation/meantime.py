"""Score `modality` on the event mentions of MEANTIME English (certainty, polarity, FUTURE).

Run: python -m newsledger.evaluation.meantime [SHARED_DIR] [--errors FILE]

Each article's text is rebuilt from the CAT tokens (one line per sentence), parsed with our
pipeline, and every EVENT_MENTION with gold certainty / polarity / time is read off the
token that heads it: `event_modality` is the adapter from our clause-level `modality` to the
event-level labels, walking up the parse to the clause that governs the event.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.lexicon import Lexicon, load_lexicon
from newsledger.modality import modality
from newsledger.record import TimeExpression

__all__ = ["EventLabels", "GoldEvent", "event_modality", "load_cat", "score_labels",
           "score_meantime"]

Token = Any
MEANTIME = Path("data") / "meantime_en"
CERTAINTY = ("CERTAIN", "PROBABLE", "POSSIBLE")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "%", ")", "]", "'s", "n't", "'", "'re",
                   "'ve", "'ll", "'d", "'m", "’s"}
NO_SPACE_AFTER = {"(", "[", "$", "#"}


@dataclass(kw_only=True)
class GoldEvent:
    start: int
    end: int
    text: str
    certainty: str
    polarity: str
    time: str
    pos: str


@dataclass(kw_only=True)
class EventLabels:
    certainty: str  # CERTAIN | PROBABLE | POSSIBLE
    polarity: str  # POS | NEG
    future: bool


def load_cat(path: Path) -> tuple[str, dt.date | None, list[GoldEvent]]:
    """Text rebuilt from CAT tokens (a line per sentence), the DCT and the gold events."""
    raw = path.read_text(encoding="utf-8")
    tokens = re.findall(r'<token [^>]*sentence="(\d+)"[^>]*t_id="(\d+)"[^>]*>([^<]*)</token>',
                        raw)
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    last_sent: str | None = None
    prev = ""
    for sent, tid, word in tokens:
        word = html.unescape(word)
        if not parts:
            sep = ""
        elif sent != last_sent:
            sep = "\n"
        else:
            sep = "" if word in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER else " "
        pos += len(sep)
        parts.append(sep + word)
        offsets[tid] = (pos, pos + len(word))
        pos += len(word)
        last_sent, prev = sent, word
    text = "".join(parts)
    dct: dt.date | None = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        if attrs.get("functionInDocument") == "CREATION_TIME" and re.match(
                r"\d{4}-\d\d-\d\d", attrs.get("value", "")):
            dct = dt.date.fromisoformat(attrs["value"][:10])
    events = []
    for m in re.finditer(r"<EVENT_MENTION([^>]*)>(.*?)</EVENT_MENTION>", raw, re.S):
        attrs = dict(_ATTR.findall(m.group(1)))
        tids = [t for t in re.findall(r't_id="(\d+)"', m.group(2)) if t in offsets]
        if not tids:
            continue
        s, e = offsets[tids[0]][0], offsets[tids[-1]][1]
        events.append(GoldEvent(start=s, end=e, text=text[s:e],
                                certainty=attrs.get("certainty", ""),
                                polarity=attrs.get("polarity", ""), time=attrs.get("time", ""),
                                pos=attrs.get("pos", "")))
    return text, dct, events


# --- the adapter ---------------------------------------------------------------------------

# Predicates whose complement is an unrealised, intended or expected event ("plans to buy").
IRREALIS = {"plan", "intend", "expect", "want", "hope", "aim", "agree", "decide", "promise",
            "seek", "try", "propose", "threaten", "offer", "prepare", "schedule", "wish",
            "need", "attempt", "vow", "pledge", "consider", "ask", "urge", "require", "negotiate",
            "forecast", "predict", "anticipate", "project", "set", "due", "able", "allow",
            "likely", "unlikely", "going", "delay", "postpone", "fear", "deadline", "option",
            "proposal", "intention", "intent", "expectation", "goal", "target", "order", "bid",
            "deal", "agreement", "contract", "commit", "ready", "willing", "eager", "worry"}
# Predicates that deny their complement ("failed to pay", "refused to sign").
NEGATING = {"fail", "refuse", "decline", "deny", "avoid", "prevent", "stop", "reject", "halt",
            "cancel", "abandon", "lack"}
# Predicates whose to-complement is realised or ongoing, not future ("began to fall").
REALIS = NEGATING | {"begin", "start", "continue", "manage", "seem", "appear", "use", "help",
                     "happen", "tend", "cease", "keep", "go", "come", "enough", "first", "last"}
# Predicates that leave their complement probable ("is believed to", "expects that").
HEDGE = {"seem": "PROBABLE", "appear": "PROBABLE", "expect": "PROBABLE", "believe": "PROBABLE",
         "likely": "PROBABLE", "think": "PROBABLE", "suppose": "PROBABLE",
         "estimate": "PROBABLE", "forecast": "PROBABLE", "predict": "PROBABLE",
         "anticipate": "PROBABLE", "envision": "PROBABLE", "project": "PROBABLE",
         "hope": "POSSIBLE", "possible": "POSSIBLE", "potential": "POSSIBLE",
         "possibly": "POSSIBLE", "fear": "POSSIBLE", "consider": "POSSIBLE",
         "allow": "POSSIBLE", "attempt": "POSSIBLE", "try": "POSSIBLE", "seek": "POSSIBLE",
         "negotiate": "POSSIBLE", "prevent": "POSSIBLE", "avoid": "POSSIBLE"}
MODALS = {"will": ("CERTAIN", True), "shall": ("CERTAIN", True), "'ll": ("CERTAIN", True),
          "wo": ("CERTAIN", True), "would": ("CERTAIN", True), "'d": ("CERTAIN", True),
          "should": ("PROBABLE", True), "must": ("PROBABLE", False),
          "may": ("POSSIBLE", True), "might": ("POSSIBLE", True), "could": ("POSSIBLE", True),
          "can": ("CERTAIN", False), "ca": ("CERTAIN", False)}
FUTURE_ADJ = {"future", "upcoming", "planned", "proposed", "coming", "forthcoming",
              "prospective", "impending", "potential", "possible", "expected", "next"}
SUBORDINATE_TIME = {"if", "unless", "when", "before", "until", "after", "once", "so",
                    "whether", "while", "as"}
NOUN_NEG = {"no", "without", "neither", "nor", "never", "non"}
CLS = {"certain": "CERTAIN", "probable": "PROBABLE", "possible": "POSSIBLE",
       "improbable": "PROBABLE", "doubt": "POSSIBLE", "uncommitted": "POSSIBLE"}
RANK = {"CERTAIN": 0, "PROBABLE": 1, "POSSIBLE": 2}
OBJECTS = {"dobj", "pobj", "attr", "oprd", "dative", "prep", "conj", "appos", "compound",
           "npadvmod", "acomp"}


def _hedgier(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def _verbal(tok: Token) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX") or any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children))


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _modal(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass") and (c.tag_ == "MD" or c.lower_ in MODALS):
            return c
    # Co-ordinated verbs share the first one's auxiliaries ("would be cut and [closed]").
    if verb.dep_ == "conj" and not any(c.dep_ in ("aux", "nsubj", "nsubjpass")
                                       for c in verb.children):
        return _modal(verb.head)
    return None


@dataclass
class _State:
    certainty: str = "CERTAIN"
    negated: bool = False
    future: bool = False


def _clause(verb: Token, lex: Lexicon, dct: dt.date | None, times: list[TimeExpression],
            depth: int = 0) -> _State:
    """Labels of a verbal event, composing what governs it."""
    st = _State()
    own = [t for t in times if verb.idx - 40 <= t.start < verb.idx + 60]
    # The clause's own hedges and negation: its dependents, not the verb word itself.
    deps = " ".join(t.text for c in verb.children if c.dep_ in ("advmod", "neg", "acomp", "aux")
                    for t in (c.subtree if c.dep_ in ("acomp", "advmod") else [c]))
    mod = modality(head=verb, cue_texts=[deps], verb_classes=[], times=own, dct=dct,
                   conditional=False, predictive=False, past_frame=False, lex=lex)
    st.certainty = CLS.get(mod.cls, "CERTAIN")
    st.negated = mod.polarity == "negated"
    st.future = mod.time_orientation == "future"
    modal = _modal(verb)
    if modal is not None and modal.lower_ in MODALS:
        cls, fut = MODALS[modal.lower_]
        # The lexicon's reading of the modal is replaced by the event-level one.
        st.certainty = cls if not deps.strip() or st.certainty == "POSSIBLE" and \
            modal.lower_ in ("can", "ca") else _hedgier(cls, st.certainty)
        if modal.lower_ in ("can", "ca") and st.certainty == "POSSIBLE" and \
                not (set(deps.lower().split()) - {"can", "ca", "not", "n't"}):
            st.certainty = "CERTAIN"
        st.future = st.future or fut
    gov = verb.head
    if depth > 6 or gov is verb:
        return st
    lemma = gov.lemma_.lower()
    if verb.dep_ in ("xcomp", "acl", "advcl", "relcl", "ccomp", "conj") and _infinitive(verb) \
            and lemma not in REALIS:
        st.future = True
    if verb.dep_ == "acl" and _infinitive(verb) and not _verbal(gov):
        # "a contract to purchase", "efforts to cut": an aim, not yet an event.
        st.certainty = _hedgier(st.certainty, "POSSIBLE")
    if verb.dep_ == "xcomp" or (verb.dep_ == "conj" and gov.dep_ == "xcomp"):
        up = _clause(gov, lex, dct, times, depth + 1) if _verbal(gov) else _State()
        st.certainty = _hedgier(st.certainty, _hedgier(up.certainty, HEDGE.get(lemma,
                                                                               "CERTAIN")))
        st.future = st.future or up.future or lemma in IRREALIS and gov.tag_ != "VBN"
        if lemma in NEGATING:
            st.negated = not st.negated
        if up.negated and lemma in IRREALIS | NEGATING:
            st.negated = not st.negated
    elif verb.dep_ == "ccomp":
        st.certainty = _hedgier(st.certainty, HEDGE.get(lemma, "CERTAIN"))
    elif verb.dep_ == "advcl" and _mark(verb) in SUBORDINATE_TIME and _verbal(gov):
        st.future = st.future or _clause(gov, lex, dct, times, depth + 1).future
    elif verb.dep_ == "conj" and _verbal(gov) and not _has_subject(verb):
        up = _clause(gov, lex, dct, times, depth + 1)
        st.future = st.future or up.future
    return st


def _mark(tok: Token) -> str:
    return next((str(c.lower_) for c in tok.children if c.dep_ == "mark"), "")


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def event_modality(token: Token, lex: Lexicon, *, dct: dt.date | None = None,
                   times: list[TimeExpression] | None = None) -> EventLabels:
    """Certainty, polarity and FUTURE of the event that `token` names."""
    times = times or []
    if _verbal(token):
        st = _clause(token, lex, dct, times)
    else:
        st = _State()
        cur = token
        gov = token.head
        # Climb through the noun phrase to the predicate that takes it as an argument.
        while gov is not cur and not _verbal(gov) and cur.dep_ in OBJECTS:
            if gov.lemma_.lower() in IRREALIS and cur.dep_ in ("pobj", "prep", "compound"):
                st.future = True
            cur, gov = gov, gov.head
        if gov is not cur and _verbal(gov) and cur.dep_ in OBJECTS:
            up = _clause(gov, lex, dct, times)
            st.certainty, st.future = up.certainty, st.future or up.future
            if gov.lemma_.lower() in IRREALIS and cur.dep_ in ("dobj", "prep", "pobj"):
                st.future = True
            if cur.dep_ == "dobj":
                st.certainty = _hedgier(st.certainty, HEDGE.get(gov.lemma_.lower(), "CERTAIN"))
            if cur.dep_ in ("attr", "acomp"):
                st.negated = up.negated
        elif gov is not cur and _verbal(gov) and cur.dep_ in ("nsubj", "nsubjpass") \
                and _modal(gov) is None:
            # "the recovery is likely to be slow": a hedged predicate hedges its subject.
            st.certainty = _clause(gov, lex, dct, times).certainty
            for x in gov.children:
                if x.dep_ == "xcomp":
                    st.certainty = _hedgier(st.certainty, HEDGE.get(gov.lemma_.lower(),
                                                                    "CERTAIN"))
        mods = {c.lower_ for c in token.children if c.dep_ in ("det", "neg", "advmod")}
        if mods & NOUN_NEG or (token.dep_ == "pobj" and token.head.lower_ == "without"):
            st.negated = True
        amods = {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
        if amods & FUTURE_ADJ:
            st.future = True
        for a in amods:
            st.certainty = _hedgier(st.certainty, HEDGE.get(a, "CERTAIN"))
    return EventLabels(certainty=st.certainty, polarity="NEG" if st.negated else "POS",
                       future=st.future)


# --- scoring -------------------------------------------------------------------------------


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_labels(pairs: Iterable[tuple[GoldEvent, EventLabels]]) -> dict[str, Any]:
    """Accuracy, macro-F1 and confusion (gold → predicted) for each attribute."""
    cert: Counter[tuple[str, str]] = Counter()
    pol: Counter[tuple[str, str]] = Counter()
    fut: Counter[tuple[bool, bool]] = Counter()
    for g, p in pairs:
        if g.certainty in CERTAINTY:
            cert[g.certainty, p.certainty] += 1
        if g.polarity in ("POS", "NEG"):
            pol[g.polarity, p.polarity] += 1
        if g.time in ("FUTURE", "NON_FUTURE"):
            fut[g.time == "FUTURE", p.future] += 1
    n_cert = sum(cert.values())
    macro = sum(_f1(cert[c, c], sum(cert[o, c] for o in CERTAINTY if o != c),
                    sum(cert[c, o] for o in CERTAINTY if o != c))[2] for c in CERTAINTY) / 3
    n_pol = sum(pol.values())
    fp, fr, ff = _f1(fut[True, True], fut[False, True], fut[True, False])
    return {
        "events": n_cert,
        "certainty_accuracy": round(sum(cert[c, c] for c in CERTAINTY) / n_cert, 4)
        if n_cert else 0.0,
        "certainty_macro_f1": round(macro, 4),
        "polarity_accuracy": round((pol["POS", "POS"] + pol["NEG", "NEG"]) / n_pol, 4)
        if n_pol else 0.0,
        "negation_f1": round(_f1(pol["NEG", "NEG"], pol["POS", "NEG"], pol["NEG", "POS"])[2], 4),
        "future_precision": round(fp, 4),
        "future_recall": round(fr, 4),
        "future_f1": round(ff, 4),
        "confusion": {
            "certainty": {g: {p: cert[g, p] for p in CERTAINTY} for g in CERTAINTY},
            "polarity": {g: {p: pol[g, p] for p in ("POS", "NEG")} for g in ("POS", "NEG")},
            "future": {str(g): {str(p): fut[g, p] for p in (True, False)}
                       for g in (True, False)},
        },
    }


def _event_token(doc: Any, ev: GoldEvent) -> Token | None:
    span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def score_meantime(shared_dir: Path | str, *, limit: int | None = None,
                   errors: list[str] | None = None) -> dict[str, Any]:
    from newsledger.annotate import annotated_nlp
    from newsledger.timex import find_times

    nlp = annotated_nlp()
    lex = load_lexicon()
    files = sorted((Path(shared_dir) / MEANTIME).glob("*/*.xml"))
    if limit is not None:
        files = files[:: max(1, len(files) // limit)][:limit]
    t0 = time.perf_counter()
    pairs: list[tuple[GoldEvent, EventLabels]] = []
    for f in files:
        text, dct, events = load_cat(f)
        doc = nlp(text)
        times = find_times(doc, dct)
        for ev in events:
            tok = _event_token(doc, ev)
            if tok is None:
                continue
            pred = event_modality(tok, lex, dct=dct, times=times)
            pairs.append((ev, pred))
            if errors is not None:
                _note(errors, f.stem, tok, ev, pred)
    out = score_labels(pairs)
    out["documents"] = len(files)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def _note(errors: list[str], name: str, tok: Token, ev: GoldEvent, pred: EventLabels) -> None:
    wrong = []
    if ev.certainty in CERTAINTY and ev.certainty != pred.certainty:
        wrong.append(f"certainty {ev.certainty}→{pred.certainty}")
    if ev.polarity in ("POS", "NEG") and ev.polarity != pred.polarity:
        wrong.append(f"polarity {ev.polarity}→{pred.polarity}")
    if ev.time in ("FUTURE", "NON_FUTURE") and (ev.time == "FUTURE") != pred.future:
        wrong.append(f"time {ev.time}→{'FUTURE' if pred.future else 'NON_FUTURE'}")
    if wrong:
        sent = tok.sent.text.replace("\n", " ")
        errors.append(f"{name[:30]:30} [{ev.text}] {ev.pos:5} {'; '.join(wrong)} | {sent}")


def main(argv: list[str] | None = None) -> int:
    from newsledger.evaluation.te3 import find_shared_dir

    parser = argparse.ArgumentParser(description="MEANTIME certainty/polarity/FUTURE figures")
    parser.add_argument("shared_dir", nargs="?", type=Path, default=None)
    parser.add_argument("--errors", type=Path, help="write the wrong events to this file")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    shared = args.shared_dir or find_shared_dir()
    if shared is None:
        print("no ../shared directory found")
        return 1
    errors: list[str] | None = [] if args.errors else None
    print(json.dumps(score_meantime(shared, limit=args.limit, errors=errors), indent=2))
    if errors is not None and args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
