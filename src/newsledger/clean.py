"""RawDocument → Document: decode, extract the main text, find the metadata, check the language.

Drops (raised as DropError): binary, undecodable, empty, no_main_text, not_english.
The returned `text` is final: later steps point into it by character offsets, so characters are
kept as they are (typographic quotes, non-breaking spaces); only line endings, trailing spaces
and runs of blank lines are normalised.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsledger.boilerplate import trim
from newsledger.errors import DropError
from newsledger.outlet import outlet_from_lines
from newsledger.record import Document, Precision, Published, RawDocument, Removed

__all__ = [
    "clean",
    "decode",
    "detect_language",
    "extract_html",
    "given_published",
    "html_main_text",
    "normalise_text",
    "sniff_content_type",
]

_SNIFF_BYTES = 8192
# Above this share of C0 control bytes (or with any NUL) bytes are binary. Lower shares go on
# to decoding: garbled text that is still text-like ends as "undecodable", not "binary".
_CONTROL_RATIO = 0.5
_MIN_WORDS_FOR_LANGUAGE = 8  # below this, py3langid guesses; we do not drop on a guess
_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|meta|title)[\s>]",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MIN_PROSE_WORDS = 8
_MIN_PROSE_CHARS = 80
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|words by|reporting by|author:?)\s+"
    r"((?-i:[A-Z][\w'’.-]*)(?:\s+(?:(?-i:[A-Z][\w'’.-]*)|de|van|von|da|al|bin)){1,4}"
    r"(?:\s*(?:,|and|&)\s*(?-i:[A-Z][\w'’.-]*)(?:\s+(?-i:[A-Z][\w'’.-]*)){1,4})*)",
    re.IGNORECASE,
)
_HEADLINE_MAX_WORDS = 18
# A job title after the name ("Harriet Ng, Court Reporter") is not a second author.
_BYLINE_ROLE = re.compile(
    r"\s*,\s*(?:[A-Z][\w-]*\s+){0,3}(?:Reporter|Correspondent|Editor|Writer|Columnist"
    r"|Contributor|Staff|Producer)s?\b.*$"
)
_NOT_AUTHORS = {"admin", "administrator", "staff", "editor", "editors", "guest", "webmaster"}


def sniff_content_type(data: bytes) -> str:
    """ "html" when the first bytes carry HTML markup, else "text"."""
    return "html" if _HTML_MARKERS.search(data[:_SNIFF_BYTES]) else "text"


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(head), 1) > _CONTROL_RATIO


def _is_sensible(text: str) -> bool:
    # A decoder that "succeeds" with many control or unassigned characters guessed wrong.
    sample = text[:_SNIFF_BYTES]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    bad += sum(1 for ch in sample if 0x80 <= ord(ch) < 0xA0)  # C1 controls: cp1252 misread
    return bad / max(len(sample), 1) < 0.02


def decode(data: bytes, *, source: str = "", html: bool = False) -> str:
    """Bytes → str: a BOM, then UTF-8, then a charset declared in HTML, then
    charset-normalizer. Raises DropError(empty | binary | undecodable)."""
    if not data.strip():
        raise DropError("empty", "no content", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DropError("undecodable", f"bad {encoding}: {exc}", source=source) from exc
    if _looks_binary(data):
        raise DropError("binary", "binary content (NUL or control bytes)", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html and (declared := _META_CHARSET.search(data[:_SNIFF_BYTES])):
        try:
            text = data.decode(declared.group(1).decode("ascii"))
            if _is_sensible(text):
                return text
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    if best is not None:
        # Short Western texts fit several code pages equally well; English news is far more
        # often cp1252/latin-1 than cp1250 or cp1257, so prefer it among equal fits.
        least = min(m.chaos for m in matches)
        western = [m for m in matches if m.encoding in _WESTERN and m.chaos <= least + 0.01]
        best = western[0] if western else best
    if best is None:
        raise DropError("undecodable", "no text encoding fits these bytes", source=source)
    text = str(best)
    if not _is_sensible(text):
        raise DropError("undecodable", f"decoding as {best.encoding} gives garbage", source=source)
    return text


def normalise_text(text: str) -> str:
    """\\n line endings, no trailing spaces, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


@dataclass(kw_only=True)
class _Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: Published = field(default_factory=Published)
    removed: list[Removed] = field(default_factory=list)


def _has_prose(text: str) -> bool:
    # Characters as well as words: scripts without spaces (Japanese, Chinese) have no words.
    return any(
        len(line.split()) >= _MIN_PROSE_WORDS or len(line) >= _MIN_PROSE_CHARS
        for line in text.split("\n")
    )


def _bare_extraction(html: str, url: str | None) -> Any:
    import trafilatura

    # Precision first: a menu line kept as text becomes a false statement in the ledger.
    # On the extraction benchmark this also scores best (see evaluation/extraction.py).
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )


def _html_body(result: Any, *, junk_trim: bool) -> tuple[str, list[Removed]]:
    raw_text = str(getattr(result, "text", "") or "") if result else ""
    # Markup indentation is not the author's: strip both ends of each line. Each line is a
    # block (paragraph, heading): a blank line between them, as in plain text, so that a
    # heading never runs into the paragraph after it.
    text = normalise_text("\n\n".join(line.strip() for line in raw_text.splitlines()
                                       if line.strip()))
    # trafilatura keeps cookie banners and widget labels now and then; the plain-text trimmer
    # removes them the same way it does for scraped text.
    return trim(text) if junk_trim else (text, [])


