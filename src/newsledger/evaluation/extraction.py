"""How well we find the article body in HTML, on the article-extraction-benchmark.

181 pages with hand-made `articleBody`; we score our HTML main text (trafilatura plus our
junk trimmer) by bag-of-tokens overlap per page, then average over pages, as the benchmark's
own evaluation does (its shingles are 4-grams; `ngram=4` reproduces that). The published
trafilatura figure on this set is F1 0.958.

    python -m newsledger.evaluation.extraction [SHARED_DIR] [--no-trim] [--ngram N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path

from newsledger.clean import decode, html_main_text

__all__ = ["overlap", "score_extraction"]

_TOKEN = re.compile(r"\w+")
BENCHMARK = Path("data") / "article-extraction-benchmark"


def _grams(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if n <= 1:
        return Counter((t,) for t in tokens)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def overlap(truth: str, predicted: str, *, ngram: int = 1) -> tuple[float, float, float]:
    """Precision, recall and F1 of `predicted` against `truth` over token n-grams."""
    true_grams, pred_grams = _grams(truth, ngram), _grams(predicted, ngram)
    common = sum((true_grams & pred_grams).values())
    n_pred, n_true = sum(pred_grams.values()), sum(true_grams.values())
    if n_pred == n_true == 0:
        return 1.0, 1.0, 1.0
    precision = common / n_pred if n_pred else 0.0
    recall = common / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_extraction(
    shared_dir: str | Path, *, junk_trim: bool = True, ngram: int = 1, limit: int | None = None
) -> dict[str, float | int]:
    """Mean per-page precision and recall, their F1, and the mean per-page F1
    (over the first `limit` pages in key order, or all)."""
    root = Path(shared_dir) / BENCHMARK
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    scores: list[tuple[float, float, float]] = []
    for key in sorted(truth)[:limit]:
        html = decode(gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()), html=True)
        predicted = html_main_text(html, url=truth[key].get("url"), junk_trim=junk_trim) or ""
        scores.append(overlap(truth[key].get("articleBody", ""), predicted, ngram=ngram))
    precision = statistics.mean(s[0] for s in scores)
    recall = statistics.mean(s[1] for s in scores)
    return {
        "pages": len(scores),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4),
        "mean_page_f1": round(statistics.mean(s[2] for s in scores), 4),
    }


def _default_shared() -> Path:
    return Path(__file__).resolve().parents[4] / "shared"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("shared_dir", nargs="?", type=Path, default=_default_shared())
    parser.add_argument("--no-trim", action="store_true", help="trafilatura text only")
    parser.add_argument("--ngram", type=int, default=1, help="1 = tokens, 4 = benchmark shingles")
    args = parser.parse_args(argv)
    result = score_extraction(args.shared_dir, junk_trim=not args.no_trim, ngram=args.ngram)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
