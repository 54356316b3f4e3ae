"""newsledger: a ledger of what news and opinion articles put on record."""

from __future__ import annotations

import logging

from newsledger.errors import DropError, NewsledgerError, StoreError
from newsledger.record import Document, Statement, TimeExpression

__all__ = [
    "Document",
    "DropError",
    "NewsledgerError",
    "Statement",
    "StoreError",
    "TimeExpression",
    "__version__",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
