"""Score `find_times` on the TempEval-3 platinum test set (and MEANTIME, when present).

Run: python -m newsledger.evaluation.te3 [--misses]

A gold TIMEX3 counts as found when a predicted expression overlaps its span, and as right
when that prediction also has the gold value.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.nlp import load_nlp
from newsledger.timex import find_times

__all__ = ["GoldTimex", "find_shared_dir", "load_meantime", "load_tml", "score_docs",
           "score_meantime", "score_te3"]


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    value: str
    type: str


def find_shared_dir(start: Path | None = None) -> Path | None:
    """`<repo>/../shared`, found by walking up from this file (or `start`); None if absent."""
    here = (start or Path(__file__)).resolve()
    for parent in [here, *here.parents]:
        if (parent / "pyproject.toml").exists():
            shared = parent.parent / "shared"
            return shared if shared.is_dir() else None
    return None


_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def load_tml(path: Path) -> tuple[str, date, list[GoldTimex]]:
    """Plain text of the TEXT element, the DCT and the gold TIMEX3s (offsets into the text)."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<TIMEX3([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>", raw)
    if dct_m is None:
        raise ValueError(f"{path}: no DCT")
    dct = date.fromisoformat(dict(_ATTR.findall(dct_m.group(1)))["value"][:10])
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_m.group(1) if body_m else raw
    parts: list[str] = []
    pos = 0
    length = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1) == "":
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            s, attrs = open_timex
            text = "".join(parts)[s:length]
            gold.append(GoldTimex(s, length, text, attrs.get("value", ""), attrs.get("type", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    return "".join(parts), dct, gold


def load_meantime(path: Path) -> tuple[str, date, list[GoldTimex]] | None:
    """Text rebuilt from MEANTIME CAT tokens (space-joined), DCT and gold TIMEX3s; None when
    the file has no usable DCT."""
    raw = path.read_text(encoding="utf-8")
    tokens = re.findall(r'<token [^>]*sentence="(\d+)"[^>]*t_id="(\d+)"[^>]*>([^<]*)</token>',
                        raw)
    # Only the opening sentences carry annotations; score on those alone.
    sent_of = {tid: int(sent) for sent, tid, _ in tokens}
    anchored = [sent_of[t] for t in re.findall(r'<token_anchor t_id="(\d+)"', raw) if t in sent_of]
    last_annotated = max(anchored, default=-1)
    tokens = [t for t in tokens if int(t[0]) <= last_annotated]
    text_parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    last_sent = None
    for sent, tid, word in tokens:
        word = html.unescape(word)
        sep = "" if not text_parts else ("\n" if sent != last_sent else " ")
        pos += len(sep)
        text_parts.append(sep + word)
        offsets[tid] = (pos, pos + len(word))
        pos += len(word)
        last_sent = sent
    text = "".join(text_parts)
    dct: date | None = None
    gold: list[GoldTimex] = []
    for m in re.finditer(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", raw, re.S):
        attrs = dict(_ATTR.findall(m.group(1)))
        tids = re.findall(r'<token_anchor t_id="(\d+)"', m.group(2))
        if attrs.get("functionInDocument") == "CREATION_TIME":
            if re.fullmatch(r"\d{4}-\d\d-\d\d.*", attrs["value"]):
                dct = date.fromisoformat(attrs["value"][:10])
            if tids and tids[0] in offsets:
                # The dateline is the DCT, not a scored mention: blank it, keeping offsets.
                s, e = offsets[tids[0]][0], offsets[tids[-1]][1]
                text = text[:s] + " " * (e - s) + text[e:]
            continue
        if not tids:
            continue
        s, e = offsets[tids[0]][0], offsets[tids[-1]][1]
        gold.append(GoldTimex(s, e, text[s:e], attrs.get("value", ""), attrs.get("type", "")))
    if dct is None:  # some files lack the DCT tag: their dateline is the first full date
        first = next((g for g in gold if re.fullmatch(r"\d{4}-\d\d-\d\d", g.value)), None)
        if first is None:
            return None
        dct = date.fromisoformat(first.value)
    return text, dct, gold


def score_docs(docs: list[tuple[str, str, date, list[GoldTimex]]]) -> dict[str, Any]:
    nlp: Any = load_nlp()
    n_gold = n_found = n_right = n_pred = n_pred_ok = 0
    misses: list[dict[str, str]] = []
    false_alarms: list[dict[str, str]] = []
    for name, text, dct, gold in docs:
        pred = find_times(nlp(text), dct)
        n_gold += len(gold)
        n_pred += len(pred)
        for p in pred:
            if any(p.start < g.end and g.start < p.end for g in gold):
                n_pred_ok += 1
            else:
                false_alarms.append({"doc": name, "text": p.text, "got": p.value,
                                     "context": text[max(0, p.start - 50):p.end + 30]})
        for g in gold:
            over = [p for p in pred if p.start < g.end and g.start < p.end]
            n_found += bool(over)
            if any(p.value == g.value for p in over):
                n_right += 1
            else:
                got = "; ".join(f"{p.text!r}={p.value}" for p in over) or "-"
                ctx = text[max(0, g.start - 60):g.end + 40].replace("\n", " ")
                misses.append({"doc": name, "text": g.text, "gold": g.value, "got": got,
                               "context": ctx})
    return {
        "documents": len(docs),
        "gold": n_gold,
        "predicted": n_pred,
        "value_accuracy": n_right / n_gold if n_gold else 0.0,
        "span_recall": n_found / n_gold if n_gold else 0.0,
        "span_precision": n_pred_ok / n_pred if n_pred else 0.0,
        "misses": misses,
        "false_alarms": false_alarms,
    }


def score_te3(shared_dir: Path | str) -> dict[str, Any]:
    """Figures for data/te3_platinum/*.tml under `shared_dir`."""
    files = sorted((Path(shared_dir) / "data" / "te3_platinum").glob("*.tml"))
    return score_docs([(f.name, *load_tml(f)) for f in files])


def score_meantime(shared_dir: Path | str) -> dict[str, Any]:
    """Figures for data/meantime_en/*/*.xml under `shared_dir`."""
    files = sorted((Path(shared_dir) / "data" / "meantime_en").glob("*/*.xml"))
    loaded = [(f.name, load_meantime(f)) for f in files]
    return score_docs([(name, *doc) for name, doc in loaded if doc is not None])


def _report(title: str, res: dict[str, Any], show_misses: bool) -> None:
    print(f"{title}: {res['documents']} docs, {res['gold']} gold, {res['predicted']} predicted")
    print(f"  value accuracy {res['value_accuracy']:.3f}  span recall {res['span_recall']:.3f}"
          f"  span precision {res['span_precision']:.3f}")
    if show_misses:
        for f in res["false_alarms"]:
            print(f"  EXTRA {f['doc'][:22]:22} {f['text']!r:28} got={f['got']:14} "
                  f"| {f['context']!r}")
        for m in res["misses"]:
            print(f"  MISS {m['doc'][:22]:22} {m['text']!r:28} gold={m['gold']:14} "
                  f"got={m['got']}  | {m['context']}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    shared = find_shared_dir()
    if shared is None:
        print("no ../shared directory found", file=sys.stderr)
        return 1
    _report("TempEval-3 platinum", score_te3(shared), "--misses" in args)
    if "--meantime" in args:
        _report("MEANTIME en", score_meantime(shared), "--misses" in args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
