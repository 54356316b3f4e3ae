"""Score attribution and forecasts on the project's own development set (`<repo>/devset`).

Run: python -m newsledger.evaluation.devset [REPO_DIR] [--errors]

The set is brat standoff: Source / Cue / Content spans tied by Attribution (or
Attribution-no-source) events, Forecast spans with `Deadline` (a date, `none` or `vague`) and
`Conditional` attributes, and PastForecastRef spans. Attribution is scored exactly as on
PolNeAR (the matcher is shared); a predicted forecast matches a gold Forecast span when one
covers at least half of the other's words, one-to-one.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.evaluation.polnear import (
    analyze_plain,
    covers_half,
    evaluate_docs,
    gold_attributions,
    greedy_match,
    predicted_from,
    prf,
    read_brat,
)

__all__ = ["GoldForecast", "devset_files", "gold_forecasts", "published_dates", "score_devset",
           "score_forecasts"]


@dataclass(kw_only=True)
class GoldForecast:
    text: str
    start: int
    end: int
    deadline: str | None  # ISO prefix, "none", "vague" or None (not annotated)
    conditional: bool


def gold_forecasts(doc: Any, label: str = "Forecast") -> list[GoldForecast]:
    out = []
    for sid, span in doc.spans.items():
        if span.label != label:
            continue
        attrs = doc.attributes.get(sid, {})
        out.append(GoldForecast(text=span.text, start=span.start, end=span.end,
                                deadline=attrs.get("Deadline"),
                                conditional="Conditional" in attrs))
    return sorted(out, key=lambda f: f.start)


def _period(value: str) -> tuple[str, str] | None:
    """First and last day of an ISO date, month or year ("2026-04" → 04-01 … 04-30)."""
    import calendar

    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value, value
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        last = calendar.monthrange(int(m[1]), int(m[2]))[1]
        return f"{value}-01", f"{value}-{last:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    return None


def _deadline_right(gold: str, pred: str | None) -> bool:
    """Right when both name the same last day ("by April" = 2026-04 = 2026-04-30), or the
    prediction is a day inside the gold period."""
    if not pred:
        return False
    g, p = _period(gold), _period(str(pred))
    if g is None or p is None:
        return pred == gold
    return p[1] == g[1] or (p[0] == p[1] and g[0] <= p[0] <= g[1])


def score_forecasts(pred: list[dict[str, Any]],
                    gold: list[GoldForecast]) -> dict[str, int]:
    """Counts for one document: matched, predicted, gold, and deadline/condition agreement."""
    pairs = greedy_match(len(pred), len(gold),
                         lambda i, j: covers_half(pred[i].get("text"), gold[j].text))
    dated = right = none_gold = none_right = cond_right = 0
    for i, j in pairs:
        g, p = gold[j], pred[i]
        value = (p.get("resolve_by") or {}).get("value")
        if g.deadline and g.deadline not in ("none", "vague"):
            dated += 1
            right += _deadline_right(g.deadline, value)
        elif g.deadline in ("none", "vague"):
            none_gold += 1
            none_right += value is None
        cond_right += g.conditional == bool(p.get("condition"))
    return {"matched": len(pairs), "predicted": len(pred), "gold": len(gold),
            "dated": dated, "deadline_right": right, "undated": none_gold,
            "undated_right": none_right, "conditional_right": cond_right}


def published_dates(root: Path) -> dict[str, str]:
    """File stem → publication date ("" when not given) from `root`/meta.tsv, or {}."""
    if not (root / "meta.tsv").exists():
        return {}
    with open(root / "meta.tsv", encoding="utf-8") as fh:
        return {Path(r["file"]).stem: r.get("published", "")
                for r in csv.DictReader(fh, delimiter="\t")}


def devset_files(repo_dir: Path, folder: str = "devset"
                 ) -> list[tuple[str, Path, Path, str | None]]:
    root = repo_dir / folder
    meta = published_dates(root)
    out = []
    for txt in sorted((root / "text").glob("*.txt")) if (root / "text").is_dir() else []:
        ann = root / "ann" / f"{txt.stem}.ann"
        if ann.exists():
            out.append((txt.stem, txt, ann, meta.get(txt.stem) or None))
    return out


def score_devset(repo_dir: Path | str, *, analyzer: Any = None,
                 errors: dict[str, list[str]] | None = None,
                 folder: str = "devset") -> dict[str, Any]:
    """Attribution (PolNeAR convention), forecasts and past-forecast references over the
    set in `folder` (text/, ann/, meta.tsv); a `skipped` entry when it is absent or empty."""
    files = devset_files(Path(repo_dir), folder)
    if not files:
        return {"skipped": f"no annotated texts under {Path(repo_dir) / folder}"}
    from newsledger.analyze import Analyzer

    analyzer = analyzer or Analyzer()
    t0 = time.perf_counter()
    attr_docs = []
    fc: dict[str, int] = {}
    pr: dict[str, int] = {}
    for name, txt, ann, published in files:
        text = txt.read_text(encoding="utf-8")
        brat = read_brat(ann)
        result = analyze_plain(analyzer, text, published, source=name)
        stmts = result["statements"]
        attr_docs.append((name, text, gold_attributions(brat, text),
                          predicted_from(result)))
        for key, val in score_forecasts([s for s in stmts if s["kind"] == "forecast"],
                                        gold_forecasts(brat)).items():
            fc[key] = fc.get(key, 0) + val
        past = [s for s in stmts if s["kind"] == "past_forecast_reference"]
        for key, val in score_forecasts(past, gold_forecasts(brat, "PastForecastRef")).items():
            pr[key] = pr.get(key, 0) + val
    out: dict[str, Any] = {"documents": len(files)}
    attr = evaluate_docs(attr_docs, errors)
    out.update({f"attribution_{k}": v for k, v in attr.items() if k != "documents"})
    f = prf(fc["matched"], fc["predicted"], fc["matched"], fc["gold"])
    out.update({f"forecast_{k}": round(v, 4) for k, v in f.items()})
    out["forecast_gold"], out["forecast_predicted"] = fc["gold"], fc["predicted"]
    out["deadline_accuracy"] = round(fc["deadline_right"] / fc["dated"], 4) if fc["dated"] \
        else 0.0
    out["undated_accuracy"] = round(fc["undated_right"] / fc["undated"], 4) if fc["undated"] \
        else 0.0
    out["conditional_accuracy"] = round(fc["conditional_right"] / fc["matched"], 4) \
        if fc["matched"] else 0.0
    p = prf(pr["matched"], pr["predicted"], pr["matched"], pr["gold"])
    out.update({f"past_ref_{k}": round(v, 4) for k, v in p.items()})
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    positional = [a for a in args if not a.startswith("--")]
    repo = Path(positional[0]) if positional else Path(__file__).resolve().parents[3]
    errors: dict[str, list[str]] | None = {} if "--errors" in args else None
    print(json.dumps(score_devset(repo, errors=errors), indent=2))
    for name, lines in (errors or {}).items():
        print(f"== {name}")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
