"""Event extraction scored on `devset/events/` (convention in its README.md).

A predicted event matches a gold one when its trigger span overlaps the gold trigger word,
one-to-one in text order. Reported: trigger precision/recall/F1 (event detection); on matched
events, type accuracy, modality accuracy and the modality confusion matrix; "realised
precision" — of the matched events the system marks asserted or historical, the share that the
gold also calls asserted or historical (how often a forecast, a hypothetical or a denied event
leaks into the count of things that happened) — and its converse, realised recall; actor
accuracy where the gold names an actor, place accuracy where it names a place.

Run: python -m newsledger.evaluation.events [REPO_DIR] [--errors]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["GoldEvent", "MODALITIES", "locate_gold", "read_gold", "score_documents",
           "score_events"]

MODALITIES = ("asserted", "historical", "future", "hypothetical", "negated")
REALISED = {"asserted", "historical"}
STATE_KINDS = {"state", "government", "military"}


@dataclass(frozen=True)
class GoldEvent:
    trigger: str
    occurrence: int
    type: str
    modality: str
    actor: tuple[str, ...]  # acceptable names; empty when the gold gives none
    place: tuple[str, ...]
    start: int = -1
    end: int = -1


def _alternatives(value: Any) -> tuple[str, ...]:
    return tuple(a.strip() for a in str(value).split("|") if a.strip()) if value else ()


def read_gold(path: Path) -> list[GoldEvent]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
            out.append(GoldEvent(trigger=g["trigger"], occurrence=int(g["occurrence"]),
                                 type=g["type"], modality=g["modality"],
                                 actor=_alternatives(g.get("actor")),
                                 place=_alternatives(g.get("place"))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name}:{n}: bad gold line ({exc})") from exc
    return out


def locate_gold(text: str, golds: list[GoldEvent]) -> list[GoldEvent]:
    """Each gold event with the offsets of its trigger: the n-th case-sensitive whole-word
    match. A trigger that cannot be found raises, since a silent miss would skew recall."""
    out = []
    for g in golds:
        hits = list(re.finditer(rf"\b{re.escape(g.trigger)}\b", text))
        if len(hits) < g.occurrence:
            raise ValueError(f"trigger {g.trigger!r} #{g.occurrence} is not in the text")
        m = hits[g.occurrence - 1]
        out.append(GoldEvent(g.trigger, g.occurrence, g.type, g.modality, g.actor, g.place,
                             m.start(), m.end()))
    return out


def _fold(s: str) -> str:
    """Lower case without accents or a leading "the" ("Zvečan" = "zvecan")."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().strip()
    return s[4:] if s.startswith("the ") else s


def _name_match(names: list[str], gold: tuple[str, ...]) -> bool:
    want = {_fold(g) for g in gold}
    return any(_fold(n) in want for n in names if n)


def _contains_word(a: str, b: str) -> bool:
    return bool(a and b and re.search(rf"\b{re.escape(b)}\b", a))


def _lenient_match(first: dict[str, Any], gold: tuple[str, ...],
                   normalised: list[dict[str, Any]]) -> bool:
    """The same actor at another granularity: one name inside the other ("riot police" for
    "police", "Georgian Dream party"), or a state, its government and its armed forces taken
    as one ("Iranian government" for "Iran")."""
    got = [_fold(str(first.get(k) or "")) for k in ("name", "text")]
    if any(_contains_word(p, _fold(g)) or _contains_word(_fold(g), p)
           for p in got for g in gold):
        return True
    country = first.get("country")
    return bool(country) and first.get("kind") in STATE_KINDS and any(
        n.get("country") == country and n.get("kind") in STATE_KINDS for n in normalised)


