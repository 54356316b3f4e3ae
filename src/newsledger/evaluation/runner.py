"""Every evaluation set in one report, floors against regressions, and a plain-text table.

`run_all` is the backend of the `eval` command: each set comes out as a dict of figures, or
`{"skipped": reason}` when its data is absent. `floors.json` pins each headline figure at the
value measured when it was last raised (rounded down), so that a regression fails CI.
"""

from __future__ import annotations

import importlib
import json
import time
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["PUBLISHED", "TARGETS", "check_floors", "format_table", "load_floors", "run_all"]

Report = dict[str, Any]

# Targets from the issue and figures published for other systems on the same sets.
TARGETS: dict[str, float] = {
    "meantime.polarity_accuracy": 0.95,
    "meantime.certainty_accuracy": 0.90,
    "meantime.certainty_macro_f1": 0.60,
    "meantime.future_f1": 0.75,
    "polnear.f1": 0.75,
}
PUBLISHED: dict[str, str] = {
    "te3.value_accuracy": "HeidelTime 0.78; spaCy+dateparser 0.43",
    "polnear.f1": "reporting-verb baseline 0.56",
    "extraction.f1": "trafilatura 0.958",
}
# The figures shown in the table (all figures stay in the report).
HEADLINE: dict[str, tuple[str, ...]] = {
    "te3": ("value_accuracy", "span_recall", "span_precision"),
    "meantime": ("certainty_accuracy", "certainty_macro_f1", "polarity_accuracy",
                 "negation_f1", "future_precision", "future_recall", "future_f1"),
    "polnear": ("precision", "recall", "f1", "content_only_f1", "cue_only_f1"),
    "seed": ("forecasts_found", "false_forecasts", "past_refs_found", "sources_right",
             "claim_recall", "deadlines_right"),
    "devset": ("attribution_f1", "forecast_precision", "forecast_recall", "forecast_f1",
               "deadline_accuracy", "past_ref_f1"),
    "extraction": ("precision", "recall", "f1"),
    "places": ("accuracy_161km", "baseline_accuracy_161km", "recall", "precision"),
    "events": ("trigger_precision", "trigger_recall", "trigger_f1", "type_accuracy",
               "modality_accuracy", "realised_precision", "realised_recall", "actor_accuracy",
               "place_accuracy"),
    "heldout": ("attribution_f1", "forecast_precision", "forecast_recall", "forecast_f1",
                "events_trigger_precision", "events_trigger_recall", "events_trigger_f1",
                "events_modality_accuracy", "events_realised_precision"),
}
# Articles annotated by one engineer and kept from everyone who tuned the extractor until
# they had been scored once (devset/heldout/README.md): attributions, forecasts and events.
HELDOUT = "devset/heldout"
# Figures where lower is better: the floor is a ceiling.
CEILINGS = {"seed.false_forecasts"}


def _te3(shared: Path) -> Report:
    from newsledger.evaluation.te3 import score_te3

    res = score_te3(shared)
    return {k: v for k, v in res.items() if not isinstance(v, list)}


def _meantime(shared: Path) -> Report:
    from newsledger.evaluation.meantime import score_meantime

    return score_meantime(shared)


def _polnear(shared: Path, analyzer: Any = None) -> Report:
    from newsledger.evaluation.polnear import score_polnear

    return score_polnear(shared, analyzer=analyzer)


def _seed(shared: Path, analyzer: Any = None) -> Report:
    from newsledger.evaluation.seed import score_seed

    return score_seed(shared, analyzer=analyzer)


def _extraction(shared: Path) -> Report:
    try:
        module = importlib.import_module("newsledger.evaluation.extraction")
    except ImportError:
        return {"skipped": "newsledger.evaluation.extraction is not available"}
    fn: Callable[[Path], Report] = module.score_extraction
    return dict(fn(shared))


SHARED_SETS: dict[str, tuple[str, Callable[[Path], Report]]] = {
    "te3": ("data/te3_platinum", _te3),
    "meantime": ("data/meantime_en", _meantime),
    "polnear": ("data/polnear_dev", _polnear),
    "seed": ("corpus/seed/the-duran-mosul-stalled-2016.txt", _seed),
    "extraction": ("data/article-extraction-benchmark", _extraction),
}


# The sets scored through the extractor backend (the others score the time expressions, the
# predicate modality and the article extraction, which every backend shares).
BACKEND_SETS = {"seed", "polnear", "devset"}


