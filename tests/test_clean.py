"""clean(): decoding, drops, HTML and plain-text extraction, metadata and its precedence."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsledger.clean import clean, decode, sniff_content_type
from newsledger.errors import DropError
from newsledger.evaluation.extraction import overlap, score_extraction
from newsledger.record import RawDocument

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAD = Path(__file__).parent / "fixtures" / "bad"

ARTICLE = (
    "Harbour dredging plan delayed again\n\n"
    "The city council voted on Tuesday to postpone the dredging of the north harbour for a "
    "third time, citing rising costs and a shortage of contractors.\n\n"
    "Officials said the project, first proposed in 2019, would now cost twice the original "
    "estimate, and that work could not begin before next summer.\n"
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die Ausbaggerung des Nordhafens zum dritten Mal "
    "zu verschieben. Die Kosten seien zu hoch, und es fehle an Firmen, die die Arbeit machen "
    "könnten. Die Arbeiten sollen frühestens im nächsten Sommer beginnen."
)
HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry fares to rise in April | The Bay Herald</title>
<meta name="author" content="Maria Lindqvist">
<meta property="og:site_name" content="The Bay Herald">
<meta property="article:published_time" content="2025-02-14T09:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry fares to rise in April</h1>
<p>The island ferry operator said on Friday that fares would rise by eight per cent in April,
the second increase in a year, blaming fuel costs and new safety rules.</p>
<p>Commuters’ groups said the rise was “unjustified” and promised to take the matter to the
regional transport board, which must approve any change before it takes effect.</p>
<p>The operator said it expected the board to decide before the end of March.</p>
</article><footer>© 2025 The Bay Herald</footer></body></html>"""


def raw(data: bytes | str, **hints: str) -> RawDocument:
    body = data.encode("utf-8") if isinstance(data, str) else data
    return RawDocument(source="test", data=body, **hints)


def bad_input(tmp_path: Path, name: str, fallback: bytes) -> bytes:
    """The colleague's fixture when present, else an equivalent generated input."""
    fixture = BAD / name
    if fixture.exists():
        return fixture.read_bytes()
    return fallback


@pytest.fixture
def random_high_bytes() -> bytes:
    rng = random.Random(1)
    return bytes(rng.randrange(128, 256) for _ in range(2000))


def test_plain_text_article() -> None:
    doc = clean(raw("Posted by admin\n\n" + ARTICLE + "\nShare this:\nFacebook\n"))
    assert doc.text.startswith("Harbour dredging plan delayed again\n\nThe city council")
    assert doc.text.endswith("before next summer.")
    assert doc.title == "Harbour dredging plan delayed again"
    assert doc.author is None  # "admin" is no author
    assert doc.language == "en"
    assert doc.published.value is None
    assert [r.reason for r in doc.removed] == ["byline", "share_buttons", "share_buttons"]


def test_byline_gives_author_and_broken_byline_none() -> None:
    assert clean(raw("By Jane Okafor\n\n" + ARTICLE)).author == "Jane Okafor"
    assert clean(raw("in ,\n\n" + ARTICLE)).author is None
    assert clean(raw("Posted by Sam Reyes | 2 days ago\n\n" + ARTICLE)).author == "Sam Reyes"


def test_outlet_from_junk_lines() -> None:
    junk = "\n\nSupport The Harbour Ledger on Patreon!\n© 2026 The Harbour Ledger\n"
    assert clean(raw(ARTICLE + junk)).outlet == "The Harbour Ledger"


def test_text_normalised_but_characters_kept() -> None:
    text = (
        "Quotes stay\r\n\r\n\r\n\r\n"
        "He said \u201cno\u201d\u00a0\u2014 twice, and it\u2019s final.   \r\n"
    )
    doc = clean(raw(text * 3))
    assert "\r" not in doc.text and "\n\n\n" not in doc.text
    assert "\u201cno\u201d\u00a0\u2014" in doc.text and "it\u2019s" in doc.text
    assert all(line == line.rstrip() for line in doc.text.split("\n"))


def test_hints_override_and_published_argument_wins() -> None:
    hinted = raw(
        ARTICLE, title="Hinted", author="A. Writer", outlet="Hint Post", published="2020-05"
    )
    doc = clean(hinted)
    assert (doc.title, doc.author, doc.outlet) == ("Hinted", "A. Writer", "Hint Post")
    assert (doc.published.value, doc.published.precision) == ("2020-05", "month")
    given = clean(hinted, published="2021-01-02")
    assert (given.published.value, given.published.method) == ("2021-01-02", "given")


def test_html_article_with_metadata() -> None:
    doc = clean(raw(HTML, content_type="html", url="https://bay.example/ferry"))
    assert doc.text.startswith("Ferry fares to rise in April")
    assert "“unjustified”" in doc.text
    assert "Home" not in doc.text.split("\n")
    assert doc.author == "Maria Lindqvist"
    assert doc.outlet == "The Bay Herald"
    assert (doc.published.value, doc.published.method) == ("2025-02-14", "html")
    assert doc.url == "https://bay.example/ferry"


