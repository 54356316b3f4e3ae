"""Every CSV the project writes neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io

from newsledger.csvcell import csv_line, safe_cell
from newsledger.report import statements_csv


def test_formula_cells_get_an_apostrophe() -> None:
    for text in ("=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("The army said") == "The army said"
    assert safe_cell(None) == ""
    assert safe_cell(-3) == -3 and safe_cell(0.25) == 0.25  # numbers stay numbers


def test_csv_line_quotes_and_neutralises() -> None:
    row = next(csv.reader(io.StringIO(csv_line(["=1+1", "a, b", None, 4]))))
    assert row == ["'=1+1", "a, b", "", "4"]


def test_statements_csv_neutralises_article_text() -> None:
    rows = [{"id": "s1", "kind": "claim", "text": "=cmd|' /C calc'!A0", "speaker": "@someone",
             "source": {"text": "+x", "type": "person"}, "certainty": {"low": 0.9}}]
    parsed = list(csv.DictReader(io.StringIO(statements_csv(rows))))
    assert parsed[0]["text"].startswith("'=")
    assert parsed[0]["speaker"] == "'@someone"
    assert parsed[0]["source_text"] == "'+x"
    assert parsed[0]["certainty_low"] == "0.9"
