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
from newsledger.modality import predicate_modality
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
            sep = "\n\n"  # a blank line: the pipeline ends a sentence only there
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

LABEL = {"certain": "CERTAIN", "probable": "PROBABLE", "possible": "POSSIBLE"}


def event_modality(token: Token, lex: Lexicon, *, dct: dt.date | None = None,
                   times: list[TimeExpression] | None = None) -> EventLabels:
    """Certainty, polarity and FUTURE of the event that `token` names: the shared
    `predicate_modality`, in MEANTIME's label names."""
    mod = predicate_modality(token, lex, dct, times)
    return EventLabels(certainty=LABEL.get(mod.cls, "CERTAIN"),
                       polarity="NEG" if mod.polarity == "negated" else "POS",
                       future=mod.time_orientation == "future")


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
