"""`openai.v1`: statements from an OpenAI-compatible chat server (Ollama, vLLM, llama.cpp).

The article goes to `POST {base_url}/v1/chat/completions` with a JSON schema for the answer
(`response_format`), or — when the server refuses the schema — with the schema in the prompt.
Nothing the model says is trusted as a number: every quoted span is re-anchored in the
article (`anchor`) and dropped when it is not there, certainty comes from our lexicon applied
to the quoted cue and hedge, deadlines from our time expressions inside the anchored span, and
ids from `statement_id`. By default only a server on this machine is used: article text is
not sent elsewhere unless `allow_remote` is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import logging
import os
import re
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from newsledger.backends import BackendError, register
from newsledger.backends.anchor import Anchored, anchor, normalised
from newsledger.backends.llm_prompt import SCHEMA, SCHEMA_NAME, SYSTEM_PROMPT, user_prompt
from newsledger.errors import DropError
from newsledger.lexicon import CertaintyCue, Lexicon, load_lexicon
from newsledger.proposition import question_for_span
from newsledger.record import (
    Attribution,
    Certainty,
    Document,
    Source,
    Statement,
    TextSpan,
    TimeExpression,
    statement_id,
)
from newsledger.timex import deadline_from

try:
    import httpx
except ImportError as exc:  # pragma: no cover - httpx is a core dependency today
    raise BackendError("the openai.v1 backend needs httpx: pip install httpx") from exc

__all__ = ["API_KEY_ENV", "DEFAULT_URL", "OpenAICompatBackend"]

log = logging.getLogger(__name__)
DEFAULT_URL = "http://127.0.0.1:11434"
API_KEY_ENV = "NEWSLEDGER_LLM_API_KEY"
MODEL_ENV = "NEWSLEDGER_LLM_MODEL"
KINDS = {"claim", "forecast", "past_forecast_reference"}
SOURCE_TYPES = {"person", "organisation", "media", "government", "unnamed", "widespread_view"}
NEGATORS = ("not", "n't", "never", "no")
ASSERTED = Certainty(phrase=None, low=0.9, high=1.0)  # as the rules read an unhedged clause
RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
SCHEMA_REFUSED = {400, 404, 415, 422, 501}  # a server that cannot do `response_format`


def _is_local(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _endpoint(base_url: str, allow_remote: bool) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BackendError(f"openai.v1: --llm-url must be an http(s) URL, not {base_url!r}")
    if not allow_remote and not _is_local(parts.hostname):
        raise BackendError(
            f"openai.v1: {parts.hostname} is not this machine; article text is only sent to a "
            "local server unless allow_remote is set (--llm-allow-remote)")
    path = parts.path.rstrip("/").removesuffix("/chat/completions").removesuffix("/v1")
    return f"{parts.scheme}://{parts.netloc}{path}/v1/chat/completions"


def _json_object(content: str) -> dict[str, Any] | None:
    """The answer's JSON object, also when wrapped in code fences or prose."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", content.strip())
    for candidate in (text, text[text.find("{"): text.rfind("}") + 1]):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _chunks(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of at most about `size` characters, cut at paragraph breaks."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start + size // 2, end)
            cut = cut if cut > 0 else text.rfind("\n", start + size // 2, end)
            cut = cut if cut > 0 else text.rfind(". ", start + size // 2, end) + 1
            end = cut if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def certainty_of(phrases: list[str], text: str, lex: Lexicon) -> Certainty:
    """Our lexicon's range for the hedges quoted by the model and the modals of the anchored
    clause: the most hedged one wins, as in the rules; a negator right before a cue flips it."""
    cues: list[CertaintyCue] = []
    for phrase in phrases:
        low = phrase.lower().replace("\u2019", "'")
        for m in lex.cue_pattern.finditer(low):
            cue = lex.cue(m.group(1))
            if cue is None:
                continue
            before = low[: m.start()].split()[-1:]
            if before and before[0] in NEGATORS and not cue.phrase.startswith("it is"):
                cue = CertaintyCue(phrase=f"{before[0]} {cue.phrase}",
                                   low=round(1 - cue.high, 3), high=round(1 - cue.low, 3),
                                   cls=cue.cls, basis=f"negated: 1 - ({cue.basis})")
            cues.append(cue)
    words = re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))
    cues.extend(lex.modals[w] for w in words if w in lex.modals and w != "would")
    uncommitted = [c for c in cues if c.cls == "uncommitted"]
    if not cues:
        return Certainty(phrase=ASSERTED.phrase, low=ASSERTED.low, high=ASSERTED.high)
    chosen = uncommitted[0] if uncommitted else min(cues, key=lambda c: (c.high, c.low))
    return Certainty(phrase=chosen.phrase or None, low=chosen.low, high=chosen.high)


@register("openai.v1")
class OpenAICompatBackend:
    """Options: `base_url` (default a local Ollama), `model` (or $NEWSLEDGER_LLM_MODEL),
    `api_key` (default $NEWSLEDGER_LLM_API_KEY), `timeout` seconds per request,
    `max_retries` after a failed request, `allow_remote` to use a server that is not on
    this machine, `max_chunk_chars` per request, `retry_wait` seconds before a retry
    (doubling), `transport` (an httpx transport, for tests)."""

    name = "openai.v1"

    def __init__(self, *, base_url: str = DEFAULT_URL, model: str | None = None,
                 api_key: str | None = None, timeout: float = 120.0, max_retries: int = 2,
                 allow_remote: bool = False, max_chunk_chars: int = 8000,
                 retry_wait: float = 1.0, transport: httpx.BaseTransport | None = None,
                 lex: Lexicon | None = None) -> None:
        self.url = _endpoint(base_url, allow_remote)
        self.model = model or os.environ.get(MODEL_ENV, "")
        if not self.model:
            raise BackendError("openai.v1 needs a model name: --llm-model NAME (for Ollama, "
                               f"one `ollama list` shows) or ${MODEL_ENV}")
        if timeout <= 0 or max_retries < 0 or max_chunk_chars < 500 or retry_wait < 0:
            raise BackendError("openai.v1: timeout must be > 0, max_retries >= 0, "
                               "max_chunk_chars >= 500, retry_wait >= 0")
        self.version = f"openai.v1/{self.model}"
        self.timeout, self.max_retries = float(timeout), int(max_retries)
        self.max_chunk_chars, self.retry_wait = int(max_chunk_chars), float(retry_wait)
        key = api_key or os.environ.get(API_KEY_ENV)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(transport=transport, headers=headers, trust_env=False,
                                    timeout=self.timeout, follow_redirects=False)
        self.lex = lex or load_lexicon()
        self.schema_mode = True  # until the server refuses `response_format`
        self.rejected: Counter[str] = Counter()  # spans dropped in the last document, by reason

    def close(self) -> None:
        self._client.close()

    # --- the server ----------------------------------------------------------------------

    def _body(self, chunk: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "temperature": 0,
            "stream": False,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user",
                          "content": user_prompt(chunk, plain=not self.schema_mode)}],
        }
        if self.schema_mode:
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": SCHEMA_NAME, "strict": True, "schema": SCHEMA}}
        return body

    def complete(self, chunk: str, *, source: str = "") -> list[Any]:
        """The model's statement items for one chunk. Retries transport errors, 5xx and
        unreadable answers; `BackendError` when the server stays down or refuses the request,
        `DropError("llm_bad_output")` when its answers stay unreadable."""
        problem = ""
        bad_output = False
        attempt = 0
        while attempt <= self.max_retries:
            if attempt:
                time.sleep(self.retry_wait * 2 ** (attempt - 1))
            attempt += 1
            try:
                response = self._client.post(self.url, json=self._body(chunk))
            except httpx.TimeoutException:
                problem, bad_output = f"no answer from {self.url} within {self.timeout:g}s", False
                continue
            except httpx.HTTPError as exc:
                problem = (f"cannot reach {self.url} ({type(exc).__name__}: {exc}); is the "
                           "server running (e.g. `ollama serve`)?")
                bad_output = False
                continue
            snippet = " ".join(response.text[:200].split())
            if response.status_code in SCHEMA_REFUSED and self.schema_mode:
                log.info("%s refused response_format (HTTP %s); asking for plain JSON",
                         self.url, response.status_code)
                self.schema_mode = False
                attempt -= 1  # the fallback is not a retry
                continue
            if response.status_code in RETRY_STATUS:
                problem, bad_output = f"HTTP {response.status_code} from {self.url}: {snippet}", \
                    False
                continue
            if response.status_code >= 400:
                raise BackendError(f"openai.v1: HTTP {response.status_code} from {self.url}: "
                                   f"{snippet}")
            items = self._items(response)
            if items is not None:
                return items
            problem, bad_output = f"unreadable answer from {self.model}: {snippet}", True
        tries = f"after {self.max_retries + 1} attempt(s)"
        if bad_output:
            raise DropError("llm_bad_output", f"{problem} ({tries})", source=source)
        raise BackendError(f"openai.v1: {problem} ({tries})")

    @staticmethod
    def _items(response: httpx.Response) -> list[Any] | None:
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        answer = _json_object(content) if isinstance(content, str) else None
        if answer is None or not isinstance(answer.get("statements"), list):
            return None
        return list(answer["statements"])

    # --- the record ----------------------------------------------------------------------

    def extract(self, doc: Any, *, document: Document, doc_id: str,
                times: list[TimeExpression], dct: dt.date | None
                ) -> tuple[list[Statement], list[Attribution]]:
        text = document.text
        folded = normalised(text)
        self.rejected = Counter()
        statements: dict[str, Statement] = {}
        attributions: dict[str, Attribution] = {}
        for offset, chunk in _chunks(text, self.max_chunk_chars):
            if not chunk.strip():
                continue
            for item in self.complete(chunk, source=document.source):
                made = self._statement(item, offset, text, folded, doc, doc_id, times, dct)
                if made is None or made[0].id in statements:
                    continue
                stmt, attribution = made
                statements[stmt.id] = stmt
                if attribution is not None:
                    attributions.setdefault(attribution.id, attribution)
        if self.rejected:
            log.info("%s: rejected model spans %s", document.source, dict(self.rejected))
        ordered = sorted(statements.values(), key=lambda s: (s.start, s.end))
        return ordered, sorted(attributions.values(), key=lambda a: a.content.start)

    def _span(self, value: Any, text: str, folded: tuple[str, list[int]], hint: int | None,
              what: str) -> Anchored | None:
        if not isinstance(value, str) or not value.strip():
            return None
        found = anchor(text, value, hint=hint, folded=folded)
        if found is None:
            self.rejected[f"{what}_not_in_text"] += 1
        return found

    def _statement(self, item: Any, offset: int, text: str, folded: tuple[str, list[int]],
                   doc: Any, doc_id: str, times: list[TimeExpression], dct: dt.date | None
                   ) -> tuple[Statement, Attribution | None] | None:
        if not isinstance(item, dict) or item.get("kind") not in KINDS \
                or not isinstance(item.get("text"), str):
            self.rejected["malformed_item"] += 1
            return None
        claimed = item.get("start")
        hint = offset + claimed if isinstance(claimed, int) and claimed >= 0 else offset
        span = self._span(item.get("text"), text, folded, hint, "text")
        if span is None:
            return None
        start, end = span.start, span.end
        body = text[start:end]
        if len(re.findall(r"\w+", body)) < 3:
            self.rejected["too_short"] += 1
            return None
        near = max(0, start - 300)  # the source, cue and hedge are quoted near the clause

        def quoted(key: str) -> Anchored | None:
            return self._span(item.get(key), text, folded, near, key)

        source_at, cue_at, hedge_at = quoted("source"), quoted("cue"), quoted("certainty_phrase")
        condition_at, deadline_at = quoted("condition"), quoted("deadline_phrase")
        kind: str = item["kind"]
        source, speaker = None, "author"
        if source_at is not None:
            stype = item.get("source_type")
            source = Source(text=text[source_at.start:source_at.end],
                            type=stype if stype in SOURCE_TYPES else "person")
            # A name the model gives must be in the article too (a pronoun's antecedent is).
            named = self._span(item.get("speaker"), text, folded, near, "speaker")
            speaker = text[named.start:named.end] if named else source.text
        cue = text[cue_at.start:cue_at.end] if cue_at else None
        hedges = [text[a.start:a.end] for a in (hedge_at, cue_at) if a is not None]
        certainty = certainty_of(hedges, body, self.lex)
        own_times = [t for t in times if t.start >= start and t.end <= end]
        stmt = Statement(
            id=statement_id(doc_id, kind, start, end, body),
            kind=kind,  # type: ignore[arg-type]
            text=body, start=start, end=end,
            speaker=speaker,
            source=source,
            cue=cue or certainty.phrase,
            author_stance="reports" if source else "endorses",
            certainty=certainty,
            polarity="negated" if item.get("polarity") == "negated" else "affirmed",
            time_orientation="future" if kind == "forecast" else (
                "past" if item.get("time_orientation") == "past" else "present"),
            times=own_times,
            sentence=_sentence(doc, start, end, text),
        )
        if kind == "forecast":
            horizon = [t for t in own_times
                       if not t.value.endswith("_REF") or t.value == "FUTURE_REF"]
            if deadline_at is not None:  # a deadline the model quoted just outside the clause
                horizon += [t for t in times if t not in horizon
                            and t.start >= deadline_at.start and t.end <= deadline_at.end]
            stmt.resolve_by, stmt.reason = deadline_from(horizon, dct, stmt.sentence or body)
            stmt.condition = text[condition_at.start:condition_at.end] if condition_at else None
            stmt.probability = round((certainty.low + certainty.high) / 2, 3)
            stmt.proposition = question_for_span(doc, start, end, stmt.resolve_by,
                                                 stmt.condition)
        return stmt, _attribution(stmt, source_at, cue_at, doc_id, item)


def _sentence(doc: Any, start: int, end: int, text: str) -> str:
    for sent in getattr(doc, "sents", ()):
        if sent.start_char <= start < sent.end_char:
            return text[sent.start_char: max(end, sent.end_char)].strip()
    return text[start:end]


def _attribution(stmt: Statement, source_at: Anchored | None, cue_at: Anchored | None,
                 doc_id: str, item: dict[str, Any]) -> Attribution | None:
    if stmt.source is None or source_at is None:
        return None
    cue = TextSpan(text=stmt.cue or "", start=cue_at.start, end=cue_at.end) if cue_at else None
    key = f"{doc_id}|{stmt.start}|{stmt.end}|{cue.start if cue else -1}"
    return Attribution(
        id="a" + hashlib.sha256(key.encode()).hexdigest()[:16],
        source=TextSpan(text=stmt.source.text, start=source_at.start, end=source_at.end),
        source_type=stmt.source.type,
        speaker=stmt.speaker,
        cue=cue,
        content=TextSpan(text=stmt.text, start=stmt.start, end=stmt.end),
        statement_ids=[stmt.id],
    )
