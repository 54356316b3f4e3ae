"""Toponym resolution scored on `devset/places/`: the share of annotated toponyms whose
resolved place lies within 161 km (100 miles, the geoparsing literature's measure) of the
annotation, next to the "most populous match" baseline.

Annotations are brat-like: `T1<TAB>Place start end<TAB>text` and
`#1<TAB>AnnotatorNotes T1<TAB>lat,lon,CC`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.gazetteer import Entry, distance_km, gazetteer

__all__ = ["GoldPlace", "read_annotations", "score_places"]

WITHIN_KM = 161.0
# Rounds written by another engineer than the one who tuned the resolver (see the README).
OTHER_WRITER_ROUNDS = frozenset({"round6", "round7"})


@dataclass(frozen=True)
class GoldPlace:
    text: str
    start: int
    end: int
    lat: float
    lon: float
    country: str


def read_annotations(path: Path) -> list[GoldPlace]:
    spans: dict[str, tuple[str, int, int]] = {}
    notes: dict[str, tuple[float, float, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) == 3:
            _, start, end = parts[1].split()
            spans[parts[0]] = (parts[2], int(start), int(end))
        elif line.startswith("#") and len(parts) == 3:
            lat, lon, cc = parts[2].split(",")
            notes[parts[1].split()[1]] = (float(lat), float(lon), cc)
    return [GoldPlace(text, s, e, *notes[t]) for t, (text, s, e) in spans.items() if t in notes]


def _point(lat: float, lon: float) -> Entry:
    return Entry("P", None, "", lat, lon, "", "", 0)


def _most_populous(text: str) -> Entry | None:
    gaz = gazetteer()
    found = gaz.lookup(text) or gaz.lookup_variants(text)
    return max(found, key=lambda e: e.population) if found else None


def score_places(repo_dir: Path | str, *, analyzer: Any = None) -> dict[str, Any]:
    """{"accuracy_161km", "baseline_accuracy_161km", "recall", "precision" (of the places
    found, the share that are annotated toponyms), "toponyms", "documents", "errors": [...]}
    over devset/places/*.ann, and the same figures for each later round of articles kept in
    its own folder (`devset/places/round4/`, ...) under "rounds", with "all" over every
    article: a round written after the resolver was tuned is scored apart, so the first
    figure stays comparable from one session to the next. Flat figures for the floors:
    "all_accuracy_161km" over the first set and the rounds of the same writer, and
    "roundN_accuracy_161km" for each round of `OTHER_WRITER_ROUNDS`."""
    root = Path(repo_dir) / "devset" / "places"
    files = sorted(root.glob("*.ann"))
    if not files:
        return {"skipped": f"no annotations under {root}"}
    if analyzer is None:
        from newsledger.analyze import Analyzer

        analyzer = Analyzer()
    result = _score_files(files, analyzer)
    rounds = {d.name: _score_files(sorted(d.glob("*.ann")), analyzer)
              for d in sorted(root.iterdir()) if d.is_dir() and any(d.glob("*.ann"))}
    if rounds:
        result["rounds"] = rounds
        result["all"] = _summary(_add([result, *rounds.values()]))
        # Flat, for the floors. The "all" floor was set over the rounds written by the
        # engineer who tuned the resolver; a round written by someone else (harder for it:
        # other styles, other names) has a floor of its own, so that adding it neither hides
        # a regression nor reads as one.
        own = [r for name, r in rounds.items() if name not in OTHER_WRITER_ROUNDS]
        result["all_accuracy_161km"] = _summary(_add([result, *own]))["accuracy_161km"]
        for name in sorted(OTHER_WRITER_ROUNDS & rounds.keys()):
            result[f"{name}_accuracy_161km"] = rounds[name]["accuracy_161km"]
    return result


COUNTS = ("toponyms", "right", "base_right", "found", "predicted", "spurious")


def _add(parts: list[dict[str, Any]]) -> dict[str, Any]:
    total = {k: sum(p[k] for p in parts) for k in COUNTS}
    total["documents"] = sum(p["documents"] for p in parts)
    return total


def _summary(c: dict[str, Any]) -> dict[str, Any]:
    total, predicted = c["toponyms"], c["predicted"]
    return {"accuracy_161km": round(c["right"] / total, 3) if total else 0.0,
            "baseline_accuracy_161km": round(c["base_right"] / total, 3) if total else 0.0,
            "recall": round(c["found"] / total, 3) if total else 0.0,
            "precision": round(1 - c["spurious"] / predicted, 3) if predicted else 0.0,
            "toponyms": total, "documents": c["documents"]}


def _score_files(files: list[Path], analyzer: Any) -> dict[str, Any]:
    from newsledger.places import find_places

    c = dict.fromkeys(COUNTS, 0)
    errors: list[str] = []
    for ann in files:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        # The parsed raw text: the annotation offsets are the file's, not the cleaned text's.
        places = find_places(analyzer.nlp(text))
        golds = read_annotations(ann)
        # Every toponym is annotated, so a place overlapping none is a false one.
        c["predicted"] += len(places)
        for p in places:
            if not any(p.start < g.end and g.start < p.end for g in golds):
                c["spurious"] += 1
                errors.append(f"{ann.stem}: {p.text} is not a place in the gold")
        for g in golds:
            c["toponyms"] += 1
            gold = _point(g.lat, g.lon)
            hit = next((p for p in places if p.start < g.end and g.start < p.end), None)
            if hit is not None:
                c["found"] += 1
                if distance_km(_point(hit.lat, hit.lon), gold) <= WITHIN_KM:
                    c["right"] += 1
                else:
                    errors.append(f"{ann.stem}: {g.text} -> {hit.name}, {hit.country}")
            else:
                errors.append(f"{ann.stem}: {g.text} not found")
            base = _most_populous(g.text)
            if base is not None and distance_km(base, gold) <= WITHIN_KM:
                c["base_right"] += 1
    c["documents"] = len(files)
    return {**_summary(c), **c, "errors": errors}