def html_main_text(html: str, *, url: str | None = None, junk_trim: bool = True) -> str | None:
    """The article body of an HTML page (no title), or None: what the benchmark scores."""
    body, _ = _html_body(_bare_extraction(html, url), junk_trim=junk_trim)
    return body if _has_prose(body) else None


def _meta_author(value: str | None) -> str | None:
    """A page's author field, without the role some sites append ("Priya Raman; City Hall
    reporter" → "Priya Raman")."""
    if not value:
        return None
    name = re.split(r"\s*[;|]\s*", value.strip())[0].strip()
    return name or None


def extract_html(html: str, *, url: str | None = None) -> _Extracted | None:
    """Main text and metadata of an HTML page (trafilatura + htmldate); None without text."""
    from htmldate import find_date

    result = _bare_extraction(html, url)
    text, removed = _html_body(result, junk_trim=True)
    # trafilatura falls back to all page text (menus included) when it finds no article;
    # without one line of prose there is no article.
    if not _has_prose(text):
        return None
    title = _meta(result, "title")
    # The headline is part of the article (as in plain text): keep it on top of the body.
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    date = find_date(html, extensive_search=True, original_date=True, url=url)
    published = Published(value=date, precision="day", method="html") if date else Published()
    return _Extracted(
        text=text,
        title=title,
        author=_meta_author(_meta(result, "author")),
        outlet=_meta(result, "sitename") or _outlet_from_removed(removed),
        published=published,
        removed=removed,
    )


def _meta(result: Any, name: str) -> str | None:
    value = getattr(result, name, None)
    return str(value).strip() or None if value else None


def _looks_like_headline(line: str) -> bool:
    line = line.strip()
    return 0 < len(line.split()) <= 20 and len(line) <= 200 and not line.endswith((".", ","))


def _author_from_removed(removed: list[Removed]) -> str | None:
    for item in removed:
        if item.reason != "byline":
            continue
        match = _BYLINE.match(item.text)
        if match and match.group(1).strip().lower() not in _NOT_AUTHORS:
            return _BYLINE_ROLE.sub("", match.group(1)).strip()
    return None


def _title(body: str, head_trimmed: bool) -> str | None:
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if len(paragraphs) < 2:
        return None
    first, after = paragraphs[0], paragraphs[1]
    if _looks_like_headline(first):
        return first
    # Under removed page chrome, a short line over a much longer paragraph is the headline
    # even with a full stop ("We keep rebuilding in the path of the fire. That has to stop.").
    n = len(first.split())
    if head_trimmed and n <= _HEADLINE_MAX_WORDS and len(after.split()) >= 2 * n:
        return first
    return None


def _outlet_from_removed(removed: list[Removed]) -> str | None:
    mastheads = [r.text for r in removed if r.reason == "masthead"]
    return outlet_from_lines(
        (r.text for r in removed if r.reason != "masthead"),
        masthead=mastheads[0] if mastheads else None,
    )


def _extract_text(text: str) -> _Extracted:
    text = normalise_text(text)
    body, removed = trim(text)
    head_trimmed = not body.startswith(text.split("\n", 1)[0])
    return _Extracted(
        text=body,
        title=_title(body, head_trimmed),
        author=_author_from_removed(removed),
        outlet=_outlet_from_removed(removed),
        removed=removed,
    )


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and its probability (py3langid, normalised)."""
    lang, prob = _language_identifier().classify(text[:20_000])
    return str(lang), float(prob)


def _check_language(text: str, source: str) -> str | None:
    words = len(text.split())
    lang, prob = detect_language(text)
    if lang == "en":
        return lang
    # Short texts are often misjudged (names, headlines): drop only when sure.
    sure = 0.99 if words < 40 else 0.9
    if words >= _MIN_WORDS_FOR_LANGUAGE and prob >= sure:
        raise DropError(
            "not_english", f"text is in {lang!r} (p={prob:.2f}), not English", source=source
        )
    return None


def given_published(value: str) -> Published:
    """A date the user or the source states: "2016-11-21", "2016-11" or "2016"."""
    value = value.strip()
    precision: Precision = "year" if len(value) == 4 else "month" if len(value) == 7 else "day"
    return Published(value=value, precision=precision, method="given")


def clean(raw: RawDocument, *, published: str | None = None) -> Document:
    """The Document for `raw`, or DropError with the reason it cannot be one."""
    kind = raw.content_type or sniff_content_type(raw.data)
    text = decode(raw.data, source=raw.source, html=kind == "html")
    if not text.strip():
        raise DropError("empty", "only whitespace", source=raw.source)
    if kind == "html":
        extracted = extract_html(text, url=raw.url)
        if extracted is None:
            raise DropError("no_main_text", "no article text found in the HTML", source=raw.source)
    else:
        extracted = _extract_text(text)
        if not extracted.text.strip():
            raise DropError("no_main_text", "nothing left after removing junk", source=raw.source)
    language = _check_language(extracted.text, raw.source)
    when = extracted.published
    for given in (raw.published, published):  # --published beats a JSONL hint beats HTML
        if given:
            when = given_published(given)
    return Document(
        source=raw.source,
        text=extracted.text,
        title=raw.title or extracted.title,
        outlet=raw.outlet or extracted.outlet,
        author=raw.author or extracted.author,
        url=raw.url,
        published=when,
        language=language,
        removed=extracted.removed,
    )
