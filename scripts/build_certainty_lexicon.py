"""Build src/newsledger/data/certainty_survey.csv from the words-of-estimative-probability summary.

Usage: python scripts/build_certainty_lexicon.py [../shared/data/wep/wep_phrase_probability_summary.csv]

For each phrase: low/high are the means of the survey quartiles (p25, p75) where at least one
survey asked about it; where no survey did, the ICD 203 range, else Sherman Kent's range.
The median is the mean of the survey medians (or the middle of the chosen range).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "wep" / "wep_phrase_probability_summary.csv"
OUT = ROOT / "src" / "newsledger" / "data" / "certainty_survey.csv"


def _floats(row: dict[str, str], suffix: str) -> list[float]:
    return [float(v) / 100 for k, v in row.items() if k.endswith(suffix) and v]


def build(src: Path) -> list[dict[str, str]]:
    rows = []
    with src.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            p25, p75, med = _floats(row, "_p25"), _floats(row, "_p75"), _floats(row, "_median")
            if p25 and p75:
                low, high, basis = mean(p25), mean(p75), f"survey quartiles (n={len(p25)} surveys)"
            elif row["icd203_low"]:
                low, high = float(row["icd203_low"]) / 100, float(row["icd203_high"]) / 100
                basis = "ICD 203"
            elif row["kent_low"]:
                low, high = float(row["kent_low"]) / 100, float(row["kent_high"]) / 100
                basis = "Kent"
            else:
                continue
            median = mean(med) if med else (low + high) / 2
            rows.append({"phrase": row["phrase"], "low": f"{low:.3f}", "high": f"{high:.3f}",
                         "median": f"{median:.3f}", "basis": basis})
    return rows


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = build(src)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["phrase", "low", "high", "median", "basis"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} phrases to {OUT}")


if __name__ == "__main__":
    main()
