"""How often the evidence that settles a forecast is among the top suggestions.

The set is `devset/evidence/` (cases.json + articles/): invented forecast articles, the later
articles that settle them, and distractors. Every article goes into one fresh ledger, so each
case competes with all the others' articles too. A case is a hit when a top-k suggestion
covers the settling statement's words (the same overlap test as the seed scorer); the
document-level rate counts any statement of the settling article.

    python -m newsledger.evaluation.evidence [--top 3] [--method lexical|auto|embedding]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.evidence import Method, suggest
from newsledger.record import RawDocument
from newsledger.store import Ledger

__all__ = ["DEVSET", "EvidenceReport", "covers", "evaluate", "main"]

DEVSET = Path(__file__).resolve().parents[3] / "devset" / "evidence"
_WORD = re.compile(r"[\w’']+", re.U)


def _words(text: str) -> set[str]:
    return {w.lower().replace("’", "'") for w in _WORD.findall(text or "")}


def covers(statement_text: str, quote: str, need: float = 0.6) -> bool:
    """Word overlap: most of the quote's words are in the statement, and the statement is
    not so long that any quote would be."""
    a, b = _words(statement_text), _words(quote)
    return bool(b) and len(a & b) / len(b) >= need and len(a & b) / max(len(a), 1) >= 0.2


@dataclass(kw_only=True)
class EvidenceReport:
    top: int
    method: str
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        return sum(c["hit"] for c in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def document_hit_rate(self) -> float:
        found = sum(c["document_hit"] for c in self.cases)
        return found / len(self.cases) if self.cases else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "top": self.top, "method": self.method, "n": len(self.cases),
            "hit_rate": round(self.hit_rate, 4),
            "document_hit_rate": round(self.document_hit_rate, 4), "cases": self.cases,
        }


def _load(ledger: Ledger, devset: Path, analyzer: Any) -> dict[str, str]:
    """Analyse and store every article; returns file name → document id."""
    spec = json.loads((devset / "cases.json").read_text(encoding="utf-8"))
    ids = {}
    for name, published in spec["articles"].items():
        path = devset / "articles" / name
        raw = RawDocument(source=name, data=path.read_bytes(), content_type="text")
        analysis = analyzer.analyze_raw(raw, published=published)
        ledger.write(analysis.document, analysis.statements, analysis.times)
        ids[name] = analysis.document.id
    return ids


def evaluate(
    devset: Path = DEVSET, *, top: int = 3, method: Method = "lexical", analyzer: Any = None
) -> EvidenceReport:
    """Run every case of the set; `analyzer` (an `Analyzer`) may be shared with the caller."""
    if analyzer is None:
        from newsledger.analyze import Analyzer

        analyzer = Analyzer()
    spec = json.loads((devset / "cases.json").read_text(encoding="utf-8"))
    report = EvidenceReport(top=top, method=method)
    with tempfile.TemporaryDirectory() as tmp, Ledger.open(Path(tmp) / "evidence.db") as ledger:
        ids = _load(ledger, devset, analyzer)
        for case in spec["cases"]:
            found = [f for f in ledger.forecasts(document_id=ids[case["forecast"]])
                     if covers(f["text"], case["forecast_quote"])]
            row: dict[str, Any] = {"id": case["id"], "hit": False, "document_hit": False,
                                   "forecast": None, "suggested": []}
            if found:
                forecast = found[0]
                row["forecast"] = forecast["text"]
                suggestions = suggest(ledger, forecast["id"], top=top, method=method)
                row["suggested"] = [s.statement["text"] for s in suggestions]
                row["hit"] = any(covers(s.statement["text"], case["outcome_quote"])
                                 for s in suggestions)
                row["document_hit"] = any(s.statement["document_id"] == ids[case["outcome"]]
                                          for s in suggestions)
            report.cases.append(row)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--method", choices=["lexical", "auto", "embedding"], default="lexical")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--json", action="store_true", help="the full report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.devset, top=args.top, method=args.method)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        for case in report.cases:
            mark = "hit " if case["hit"] else ("doc " if case["document_hit"] else "MISS")
            print(f"{mark} {case['id']}: {case['forecast'] or '(forecast not extracted)'}")
            if not case["hit"]:
                for text in case["suggested"]:
                    print(f"       suggested: {text[:100]}")
        print(f"evidence top-{report.top} hit rate ({report.method}): {report.hit_rate:.2f} "
              f"({sum(c['hit'] for c in report.cases)}/{len(report.cases)}); document level "
              f"{report.document_hit_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
