"""`rules.v1`: the rules extractor over the spaCy parse (`newsledger.statements`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsledger.backends import register
from newsledger.lexicon import Lexicon, load_lexicon
from newsledger.record import Attribution, Document, Statement, TimeExpression
from newsledger.statements import extract

__all__ = ["RulesBackend"]


@register("rules.v1")
class RulesBackend:
    """The default backend. It takes one option, `lex`, a lexicon to use instead of the
    shipped one."""

    name = "rules.v1"
    version = "rules-1"  # what the ledger stores as the extractor version

    def __init__(self, *, lex: Lexicon | None = None) -> None:
        self.lex = lex or load_lexicon()

    def extract(self, doc: Any, *, document: Document, doc_id: str,
                times: list[TimeExpression], dct: dt.date | None
                ) -> tuple[list[Statement], list[Attribution]]:
        return extract(doc, doc_id=doc_id, times=times, dct=dct, lex=self.lex)