def _place_match(place: dict[str, Any] | None, gold: tuple[str, ...]) -> bool:
    if not place:
        return False
    got = [_fold(str(place.get(k) or "")) for k in ("text", "name")]
    # "Rakhine" for "Rakhine State": one name inside the other counts, as a whole word.
    return any(g == p or re.search(rf"\b{re.escape(g)}\b", p) or re.search(
        rf"\b{re.escape(p)}\b", g) for g in map(_fold, gold) for p in got if p)


def _dedupe(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One predicted event per trigger span: a word is one event mention, even when two
    overlapping statements both carry it."""
    seen: set[tuple[int, int]] = set()
    out = []
    for e in sorted(events, key=lambda e: (e["trigger"]["start"], e["trigger"]["end"])):
        key = (e["trigger"]["start"], e["trigger"]["end"])
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _match(golds: list[GoldEvent], preds: list[dict[str, Any]]
           ) -> list[tuple[GoldEvent, dict[str, Any] | None]]:
    used: set[int] = set()
    pairs: list[tuple[GoldEvent, dict[str, Any] | None]] = []
    for g in sorted(golds, key=lambda g: g.start):
        best = None
        for i, p in enumerate(preds):
            t = p["trigger"]
            if i not in used and t["start"] < g.end and g.start < t["end"]:
                best = i
                if t["start"] == g.start:
                    break
        if best is not None:
            used.add(best)
        pairs.append((g, preds[best] if best is not None else None))
    return pairs


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def score_documents(docs: list[tuple[str, list[GoldEvent], list[dict[str, Any]]]],
                    actor_names: Any = None) -> dict[str, Any]:
    """Figures over (name, located gold, predicted event dicts) triples. `actor_names` maps a
    gold actor string to the dictionary actors it normalises to, as {"name", "country",
    "kind"} dicts (alias tolerance); None leaves names as written. `actor_accuracy` wants the
    name (or an alias of it); `actor_accuracy_lenient` also takes another granularity of the
    same actor (`_lenient_match`)."""
    n_gold = n_pred = matched = type_ok = mod_ok = 0
    realised_pred = realised_pred_ok = realised_gold = realised_gold_ok = 0
    actor_n = actor_ok = actor_lenient = place_n = place_ok = 0
    confusion = {g: dict.fromkeys(MODALITIES, 0) for g in MODALITIES}
    by_type: dict[str, list[int]] = {}  # gold type -> [found, total]
    by_modality: dict[str, list[int]] = {m: [0, 0] for m in MODALITIES}
    errors: list[str] = []
    for name, golds, raw_preds in docs:
        preds = _dedupe(raw_preds)
        n_gold += len(golds)
        n_pred += len(preds)
        pairs = _match(golds, preds)
        hit_ids = {id(p) for _, p in pairs if p is not None}
        errors.extend(f"{name}: spurious {e['type']} {e['trigger']['text']!r}"
                      for e in preds if id(e) not in hit_ids)
        for g, p in pairs:
            by_type.setdefault(g.type, [0, 0])[1] += 1
            by_modality.setdefault(g.modality, [0, 0])[1] += 1
            if p is None:
                errors.append(f"{name}: missed {g.type} {g.trigger!r}#{g.occurrence}")
                continue
            matched += 1
            by_type[g.type][0] += 1
            by_modality[g.modality][0] += 1
            type_ok += p["type"] == g.type
            if p["type"] != g.type:
                errors.append(f"{name}: type {g.trigger!r} {g.type} -> {p['type']}")
            confusion[g.modality][p["modality"]] += 1
            mod_ok += p["modality"] == g.modality
            if p["modality"] != g.modality:
                errors.append(f"{name}: modality {g.trigger!r} {g.modality} -> {p['modality']}")
            if p["modality"] in REALISED:
                realised_pred += 1
                realised_pred_ok += g.modality in REALISED
            if g.modality in REALISED:
                realised_gold += 1
                realised_gold_ok += p["modality"] in REALISED
            if g.actor:
                actor_n += 1
                first = p["actors"][0] if p.get("actors") else None
                names = [first["name"], first["text"]] if first else []
                normalised = [n for a in g.actor for n in (actor_names(a) if actor_names else ())]
                ok = _name_match(names, g.actor + tuple(n["name"] for n in normalised))
                actor_ok += ok
                actor_lenient += ok or bool(first and _lenient_match(first, g.actor, normalised))
                if not ok:
                    errors.append(f"{name}: actor {g.trigger!r} {g.actor[0]} -> "
                                  f"{first['name'] if first else None}")
            if g.place:
                place_n += 1
                ok = _place_match(p.get("place"), g.place)
                place_ok += ok
                if not ok:
                    got = (p.get("place") or {}).get("name")
                    errors.append(f"{name}: place {g.trigger!r} {g.place[0]} -> {got}")
    precision, recall = _ratio(matched, n_pred), _ratio(matched, n_gold)
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0
    return {"trigger_precision": precision, "trigger_recall": recall, "trigger_f1": f1,
            "type_accuracy": _ratio(type_ok, matched),
            "modality_accuracy": _ratio(mod_ok, matched),
            "realised_precision": _ratio(realised_pred_ok, realised_pred),
            "realised_recall": _ratio(realised_gold_ok, realised_gold),
            "actor_accuracy": _ratio(actor_ok, actor_n),
            "actor_accuracy_lenient": _ratio(actor_lenient, actor_n),
            "place_accuracy": _ratio(place_ok, place_n),
            "gold_events": n_gold, "predicted_events": n_pred, "matched": matched,
            "actor_scored": actor_n, "place_scored": place_n,
            "modality_confusion": confusion,
            "recall_by_type": {t: _ratio(f, n) for t, (f, n) in sorted(by_type.items())},
            "recall_by_modality": {m: _ratio(f, n) for m, (f, n) in by_modality.items()},
            "documents": len(docs), "errors": errors}


def _actor_normaliser(analyzer: Any) -> Any:
    """Gold actor string → the dictionary actors its mentions resolve to, memoised."""
    from newsledger.actors import find_mentions

    memo: dict[str, list[dict[str, Any]]] = {}

    def names(text: str) -> list[dict[str, Any]]:
        if text not in memo:
            memo[text] = [{"name": m.actor.name, "country": m.actor.country,
                           "kind": m.actor.kind} for m in find_mentions(analyzer.nlp(text))]
        return memo[text]

    return names


def score_events(repo_dir: Path | str, *, analyzer: Any = None,
                 folder: str = "devset/events") -> dict[str, Any]:
    """The figures of `score_documents` over `folder`/*.jsonl (devset/events unless told),
    or {"skipped": reason}."""
    folder_path = Path(repo_dir) / folder
    files = sorted(folder_path.glob("*.jsonl"))
    if not files:
        return {"skipped": f"no event annotations under {folder_path}"}
    if analyzer is None:
        from newsledger.analyze import Analyzer

        analyzer = Analyzer()
    from newsledger.evaluation.devset import published_dates
    from newsledger.evaluation.polnear import analyze_plain

    published = published_dates(folder_path)
    docs = []
    for gold_file in files:
        text = gold_file.with_suffix(".txt").read_text(encoding="utf-8")
        try:
            golds = locate_gold(text, read_gold(gold_file))
        except ValueError as exc:
            raise ValueError(f"{gold_file.name}: {exc}") from exc
        # The text as it is, so that offsets stay the file's.
        result = analyze_plain(analyzer, text, published.get(gold_file.stem), str(gold_file))
        docs.append((gold_file.stem, golds, list(result.get("events", []))))
    return score_documents(docs, _actor_normaliser(analyzer))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    show_errors = "--errors" in args
    paths = [a for a in args if not a.startswith("--")]
    res = score_events(Path(paths[0]) if paths else Path.cwd())
    errors = res.pop("errors", [])
    print(json.dumps(res, indent=1))
    if show_errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
