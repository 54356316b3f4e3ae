"""The plain-text junk trimmer, on the reference article and on invented scraped pages."""

# Scraped paragraphs are single long lines; the sample pages keep them that way.
# ruff: noqa: E501

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.boilerplate import classify_line, load_lexicon, trim

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def seed() -> tuple[str, dict[str, object]]:
    text_path = SHARED / "corpus" / "seed" / "the-duran-mosul-stalled-2016.txt"
    gold_path = SHARED / "gold" / "seed.json"
    if not (text_path.exists() and gold_path.exists()):
        pytest.skip(f"reference article not found under {SHARED}")
    return text_path.read_text("utf-8"), json.loads(gold_path.read_text("utf-8"))


@pytest.mark.shared
def test_reference_article_bounds_and_junk(seed: tuple[str, dict[str, object]]) -> None:
    text, gold = seed
    body, removed = trim(text)
    bounds = gold["main_text"]
    assert isinstance(bounds, dict)
    assert body.startswith(bounds["starts_with"])
    assert body.endswith(bounds["ends_with"])
    assert [item.text for item in removed] == gold["boilerplate"]
    # No article sentence lost: every removed line is gold junk, and the body is the rest.
    for line in text.splitlines():
        if line.strip() and line.strip() not in gold["boilerplate"]:
            assert line.rstrip() in body


HARBOUR = """Posted by admin
By |

Harbour dredging plan delayed again

The city council voted on Tuesday to postpone the dredging of the north harbour for a third time, citing rising costs.

Officials said the project, first proposed in 2019, would now cost twice the original estimate.

Time will tell.

Share this:
Facebook
Twitter
Support The Harbour Ledger on Patreon!
Leave a Reply
Council elections set for spring
Ferry operator announces new winter timetable
"""

NORTHGATE = """Home | News | Opinion | Sport
In ,

Why the bridge vote matters

The regional assembly will vote next month on whether to fund the new river crossing.

Supporters say the bridge would cut journey times by half. Critics say the money is better spent on buses.

As one resident put it: “We have waited forty years for this bridge, and we can wait a little longer for it to be done right.”

5 5 votes
Rate this article
The views expressed in this article are the author's own and do not necessarily reflect those of Northgate Courier.
Thoughts?
12 Comments
Load more comments
Related Articles
Mayor defends budget cuts
New school opens in east district
"""

PLAINS = """By Jane Okafor | March 3, 2026

Drought forces early harvest

Farmers across the plains began harvesting three weeks early this year as the drought deepened.

“If the rain does not come by June, we will lose the second planting,” said one grower.

Tags: drought, farming, weather
© 2026 Plains Post. All rights reserved.
"""


@pytest.mark.parametrize(
    ("text", "first", "last", "junk"),
    [
        (
            HARBOUR,
            "Harbour dredging plan delayed again",
            "Time will tell.",
            {
                "Posted by admin": "byline",
                "By |": "byline",
                "Share this:": "share_buttons",
                "Facebook": "share_buttons",
                "Support The Harbour Ledger on Patreon!": "appeal",
                "Leave a Reply": "comment_box",
                "Ferry operator announces new winter timetable": "related_headlines",
            },
        ),
        (
            NORTHGATE,
            "Why the bridge vote matters",
            "for it to be done right.”",
            {
                "Home | News | Opinion | Sport": "navigation",
                "In ,": "byline",
                "5 5 votes": "rating_widget",
                "Thoughts?": "comment_box",
                "12 Comments": "comment_box",
                "Related Articles": "related_headlines",
                "New school opens in east district": "related_headlines",
            },
        ),
        (
            PLAINS,
            "Drought forces early harvest",
            "said one grower.",
            {
                "By Jane Okafor | March 3, 2026": "byline",
                "Tags: drought, farming, weather": "tags",
                "© 2026 Plains Post. All rights reserved.": "copyright",
            },
        ),
    ],
    ids=["short-last-sentence", "quotation-last", "byline-and-copyright"],
)
def test_invented_pages(text: str, first: str, last: str, junk: dict[str, str]) -> None:
    body, removed = trim(text)
    assert body.startswith(first)
    assert body.endswith(last)
    reasons = {item.text: item.reason for item in removed}
    for line, reason in junk.items():
        assert reasons.get(line) == reason, line
    assert all(item.text not in body.splitlines() for item in removed)


def test_clean_article_is_untouched() -> None:
    text = "Rain expected\n\nForecasters expect rain on Friday.\n\nIt will not last."
    assert trim(text) == (text, [])


def test_weak_cue_alone_is_the_authors_last_line() -> None:
    text = (
        "Old question\n\nThe council has argued about parking for a decade.\n\nWhat do you think?"
    )
    body, removed = trim(text)
    assert body.endswith("What do you think?")
    assert removed == []


def test_headline_like_line_before_junk_is_kept() -> None:
    text = (
        "Title here\n\nA first paragraph that is plainly prose.\n\nA Closing Thought\n\nNotify of"
    )
    body, removed = trim(text)
    assert body.endswith("A Closing Thought")
    assert [item.reason for item in removed] == ["comment_box"]


def test_middle_junk_left_alone_except_widgets() -> None:
    text = (
        "Title\n\nFirst paragraph of the story goes here.\n\nRelated Articles\n\n"
        "Advertisement\n\nSecond paragraph of the story goes here."
    )
    body, removed = trim(text)
    assert "Related Articles" in body
    assert [(item.text, item.reason) for item in removed] == [("Advertisement", "advertisement")]


