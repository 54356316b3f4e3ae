from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "src" / "newsledger" / "data" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold" / "seed.json").exists():
        pytest.skip(f"../shared is absent ({SHARED}): reference data not available")
    return SHARED


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from newsledger.analyze import Analyzer

    return Analyzer()
