"""Score attribution (source, cue, content) on the PolNeAR development split.

Run: python -m newsledger.evaluation.polnear [SHARED_DIR] [--errors DIR] [--limit N]

A predicted attribution is one of our statements that names a source. It matches a gold
attribution when the statement covers at least half of the gold Content's words (or the gold
Content covers half of the statement's) and its source shares at least half of the gold
Source's words; matching is one-to-one, greedy on overlap. Precision, recall and F1 are over
gold attributions that name a source. The brat reader and the matcher here are shared with
the project's own development set (`devset.py`).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BratDoc",
    "GoldAttribution",
    "PredAttribution",
    "analyze_plain",
    "covers_half",
    "gold_attributions",
    "greedy_match",
    "predicted_attributions",
    "predicted_from",
    "prf",
    "read_brat",
    "score_attributions",
    "score_polnear",
    "words",
]

WORD = re.compile(r"[\w’']+", re.U)
POLNEAR = Path("data") / "polnear_dev"


def words(text: str | None) -> set[str]:
    """Lower-cased word set, curly apostrophes folded (the shared scorer's convention)."""
    return {w.lower().replace("’", "'") for w in WORD.findall(text or "")}


def covers_half(a: str | None, b: str | None, *, either: bool = True) -> float:
    """The larger share of `b`'s words found in `a` (and, when `either`, of `a`'s in `b`);
    0.0 when that share is under one half."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    common = len(wa & wb)
    share = common / len(wb)
    if either:
        share = max(share, common / len(wa))
    return share if share >= 0.5 else 0.0


# --- brat standoff -------------------------------------------------------------------------


@dataclass(kw_only=True)
class Span:
    id: str
    label: str
    start: int
    end: int
    text: str


@dataclass(kw_only=True)
class BratDoc:
    spans: dict[str, Span] = field(default_factory=dict)
    # (trigger label, trigger span id, [(role, span id)])
    events: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)  # span id → name → value


def read_brat(path: Path) -> BratDoc:
    """Text-bound spans (discontinuous ones from first to last offset), events and attributes."""
    doc = BratDoc()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not parts or not parts[0]:
            continue
        kind = parts[0][0]
        if kind == "T" and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            nums = [int(n) for n in re.findall(r"\d+", offsets)]
            if not nums:
                continue
            text = parts[2] if len(parts) > 2 else ""
            doc.spans[parts[0]] = Span(id=parts[0], label=label, start=min(nums),
                                       end=max(nums), text=text)
        elif kind == "E" and len(parts) >= 2:
            args = [a.split(":", 1) for a in parts[1].split() if ":" in a]
            if not args:
                continue
            roles = [(re.sub(r"\d+$", "", r), t) for r, t in args[1:]]
            doc.events.append((args[0][0], args[0][1], roles))
        elif kind in "AM" and len(parts) >= 2:
            fields = parts[1].split()
            if len(fields) >= 2:
                value = " ".join(fields[2:]) if len(fields) > 2 else "true"
                doc.attributes.setdefault(fields[1], {})[fields[0]] = value
    return doc


@dataclass(kw_only=True)
class GoldAttribution:
    source: str | None
    cue: str
    content: str
    start: int  # extent of the whole attribution (source, cue, content)
    end: int


@dataclass(kw_only=True)
class PredAttribution:
    content: str
    start: int
    end: int
    source: str
    cue: str


def gold_attributions(doc: BratDoc, text: str | None = None) -> list[GoldAttribution]:
    """One entry per Attribution / Attribution-no-source event; multi-span roles are joined
    (the cue is the event's trigger span when no Cue role is given).
    With `text`, span texts are read from it (covering discontinuous spans whole)."""
    out = []
    for trigger, trigger_id, roles in doc.events:
        if not trigger.startswith("Attribution"):
            continue
        parts: dict[str, list[Span]] = {}
        for role, tid in roles:
            if tid in doc.spans:
                parts.setdefault(role, []).append(doc.spans[tid])
        if "Cue" not in parts and trigger_id in doc.spans:  # the trigger is the cue itself
            parts["Cue"] = [doc.spans[trigger_id]]
        if "Content" not in parts:
            continue

        def joined(role: str, parts: dict[str, list[Span]] = parts) -> str:
            spans = sorted(parts.get(role, []), key=lambda s: s.start)
            return " ".join(text[s.start:s.end] if text else s.text for s in spans)

        every = [s for v in parts.values() for s in v]
        out.append(GoldAttribution(
            source=joined("Source") if "Source" in parts else None, cue=joined("Cue"),
            content=joined("Content"), start=min(s.start for s in every),
            end=max(s.end for s in every)))
    return out


def predicted_from(result: dict[str, Any]) -> list[PredAttribution]:
    """The attributions of an `analyze --json` record that name a source; records without
    an `attributions` list (older output) fall back to the statements."""
    if "attributions" not in result:
        return predicted_attributions(result["statements"])
    out = []
    for a in result["attributions"]:
        if not a.get("source"):
            continue
        c, cue = a["content"], a.get("cue") or {}
        out.append(PredAttribution(content=c["text"], start=c["start"], end=c["end"],
                                   source=a["source"]["text"], cue=cue.get("text", "")))
    return out


def predicted_attributions(statements: Iterable[dict[str, Any]]) -> list[PredAttribution]:
    """Statements that name a source. An unnamed frame ("it is believed") names none: its
    source record only repeats the cue."""
    out = []
    for s in statements:
        src = s.get("source")
        if not src:
            continue
        if src.get("type") == "unnamed" and s.get("speaker") == "unnamed source" and (
                src.get("text") in (s.get("cue"), "unnamed")):
            continue
        out.append(PredAttribution(content=s["text"], start=s["start"], end=s["end"],
                                   source=src.get("text") or "", cue=s.get("cue") or ""))
    return out


# --- matching ------------------------------------------------------------------------------


def greedy_match(n_pred: int, n_gold: int,
                 score: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold) with a positive score, best first."""
    cands = []
    for i in range(n_pred):
        for j in range(n_gold):
            sc = score(i, j)
            if sc > 0:
                cands.append((sc, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _overlaps(p: PredAttribution, g: GoldAttribution) -> bool:
    return p.start < g.end and g.start < p.end


MATCHERS: dict[str, Callable[[PredAttribution, GoldAttribution], float]] = {
    # The shared convention: content and source.
    "full": lambda p, g: (c + s) if (c := covers_half(p.content, g.content)) and (
        s := covers_half(p.source, g.source, either=False)) else 0.0,
    "content_only": lambda p, g: covers_half(p.content, g.content),
    # The cue alone, where the two attributions overlap in the text.
    "cue_only": lambda p, g: covers_half(p.cue, g.cue, either=False)
    if _overlaps(p, g) else 0.0,
}


def score_attributions(pred: list[PredAttribution], gold: list[GoldAttribution],
                       matcher: str = "full") -> tuple[int, list[tuple[int, int]]]:
    """Matched pairs of one document under a matcher; gold without a source is left out."""
    named = [j for j, g in enumerate(gold) if g.source]
    fn = MATCHERS[matcher]
    pairs = greedy_match(len(pred), len(named), lambda i, j: fn(pred[i], gold[named[j]]))
    return len(pairs), [(i, named[j]) for i, j in pairs]


# --- the corpus ----------------------------------------------------------------------------


def analyze_plain(analyzer: Any, text: str, published: str | None,
                  source: str = "<eval>") -> dict[str, Any]:
    """Analyse a text as it is (no cleaning), so that offsets stay those of the file."""
    from newsledger.record import Document, Published

    pub = Published(value=published, precision="day", method="given") if published \
        else Published()
    result: dict[str, Any] = analyzer.analyze_document(
        Document(source=source, text=text, published=pub)).to_dict()
    return result


def _polnear_files(root: Path) -> list[tuple[str, Path, Path, str | None]]:
    meta: dict[str, dict[str, str]] = {}
    if (root / "metadata.tsv").exists():
        with open(root / "metadata.tsv", encoding="utf-8") as fh:
            meta = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    out = []
    for txt in sorted((root / "text").glob("*.txt")):
        name = txt.stem
        anns = sorted((root / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        first = meta.get(name, {}).get("annotators", "").split("|")[0]
        ann = next((a for a in anns if a.stem.endswith("_" + first)), anns[0]) if first \
            else anns[0]
        out.append((name, txt, ann, meta.get(name, {}).get("publication_date") or None))
    return out


def evaluate_docs(docs: Iterable[tuple[str, str, list[GoldAttribution], list[PredAttribution]]],
                  errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Figures summed over documents for every matcher; misses and extras into `errors`."""
    counts = {m: [0, 0, 0] for m in MATCHERS}  # matched, predicted, gold with a source
    n_docs = n_nosrc = 0
    for name, text, gold, pred in docs:
        n_docs += 1
        n_nosrc += sum(1 for g in gold if not g.source)
        n_named = sum(1 for g in gold if g.source)
        for m in MATCHERS:
            tp, pairs = score_attributions(pred, gold, m)
            counts[m][0] += tp
            counts[m][1] += len(pred)
            counts[m][2] += n_named
            if m == "full" and errors is not None:
                errors[name] = _dump(text, gold, pred, pairs)
    out: dict[str, Any] = {"documents": n_docs, "gold": counts["full"][2],
                           "gold_no_source": n_nosrc, "predicted": counts["full"][1]}
    for m, (tp, n_pred, n_gold) in counts.items():
        fig = prf(tp, n_pred, tp, n_gold)
        prefix = "" if m == "full" else m + "_"
        out.update({prefix + k: round(v, 4) for k, v in fig.items()})
    return out


def _dump(text: str, gold: list[GoldAttribution], pred: list[PredAttribution],
          pairs: list[tuple[int, int]]) -> list[str]:
    lines = []
    mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, g in enumerate(gold):
        if not g.source or j in mg:
            continue
        best = max(pred, key=lambda p: covers_half(p.content, g.content), default=None)
        why = "no statement covers the content"
        if best is not None and covers_half(best.content, g.content):
            why = f"source {best.source!r} cue {best.cue!r}"
        lines.append(f"MISS  src={g.source!r} cue={g.cue!r} | {g.content[:140]!r}\n"
                     f"      ours: {why}")
    for i, p in enumerate(pred):
        if i not in mp:
            lines.append(f"EXTRA src={p.source!r} cue={p.cue!r} | {p.content[:140]!r}")
    return lines


def score_polnear(shared_dir: Path | str, *, analyzer: Any = None, limit: int | None = None,
                  errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """PolNeAR dev figures: precision/recall/F1 (full, content_only, cue_only)."""
    from newsledger.analyze import Analyzer

    analyzer = analyzer or Analyzer()
    files = _polnear_files(Path(shared_dir) / POLNEAR)
    if limit is not None:
        files = files[:: max(1, len(files) // limit)][:limit]
    t0 = time.perf_counter()

    def docs() -> Iterable[tuple[str, str, list[GoldAttribution], list[PredAttribution]]]:
        for name, txt, ann, published in files:
            text = txt.read_text(encoding="utf-8")
            gold = gold_attributions(read_brat(ann), text)
            result = analyze_plain(analyzer, text, published, source=name)
            yield name, text, gold, predicted_from(result)

    out = evaluate_docs(docs(), errors)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    from newsledger.evaluation.te3 import find_shared_dir

    parser = argparse.ArgumentParser(description="PolNeAR attribution figures")
    parser.add_argument("shared_dir", nargs="?", type=Path, default=None)
    parser.add_argument("--errors", type=Path, help="write one error file per document here")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    shared = args.shared_dir or find_shared_dir()
    if shared is None:
        print("no ../shared directory found")
        return 1
    errors: dict[str, list[str]] | None = {} if args.errors else None
    res = score_polnear(shared, limit=args.limit, errors=errors)
    print(json.dumps(res, indent=2))
    if errors is not None and args.errors:
        args.errors.mkdir(parents=True, exist_ok=True)
        for name, lines in errors.items():
            (args.errors / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
