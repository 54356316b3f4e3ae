from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_records import LOCAL, make_doc, sample_records

from newsledger.store import Ledger
from newsledger.web import create_app


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A ledger with two documents (one with four statements) and one drop."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url) as ledger:
        ledger.write(*sample_records())
        other = make_doc("A short note with no statements at all, written for the tests.",
                         title="Quiet note", outlet="Courier", source="corpus/quiet.txt",
                         url="https://courier.example/quiet")
        ledger.write(other, [], [])
        ledger.record_drop("corpus/empty.txt", "empty", "no text in the file")
    return url


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    app = create_app(db_url, analyzer_factory=_no_analyzer)
    with TestClient(app, base_url="http://localhost", client=LOCAL) as c:
        yield c


def _no_analyzer() -> object:
    raise AssertionError("this test must not load the analyzer")