def test_prose_starting_with_by_is_not_a_byline() -> None:
    assert classify_line("By Monday, the troops had retreated from the city.").kind == "prose"
    assert classify_line("By the end of the year it will be over.").kind == "prose"
    assert classify_line("By Jane Doe").reason == "byline"


def test_lexicon_loads_from_data() -> None:
    lexicon = load_lexicon()
    reasons = {rule.reason for rule in lexicon.rules}
    assert {"byline", "rating_widget", "appeal", "comment_box", "disclaimer"} <= reasons


JUNK = Path(__file__).parent / "fixtures" / "junk"
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "data" / "sample"


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("path", sorted(JUNK.glob("*.txt")), ids=lambda p: p.stem)
def test_junk_fixtures(path: Path) -> None:
    """Invented pages (Substack, WordPress, TV station, wire, press release, forum…): the main
    text's bounds, title, outlet and author as the sidecar JSON says; no reader comment."""
    from newsledger.clean import clean
    from newsledger.record import RawDocument

    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    doc = clean(RawDocument(source=str(path), data=path.read_bytes()))
    paragraphs = _paragraphs(doc.text)
    assert paragraphs[0] == expected["first"]
    assert paragraphs[-1] == expected["last"]
    assert doc.title == expected["title"]
    assert doc.outlet == expected["outlet"]
    assert doc.author == expected.get("author")
    for phrase in expected.get("absent", []):
        assert phrase not in doc.text


def test_at_least_eight_junk_fixtures() -> None:
    assert len(list(JUNK.glob("*.txt"))) >= 8


SAMPLES = {
    "ashcombe_rent_cap": ("Ashcombe council set to vote", "cannot come soon enough.", "Riverside Standard"),
    "cedar_ridge_wildfire_column": ("We keep rebuilding", "after the next fire.", "Cedar Ridge Voice"),
    "harwick_relegation": ("Harwick United sink deeper", '"It just feels like it."', "The Touchline Gazette"),
    "karsh_valley_ceasefire": ("Mediators push for Karsh", "Time will tell.", "Frontier Dispatch"),
    "signal_noise_ai_bill": ("Valmora's AI bill is coming", "Watch this space.", "Signal & Noise"),
    "valmora_rates_hold": ("Bank of Valmora holds rates", "a little longer for relief.", "Copperline Business Daily"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_bundled_text_samples(name: str) -> None:
    from newsledger.clean import clean
    from newsledger.record import RawDocument

    first, last, outlet = SAMPLES[name]
    path = SAMPLE / f"{name}.txt"
    doc = clean(RawDocument(source=str(path), data=path.read_bytes()))
    assert doc.text.startswith(first)
    assert doc.text.endswith(last)
    assert doc.title is not None and doc.title.startswith(first)
    assert doc.outlet == outlet
    assert doc.author in (None, "Marguerite Olsen")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Opinion | 2 July 2026", "dateline"),
        ("Dec 18, 2025 · 7 min read", "dateline"),
        ("Updated: 5 May 2026, 14:32", "dateline"),
        ("Subscribe   Sign in", "appeal"),
        ("News  Opinion  Outdoors  Events  Obituaries  Donate", "navigation"),
        ("Sport / Football / Match Reports", "navigation"),
        ("News › Crime", "navigation"),
        ("Click to share on X (Opens in new window)", "share_buttons"),
        ("Share on:  f   t   in   ✉", "share_buttons"),
        ("Listen to this article  6 min", "widget"),
        ("Comments (3)", "comment_box"),
        ("Sort by: Newest | Oldest | Top", "comment_box"),
        ("Add a comment...", "comment_box"),
        ("Like Loading...", "share_buttons"),
        ("(Reporting by Ann Lee; Editing by Bo Kim)", "credits"),
        ("###", "end_mark"),
    ],
)
def test_line_shapes_and_cues(line: str, reason: str) -> None:
    assert classify_line(line).reason == reason


def test_prose_with_double_spaces_is_not_navigation() -> None:
    line = "Most reports placed him in Raqqah.  More recent reports claim he is in Mosul."
    assert classify_line(line).kind == "prose"


def test_masthead_and_section_labels_go_headline_stays() -> None:
    text = (
        "Hilltop Herald\n\nSign in\n\nWORLD\n\nTalks resume in Geneva\n\n"
        "Negotiators met again on Monday after a week-long pause in the talks over the dam.\n"
    )
    body, removed = trim(text)
    assert body.startswith("Talks resume in Geneva")
    reasons = {item.text: item.reason for item in removed}
    assert reasons["Hilltop Herald"] == "masthead"
    assert reasons["WORLD"] == "section"


def test_headline_above_byline_and_standfirst_stay() -> None:
    text = (
        "Ferry strike ends after nine days\n\nUnions accept a two-year pay deal\n\n"
        "By Ann Lee\n\nThe ferry strike ended on Friday when the unions accepted the offer.\n"
    )
    body, _ = trim(text)
    assert body.startswith("Ferry strike ends after nine days\n\nUnions accept a two-year pay deal")


def test_comment_section_is_cut_even_when_prose() -> None:
    text = (
        "Title here\n\nThe article's only paragraph, which is plainly prose and long enough.\n\n"
        "2 Comments\n\nThis is a reader's long comment, written in whole sentences like prose.\n"
    )
    body, removed = trim(text)
    assert body.endswith("long enough.")
    assert removed[-1].reason == "reader_comment"


def test_authors_last_line_mentioning_readers_stays() -> None:
    text = (
        "Title here\n\nA first paragraph that is plainly prose.\n\n"
        "Readers will have to decide for themselves whether this support is deserved."
    )
    assert trim(text)[1] == []