def test_sniffing() -> None:
    assert sniff_content_type(HTML.encode()) == "html"
    assert sniff_content_type(ARTICLE.encode()) == "text"


def test_html_without_main_text(tmp_path: Path) -> None:
    data = bad_input(
        tmp_path,
        "no_main_text.html",
        b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    )
    with pytest.raises(DropError) as caught:
        clean(raw(data, content_type="html"))
    assert caught.value.reason == "no_main_text"


@pytest.mark.parametrize(
    ("name", "fallback", "reason"),
    [
        ("binary.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("empty.txt", b"", "empty"),
        ("whitespace.txt", b"  \n\t\n   ", "empty"),
        ("german.txt", GERMAN.encode("utf-8"), "not_english"),
    ],
)
def test_drops(tmp_path: Path, name: str, fallback: bytes, reason: str) -> None:
    with pytest.raises(DropError) as caught:
        clean(raw(bad_input(tmp_path, name, fallback)))
    assert caught.value.reason == reason
    assert caught.value.source == "test"


def test_not_english_names_the_language() -> None:
    with pytest.raises(DropError, match="'de'"):
        clean(raw(GERMAN))


def test_undecodable(tmp_path: Path, random_high_bytes: bytes) -> None:
    with pytest.raises(DropError) as caught:
        decode(bad_input(tmp_path, "undecodable.txt", random_high_bytes))
    assert caught.value.reason == "undecodable"


def test_latin1_decodes(tmp_path: Path) -> None:
    sample = "The café owner, Renée, said the crème brûlée sold out by noon. " * 3
    data = bad_input(tmp_path, "latin1.txt", sample.encode("latin-1"))
    doc = clean(raw(data))
    assert "é" in doc.text and "\ufffd" not in doc.text


def test_boms_are_honoured() -> None:
    assert decode(b"\xef\xbb\xbfHello there") == "Hello there"
    assert decode("Hello there".encode("utf-16")) == "Hello there"


def test_short_non_english_looking_text_is_kept() -> None:
    doc = clean(raw("Putin Erdogan Assad\n\nMosul Raqqa Aleppo Idlib."))
    assert doc.text.endswith("Idlib.")


@pytest.mark.shared
def test_reference_article_document() -> None:
    path = SHARED / "corpus" / "seed" / "the-duran-mosul-stalled-2016.txt"
    if not path.exists():
        pytest.skip(f"reference article not found under {SHARED}")
    doc = clean(RawDocument(source=str(path), data=path.read_bytes()))
    assert doc.title == "The operation to free ISIS-held Mosul has stalled"
    assert doc.text.startswith(doc.title)
    assert doc.text.endswith("it will take place in Russia.")
    assert doc.author is None
    assert doc.outlet == "The Duran"
    assert doc.language == "en"
    assert doc.published.value is None
    assert len(doc.removed) == 11


def test_overlap_scores() -> None:
    assert overlap("a b c d", "a b c d") == (1.0, 1.0, 1.0)
    precision, recall, _ = overlap("a b c d", "a b x y z w")
    assert (precision, recall) == (2 / 6, 2 / 4)


@pytest.mark.shared
def test_extraction_benchmark_sample() -> None:
    if not (SHARED / "data" / "article-extraction-benchmark" / "ground-truth.json").exists():
        pytest.skip(f"article-extraction-benchmark not found under {SHARED}")
    result = score_extraction(SHARED, limit=20)
    assert result["pages"] == 20
    assert result["f1"] >= 0.9


def test_outlet_from_masthead_named_again_in_junk() -> None:
    page = (
        "Quarry Hill Gazette\nSign in\n\nQuarry reopening delayed\n\n" + ARTICLE.split("\n\n", 1)[1]
        + "\nThe views expressed are the writer's and not necessarily those of the "
        "Quarry Hill Gazette.\n"
    )
    doc = clean(raw(page))
    assert doc.title == "Quarry reopening delayed"
    assert doc.outlet == "Quarry Hill Gazette"
    assert "masthead" in [r.reason for r in doc.removed]


def test_leading_dated_line_is_a_dateline() -> None:
    doc = clean(raw("Politics | 3 March 2026\n\n" + ARTICLE))
    assert [(r.reason, r.text) for r in doc.removed] == [("dateline", "Politics | 3 March 2026")]


def test_html_reader_comment_not_in_text() -> None:
    sample = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "data" / "sample"
    path = sample / "harbour_port_strike.html"
    doc = clean(RawDocument(source=str(path), data=path.read_bytes()))
    assert "The strike will be over by Friday" not in doc.text
    assert doc.outlet == "The Harbour Ledger"
