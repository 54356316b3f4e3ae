"""Extractor backends: the registry, the rules default, and `openai.v1` against a stub
OpenAI-compatible server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsledger.backends import BackendError, available_backends, get_backend, register
from newsledger.backends.anchor import anchor
from newsledger.backends.openai_compat import OpenAICompatBackend
from newsledger.errors import DropError
from newsledger.record import Document, statement_id

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data" / "sample"

ARTICLE = """Council backs new tram line

The city council voted on Tuesday to build a tram line to the airport. The mayor, Ana Reyes, \
said the line will open in May 2028. According to the transport department, the project will \
probably cost about 400 million.

Critics said the \u201cplan will fail by 2030\u201d and called it a waste.

Officials repeated that the line will open in May 2028.
"""


def item(text: str, kind: str = "claim", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": text, "start": None, "kind": kind, "speaker": None, "source": None,
        "source_type": "author", "cue": None, "certainty_phrase": None,
        "deadline_phrase": None, "condition": None, "polarity": "affirmed",
        "time_orientation": "future" if kind == "forecast" else "past"}
    out.update(extra)
    return out


def answer(items: list[dict[str, Any]] | str, fence: bool = False) -> tuple[int, str]:
    content = items if isinstance(items, str) else json.dumps({"statements": items})
    if fence:
        content = "```json\n" + content + "\n```"
    return 200, json.dumps({"choices": [{"message": {"role": "assistant",
                                                     "content": content}}]})


class Stub:
    """Canned answers in order (the last one repeats) and the requests received."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, str]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.url = ""

    def next_reply(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, str]:
        self.requests.append(body)
        self.headers.append(headers)
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


@pytest.fixture
def stub() -> Iterator[Stub]:
    state = Stub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            status, payload = state.next_reply(body, dict(self.headers))
            if self.path != "/v1/chat/completions":
                status, payload = 404, '{"error": "no such path"}'
            data = payload.encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def backend_for(stub: Stub, **options: Any) -> OpenAICompatBackend:
    options = {"base_url": stub.url, "model": "stub", "retry_wait": 0, **options}
    made = get_backend("openai.v1", **options)
    assert isinstance(made, OpenAICompatBackend)
    return made


def run(backend: OpenAICompatBackend, text: str = ARTICLE) -> Any:
    document = Document(source="t.txt", text=text)
    return backend.extract(None, document=document, doc_id=document.id, times=[], dct=None)


# --- the registry ---------------------------------------------------------------------------


def test_registry_names_and_errors() -> None:
    assert {"rules.v1", "openai.v1"} <= set(available_backends())
    assert get_backend().name == "rules.v1"
    assert get_backend("newsledger.rules.v1").name == "rules.v1"
    with pytest.raises(BackendError, match="unknown extractor backend 'nope.v1'.*rules.v1"):
        get_backend("nope.v1")
    with pytest.raises(BackendError, match="rules.v1 does not take base_url"):
        get_backend("rules.v1", base_url="http://127.0.0.1:1")


def test_register_a_backend_and_refuse_a_second_with_the_same_name() -> None:
    @register("test-echo.v1")
    class Echo:
        name = "test-echo.v1"

        def extract(self, doc: Any, **kw: Any) -> tuple[list[Any], list[Any]]:
            return [], []

    assert get_backend("test-echo.v1").name == "test-echo.v1"
    with pytest.raises(BackendError, match="already registered"):
        register("test-echo.v1")(type("Other", (), {}))


def test_openai_options_fail_when_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLEDGER_LLM_MODEL", raising=False)
    with pytest.raises(BackendError, match="needs a model name"):
        get_backend("openai.v1")
    for url in ("http://example.com:11434", "http://10.0.0.5:8000", "https://8.8.8.8/v1"):
        with pytest.raises(BackendError, match="not this machine.*--llm-allow-remote"):
            get_backend("openai.v1", base_url=url, model="m")
    with pytest.raises(BackendError, match="http"):
        get_backend("openai.v1", base_url="file:///etc/passwd", model="m")
    remote = get_backend("openai.v1", base_url="http://example.com:8000/v1", model="m",
                         allow_remote=True)
    assert isinstance(remote, OpenAICompatBackend)
    assert remote.url == "http://example.com:8000/v1/chat/completions"  # nothing was sent
    for url in ("http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2:1"):
        assert get_backend("openai.v1", base_url=url, model="m").name == "openai.v1"