def run_all(shared_dir: Path | None, repo_dir: Path, only: list[str] | None = None,
            *, backend: str = "rules.v1", backend_options: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    """{"sets": {name: {figure: value, ..., "seconds": s} | {"skipped": reason}},
    "backend": name}. `backend` names the extractor backend the statement sets score."""
    from newsledger.backends import get_backend

    options = dict(backend_options or {})
    get_backend(backend, **options)  # a bad backend or option fails before any set runs
    loaded: list[Any] = []

    def analyzer() -> Any:  # one model load for every set that needs it
        if not loaded:
            from newsledger.analyze import Analyzer

            loaded.append(Analyzer(backend=backend, backend_options=options))
        return loaded[0]

    sets: dict[str, Report] = {}
    for name, (rel, fn) in SHARED_SETS.items():
        if only and name not in only:
            continue
        if shared_dir is None or not (shared_dir / rel).exists():
            sets[name] = {"skipped": f"{rel} not found under ../shared"}
            continue
        if name in BACKEND_SETS:
            sets[name] = _timed(lambda p, fn=fn: fn(p, analyzer()), shared_dir)  # type: ignore[misc]
        else:
            sets[name] = _timed(fn, shared_dir)
    if not only or "devset" in only:
        from newsledger.evaluation.devset import score_devset

        sets["devset"] = _timed(lambda _: score_devset(repo_dir, analyzer=analyzer()),
                                repo_dir)
    if not only or "places" in only:
        from newsledger.evaluation.places import score_places

        sets["places"] = _timed(lambda _: score_places(repo_dir, analyzer=analyzer()), repo_dir)
    if not only or "events" in only:
        from newsledger.evaluation.events import score_events

        sets["events"] = _timed(lambda _: score_events(repo_dir, analyzer=analyzer()), repo_dir)
    if not only or "heldout" in only:
        sets["heldout"] = _timed(lambda _: _heldout(repo_dir, analyzer()), repo_dir)
    return {"sets": sets, "backend": backend}


def _heldout(repo_dir: Path, analyzer: Any) -> Report:
    """The devset figures and the events figures (prefixed `events_`) of the held-out set."""
    from newsledger.evaluation.devset import score_devset
    from newsledger.evaluation.events import score_events

    statements = score_devset(repo_dir, analyzer=analyzer, folder=HELDOUT)
    if "skipped" in statements:
        return statements
    events = score_events(repo_dir, analyzer=analyzer, folder=f"{HELDOUT}/events")
    report: Report = dict(statements)
    report.update({f"events_{k}": v for k, v in events.items()
                   if k != "errors" and not isinstance(v, list)})
    return report


def _timed(fn: Callable[[Path], Report], arg: Path) -> Report:
    t0 = time.perf_counter()
    from newsledger.backends import BackendError

    try:
        res = fn(arg)
    except BackendError:
        raise  # a backend that cannot work fails every set the same way: say it once
    except Exception as exc:  # one broken set must not hide the others
        return {"error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=3)}
    if "skipped" not in res:
        res.setdefault("seconds", round(time.perf_counter() - t0, 1))
    return res


def load_floors(path: Path | None = None) -> dict[str, float]:
    if path is not None:
        text = path.read_text(encoding="utf-8")
    else:
        text = resources.files("newsledger.evaluation").joinpath("floors.json").read_text(
            encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def _value(report: dict[str, Any], key: str) -> Any:
    name, _, metric = key.partition(".")
    return report.get("sets", {}).get(name, {}).get(metric)


def check_floors(report: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """One line per figure below its floor (above it, for ceilings); skipped sets pass, a
    set that errored fails."""
    failures = []
    for key, floor in sorted(floors.items()):
        name = key.partition(".")[0]
        entry = report.get("sets", {}).get(name)
        if entry is None or "skipped" in entry:
            continue
        if "error" in entry:
            failures.append(f"{key}: set failed ({entry['error']})")
            continue
        value = _value(report, key)
        if not isinstance(value, (int, float)):
            failures.append(f"{key}: no figure (floor {floor})")
        elif key in CEILINGS and value > floor:
            failures.append(f"{key}: {value} above ceiling {floor}")
        elif key not in CEILINGS and value < floor:
            failures.append(f"{key}: {value:.4f} below floor {floor}")
    return failures


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)


def format_table(report: dict[str, Any], floors: dict[str, float] | None = None) -> str:
    """set | metric | value | floor | target | published, one row per headline figure."""
    floors = load_floors() if floors is None else floors
    rows = [("set", "metric", "value", "floor", "target", "published")]
    for name, entry in report.get("sets", {}).items():
        if "skipped" in entry or "error" in entry:
            rows.append((name, "skipped" if "skipped" in entry else "ERROR",
                         str(entry.get("skipped") or entry.get("error")), "", "", ""))
            continue
        for metric in HEADLINE.get(name, ()):
            if metric not in entry:
                continue
            key = f"{name}.{metric}"
            rows.append((name, metric, _fmt(entry[metric]), _fmt(floors.get(key)),
                         _fmt(TARGETS.get(key)), PUBLISHED.get(key, "")))
        if "seconds" in entry:
            rows.append((name, "seconds", _fmt(entry["seconds"]), "", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
