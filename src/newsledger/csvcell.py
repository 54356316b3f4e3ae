"""Spreadsheet-safe CSV cells, for every CSV the project writes (CLI, exports, web).

Article text is hostile: a cell starting with = + - @ (or a tab or carriage return) would be
run as a formula by a spreadsheet, so it gets a leading apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

__all__ = ["csv_line", "safe_cell"]

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The cell as written: None is empty, numbers as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_line(values: list[Any]) -> str:
    """One CSV row (with its line break) of safe cells."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([safe_cell(v) for v in values])
    return buffer.getvalue()