# --- anchoring ------------------------------------------------------------------------------


def test_anchor_exact_normalised_nearest_and_missing() -> None:
    text = "He said \u201cwe will win\u201d.\nThen:  we will\n win again, we will win."
    exact = anchor(text, "we will win", hint=60)
    assert exact is not None and exact.exact and exact.start == text.rindex("we will win")
    first = anchor(text, "we will win", hint=0)
    assert first is not None and first.start == text.index("we will win")
    folded = anchor(text, 'said "We will win"')
    assert folded is not None and not folded.exact
    assert text[folded.start:folded.end] == "said \u201cwe will win\u201d"
    spaced = anchor(text, "Then: we will win again")
    assert spaced is not None and text[spaced.start:spaced.end] == "Then:  we will\n win again"
    assert anchor(text, "we will lose") is None
    assert anchor(text, " \u201c. ") is None


# --- openai.v1 against the stub server ------------------------------------------------------


def test_spans_reanchored_rejected_and_scored_by_our_lexicon(
        stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_LLM_API_KEY", "sekrit")
    twice = "the line will open in May 2028"
    stub.replies = [answer([
        item("the line will open in May 2028", "forecast", start=ARTICLE.rindex(twice) - 3,
             speaker="Officials", source="Officials", source_type="government",
             cue="repeated", deadline_phrase="in May 2028"),
        item("the project will probably cost about 400 million.", "forecast",
             source="the transport department", source_type="government",
             cue="According to", certainty_phrase="probably", speaker="Transport Dept"),
        item('the "plan will fail by 2030"', "forecast", source="Critics",
             source_type="unnamed", cue="said"),
        item("The tram will be free for all pensioners", "forecast"),
        item("The city council voted on Tuesday to build a tram line", source="Mr Nobody"),
        {"text": 42, "kind": "claim"},
        item("Critics called it a waste", kind="opinion"),
        "not even an object",
    ])]
    backend = backend_for(stub)
    statements, attributions = run(backend)

    by_text = {s.text: s for s in statements}
    assert set(by_text) == {
        twice, "the project will probably cost about 400 million",
        "the \u201cplan will fail by 2030\u201d",
        "The city council voted on Tuesday to build a tram line"}
    for s in statements:  # offsets come from the article, not from the model
        assert ARTICLE[s.start:s.end] == s.text
        assert s.id == statement_id(Document(source="", text=ARTICLE).id, s.kind, s.start,
                                    s.end, s.text)
    assert by_text[twice].start == ARTICLE.rindex(twice)  # nearest the claimed offset
    assert by_text[twice].speaker == "Officials" and by_text[twice].cue == "repeated"
    cost = by_text["the project will probably cost about 400 million"]
    assert cost.source is not None and cost.source.text == "the transport department"
    assert cost.speaker == "the transport department"  # "Transport Dept" is not in the text
    assert (cost.certainty.phrase, cost.certainty.low, cost.certainty.high) == (
        "probably", backend.lex.cue("probably").low, backend.lex.cue("probably").high)  # type: ignore[union-attr]
    assert cost.probability == round((cost.certainty.low + cost.certainty.high) / 2, 3)
    voted = by_text["The city council voted on Tuesday to build a tram line"]
    assert voted.source is None and voted.speaker == "author"  # its source is not in the text
    assert backend.rejected == {"text_not_in_text": 1, "malformed_item": 3,
                                "source_not_in_text": 1, "speaker_not_in_text": 1}
    assert {a.speaker for a in attributions} == {"Officials", "the transport department",
                                                 "Critics"}
    for a in attributions:
        assert a.source is not None and ARTICLE[a.source.start:a.source.end] == a.source.text
        assert a.statement_ids and a.statement_ids[0] in {s.id for s in statements}

    request = stub.requests[0]
    assert request["model"] == "stub" and request["temperature"] == 0
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["schema"]["required"] == ["statements"]
    assert "Ana Reyes" in request["messages"][1]["content"]
    assert stub.headers[0].get("Authorization") == "Bearer sekrit"


def test_plain_json_fallback_when_the_schema_is_refused(stub: Stub) -> None:
    stub.replies = [(400, '{"error": "response_format is not supported"}'),
                    answer([item("Critics said the \u201cplan will fail by 2030\u201d")],
                           fence=True)]
    backend = backend_for(stub, max_retries=0)
    statements, _ = run(backend)
    assert [s.text for s in statements] == ["Critics said the \u201cplan will fail by 2030\u201d"]
    assert "response_format" in stub.requests[0]
    assert "response_format" not in stub.requests[1]
    assert "JSON schema" in stub.requests[1]["messages"][1]["content"]
    assert backend.schema_mode is False


def test_retries_after_a_server_error_and_unreadable_answers(stub: Stub) -> None:
    stub.replies = [(500, "boom"), answer("{not json"),
                    answer([item("The city council voted on Tuesday")])]
    statements, _ = run(backend_for(stub, max_retries=2))
    assert [s.text for s in statements] == ["The city council voted on Tuesday"]
    assert len(stub.requests) == 3


def test_unreadable_answers_drop_the_document(stub: Stub) -> None:
    stub.replies = [answer("Sure! Here are the statements: none.")]
    with pytest.raises(DropError) as info:
        run(backend_for(stub, max_retries=1))
    assert info.value.reason == "llm_bad_output" and len(stub.requests) == 2


def test_a_server_that_keeps_failing_stops_the_run(stub: Stub) -> None:
    stub.replies = [(503, "overloaded")]
    with pytest.raises(BackendError, match=r"HTTP 503 .*after 3 attempt"):
        run(backend_for(stub, max_retries=2))
    stub.replies = [(401, "bad key")]
    with pytest.raises(BackendError, match="HTTP 401"):
        run(backend_for(stub))


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dead_server_is_one_line() -> None:
    url = f"http://127.0.0.1:{_dead_port()}"
    backend = get_backend("openai.v1", base_url=url, model="m", max_retries=1, retry_wait=0)
    with pytest.raises(BackendError) as info:
        run(backend)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and url in message and "ollama serve" in message


def test_transport_seam() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status, body = answer([item("Officials repeated that the line will open")])
        return httpx.Response(status, content=body)

    backend = get_backend("openai.v1", model="m", transport=httpx.MockTransport(handle))
    statements, _ = run(backend)  # type: ignore[arg-type]
    assert [s.text for s in statements] == ["Officials repeated that the line will open"]
    assert str(seen[0].url) == "http://127.0.0.1:11434/v1/chat/completions"


# --- through the Analyzer (loads the spaCy model) ------------------------------------------


def test_rules_backend_output_is_the_rules_extractor(analyzer: Any) -> None:
    from newsledger.analyze import Analysis, reference_date
    from newsledger.clean import clean
    from newsledger.events import find_events
    from newsledger.places import find_places
    from newsledger.record import RawDocument
    from newsledger.statements import extract
    from newsledger.timex import find_times

    assert analyzer.backend.name == "rules.v1" and analyzer.extractor_version == "rules-1"
    for name in ("ashcombe_rent_cap.txt", "valmora_rates_hold.txt"):
        text = (SAMPLE / name).read_text(encoding="utf-8")
        got = analyzer.analyze_text(text, source=name, published="2026-11-02")
        document = clean(RawDocument(source=name, data=text.encode(), content_type="text"),
                         published="2026-11-02")
        doc = analyzer.nlp(document.text)
        dct = reference_date(document.published)
        times = find_times(doc, dct)
        statements, attributions = extract(doc, doc_id=document.id, times=times, dct=dct,
                                           lex=analyzer.lex)
        places = find_places(doc)
        events = find_events(doc, doc_id=document.id, statements=statements,
                             attributions=attributions, places=places, times=times, dct=dct)
        expected = Analysis(document=document, statements=statements, times=times,
                            attributions=attributions, places=places, events=events)
        assert got.to_dict() == expected.to_dict()


def test_analyzer_with_the_openai_backend(stub: Stub, analyzer: Any) -> None:
    from newsledger.analyze import Analyzer

    stub.replies = [answer([item("the line will open in May 2028", "forecast",
                                 speaker="Ana Reyes", source="The mayor",
                                 source_type="person", cue="said")])]
    llm = Analyzer(backend="openai.v1", backend_options={"base_url": stub.url,
                                                         "model": "stub"})
    assert llm.extractor_version == "openai.v1/stub"
    result = llm.analyze_text(ARTICLE, published="2026-11-02").to_dict()
    (forecast,) = result["statements"]
    text = result["document"]["text"]
    assert text[forecast["start"]:forecast["end"]] == "the line will open in May 2028"
    assert forecast["speaker"] == "Ana Reyes"
    assert forecast["resolve_by"] == {"value": "2028-05", "precision": "month"}
    assert [t["text"] for t in forecast["times"]] == ["May 2028"]
    assert forecast["time_orientation"] == "future"
    # The same question form as the rules backend's, written from the anchored span.
    assert forecast["proposition"] == "Will the line open in May 2028?"
    assert result["attributions"][0]["cue"]["text"] == "said"


def test_cli_dead_server_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str], analyzer: Any) -> None:
    from newsledger import cli

    path = tmp_path / "tram.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    url = f"http://127.0.0.1:{_dead_port()}"
    monkeypatch.setattr(sys, "argv", ["newsledger", "analyze", str(path), "--backend",
                                      "openai.v1", "--llm-url", url, "--llm-model", "m"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and url in err and err.startswith("newsledger: ")


def test_cli_refuses_remote_llm_url(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    path = tmp_path / "tram.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--backend", "openai.v1",
                                      "--llm-url", "http://example.com", "--llm-model", "m"])
    assert result.exit_code == 2
    assert "not this machine" in result.output


# --- ingest and eval with a backend ---------------------------------------------------------


def test_ingest_with_the_openai_backend_records_it(stub: Stub, tmp_path: Path,
                                                   analyzer: Any) -> None:
    import sqlite3

    from typer.testing import CliRunner

    from newsledger.cli import app

    stub.replies = [answer([item("the line will open in May 2028", "forecast")])]
    path = tmp_path / "tram.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "ledger.db"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--json",
                                      "--backend", "openai.v1", "--llm-url", stub.url,
                                      "--llm-model", "stub"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["statements"] == {"forecast": 1}
    with sqlite3.connect(db) as conn:
        (version,) = conn.execute("SELECT extractor_version FROM documents").fetchone()
    assert version == "openai.v1/stub"
    bad = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--backend",
                                   "rules.v1", "--llm-model", "stub"])
    assert bad.exit_code == 2 and "rules.v1 does not take model" in bad.output


def test_eval_scores_the_chosen_backend(stub: Stub, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.evaluation import devset, runner

    seen: list[str] = []

    def fake_devset(repo_dir: Path, *, analyzer: Any = None) -> dict[str, Any]:
        seen.append(analyzer.backend.name)
        return {"attribution_f1": 1.0}

    monkeypatch.setattr(devset, "score_devset", fake_devset)
    report = runner.run_all(None, tmp_path, only=["devset"], backend="openai.v1",
                            backend_options={"base_url": stub.url, "model": "stub"})
    assert seen == ["openai.v1"] and report["backend"] == "openai.v1"
    assert report["sets"]["devset"]["attribution_f1"] == 1.0
    with pytest.raises(BackendError, match="not this machine"):
        runner.run_all(None, tmp_path, only=["devset"], backend="openai.v1",
                       backend_options={"base_url": "http://example.com", "model": "m"})
