"""The reference article's figures, with the shared scorer's own word-overlap match.

Run: python -m newsledger.evaluation.seed [SHARED_DIR]

`tools/score_seed.py` prints pass/fail lines; here the same checks come out as numbers
(forecasts found of 6, false forecasts, past references, sources, claim recall) so that the
eval command can pin floors on them. The scorer's `covers` is imported from the file itself.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["load_covers", "score_seed", "seed_figures"]

SEED = Path("corpus") / "seed" / "the-duran-mosul-stalled-2016.txt"
SOURCE_CHECKS = (("C2", "russian media"), ("C3", "cockburn"), ("C7", "reports"),
                 ("C8", "kurdish militia"))

Covers = Callable[[str, str], bool]


def load_covers(shared_dir: Path) -> Covers:
    """`covers(statement_text, quote)` from tools/score_seed.py."""
    path = shared_dir / "tools" / "score_seed.py"
    spec = importlib.util.spec_from_file_location("_newsledger_score_seed", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn: Covers = module.covers
    return fn


def _source_text(stmt: dict[str, Any]) -> str:
    src = stmt.get("source")
    return str((src.get("text") if isinstance(src, dict) else src) or "")


def seed_figures(out: dict[str, Any], gold: dict[str, Any], covers: Covers) -> dict[str, Any]:
    """The score_seed checks as numbers, for one analysis of the reference article."""
    stmts: list[dict[str, Any]] = out.get("statements") or []
    gs: list[dict[str, Any]] = gold["statements"]

    def matches(g: dict[str, Any]) -> list[dict[str, Any]]:
        return [s for s in stmts if covers(s.get("text", ""), g["quote"])]

    forecasts = [g for g in gs if g["kind"] == "forecast"]
    found = sum(1 for f in forecasts if any(s.get("kind") == "forecast" for s in matches(f)))
    deadlines = 0
    for f in forecasts:
        if not f.get("deadline"):
            continue
        want = f["deadline"][:10] if f.get("deadline_precision") == "day" else f["deadline"][:7]
        vals = [str((s.get("resolve_by") or {}).get("value") or "") for s in matches(f)
                if s.get("kind") == "forecast"]
        deadlines += any(v.startswith(want) for v in vals)
    with_deadline = sum(1 for f in forecasts if f.get("deadline"))
    false_f = [s for s in stmts if s.get("kind") == "forecast" and not any(
        covers(s.get("text", ""), f["quote"]) for f in forecasts)]
    past = [g for g in gs if g["kind"] == "past_forecast_reference"]
    past_ok = sum(1 for p in past if any(
        s.get("kind") == "past_forecast_reference" for s in matches(p)) and not any(
        s.get("kind") == "forecast" for s in matches(p)))
    by_id = {g["id"]: g for g in gs}
    sources_ok = sum(1 for cid, needle in SOURCE_CHECKS if cid in by_id and any(
        needle in _source_text(s).lower() for s in matches(by_id[cid])))
    claims = [g for g in gs if g["kind"] == "claim"]
    recall = sum(1 for c in claims if matches(c)) / len(claims) if claims else 0.0
    return {
        "forecasts_found": found,
        "forecasts_gold": len(forecasts),
        "forecast_recall": round(found / len(forecasts), 4) if forecasts else 0.0,
        "deadlines_right": deadlines,
        "deadlines_gold": with_deadline,
        "false_forecasts": len(false_f),
        "past_refs_found": past_ok,
        "past_refs_gold": len(past),
        "sources_right": sources_ok,
        "sources_checked": len(SOURCE_CHECKS),
        "claim_recall": round(recall, 4),
    }


def score_seed(shared_dir: Path | str, *, analyzer: Any = None) -> dict[str, Any]:
    from newsledger.analyze import Analyzer
    from newsledger.record import RawDocument

    shared = Path(shared_dir)
    t0 = time.perf_counter()
    analyzer = analyzer or Analyzer()
    path = shared / SEED
    gold = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))
    out = analyzer.analyze_raw(RawDocument(source=str(path), data=path.read_bytes())).to_dict()
    figures = seed_figures(out, gold, load_covers(shared))
    figures["seconds"] = round(time.perf_counter() - t0, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    from newsledger.evaluation.te3 import find_shared_dir

    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]) if args else find_shared_dir()
    if shared is None:
        print("no ../shared directory found")
        return 1
    print(json.dumps(score_seed(shared), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
