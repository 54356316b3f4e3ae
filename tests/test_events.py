"""Events (issue 6): PLOVER type and mode, actors, place, date and modality of each event
predicate in a statement. Sentences and articles in tests/fixtures/events are our own words;
the reference article is read in place from ../shared and skipped when it is absent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.event_dates import date_of, event_date
from newsledger.event_types import event_lexicon
from newsledger.record import ResolveBy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
CASES = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))["cases"]
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                "ASSAULT", "OTHER"}


def _events(analyzer: Any, text: str, published: str) -> list[dict[str, Any]]:
    return analyzer.analyze_text(text, published=published).to_dict()["events"]  # type: ignore[no-any-return]


def _by_trigger(events: list[dict[str, Any]], trigger: str) -> dict[str, Any]:
    hits = [e for e in events if e["trigger"]["text"] == trigger]
    assert len(hits) == 1, f"expected one event on {trigger!r}, got {events}"
    return hits[0]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['trigger']}:{c['modality']}" for c in CASES])
def test_fixture_sentence(analyzer: Any, case: dict[str, Any]) -> None:
    event = _by_trigger(_events(analyzer, case["text"], case["published"]), case["trigger"])
    assert event["type"] == case["type"]
    assert event["modality"] == case["modality"]
    if "mode" in case:
        assert event["mode"] == case["mode"]
    if "country" in case:
        assert event["place"] is not None and event["place"]["country"] == case["country"]
    if "date" in case:
        assert event["date"] is not None and event["date"]["value"] == case["date"]
    if "precision" in case:
        assert event["date"] is not None and event["date"]["precision"] == case["precision"]
    if "actor" in case:
        assert case["actor"] in [a["name"] for a in event["actors"]]
    if "recipient" in case:
        assert case["recipient"] in [a["name"] for a in event["recipients"]]


def test_no_event_predicates_no_events(analyzer: Any) -> None:
    text = (FIXTURES / "no_events.txt").read_text(encoding="utf-8")
    out = analyzer.analyze_text(text, published="2026-03-02").to_dict()
    assert out["statements"], "the fixture has statements; they just report no events"
    assert out["events"] == []


def test_article_modalities_and_links(analyzer: Any) -> None:
    text = (FIXTURES / "border_town.txt").read_text(encoding="utf-8")
    out = analyzer.analyze_text(text, published="2026-10-14").to_dict()
    events = out["events"]
    ids = {s["id"] for s in out["statements"]}
    assert all(e["statement_id"] in ids for e in events)
    assert len({e["id"] for e in events}) == len(events)
    assert all(e["type"] in PLOVER_TYPES for e in events)
    shelled = _by_trigger(events, "shelled")
    assert (shelled["type"], shelled["mode"], shelled["modality"]) == (
        "ASSAULT", "heavy-weapons", "asserted")
    assert shelled["place"]["country"] == "UA"
    assert shelled["date"]["value"] == "2026-10-13"
    meet = _by_trigger(events, "meet")
    assert (meet["type"], meet["modality"], meet["place"]["country"]) == (
        "CONSULT", "future", "TR")
    assert _by_trigger(events, "offensive")["modality"] == "hypothetical"
    siege = _by_trigger(events, "siege")
    assert siege["modality"] == "historical" and siege["date"]["value"] == "2014"
    # The fighting is what reminds; the 2014 date belongs to the siege it recalls.
    assert _by_trigger(events, "fighting")["modality"] == "asserted"
    assert _by_trigger(events, "refused")["modality"] == "asserted"
    assert _by_trigger(events, "withdraw")["modality"] == "negated"
    assert _by_trigger(events, "ceasefire")["modality"] == "negated"
    assert not [e for e in events if e["trigger"]["text"] == "agreed"]  # carries the ceasefire


def test_events_are_stable_across_runs(analyzer: Any) -> None:
    text = (FIXTURES / "border_town.txt").read_text(encoding="utf-8")
    first = analyzer.analyze_text(text, published="2026-10-14").to_dict()["events"]
    again = analyzer.analyze_text(text, published="2026-10-14").to_dict()["events"]
    assert first == again


def test_event_date_values() -> None:
    week = event_date("2016-W46")
    assert week is not None and (week.precision, week.earliest, week.latest) == (
        "week", "2016-11-14", "2016-11-20")
    month = event_date("2017-02")
    assert month is not None and (month.precision, month.latest) == ("month", "2017-02-28")
    assert event_date("PRESENT_REF") is None
    assert event_date("2017-13") is None


def test_resolve_window_runs_from_publication_to_deadline() -> None:
    from newsledger.event_dates import resolve_window

    window = resolve_window(ResolveBy(value="2017-01", precision="month"), dt.date(2016, 11, 21))
    assert window is not None
    assert (window.value, window.earliest, window.latest) == ("2017-01", "2016-11-21",
                                                              "2017-01-31")


def test_date_of_without_tokens_is_none() -> None:
    assert date_of([], [], None) is None


def test_lexicon_covers_every_plover_type() -> None:
    lex = event_lexicon()
    types = {t for t, _ in lex.verbs.values()} | {t for t, _ in lex.nouns.values()}
    types |= {s["type"] for senses in lex.senses.values() for s in senses}
    assert types == PLOVER_TYPES
    assert event_lexicon() is lex  # loaded once


# --- the reference article -------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_events(shared_dir: Path, analyzer: Any) -> dict[str, Any]:
    from newsledger.record import RawDocument

    path = shared_dir / "corpus" / "seed" / "the-duran-mosul-stalled-2016.txt"
    raw = RawDocument(source=str(path), data=path.read_bytes())
    return analyzer.analyze_raw(raw).to_dict()  # type: ignore[no-any-return]


def _within(date: dict[str, Any] | None, month: str) -> bool:
    return date is not None and date["earliest"][:7] == month and date["latest"][:7] == month


def test_seed_meeting_is_a_future_consult_in_russia_in_january(seed_events: Any) -> None:
    hits = [e for e in seed_events["events"] if e["type"] == "CONSULT"
            and e["modality"] == "future" and e["place"] and e["place"]["country"] == "RU"
            and _within(e["date"], "2017-01")]
    assert hits, seed_events["events"]


def test_seed_donbass_assault_is_historical_2014(seed_events: Any) -> None:
    hits = [e for e in seed_events["events"] if e["type"] == "ASSAULT"
            and e["place"] and e["place"]["name"] == "Donbass"
            and e["date"] and e["date"]["value"] == "2014"]
    assert hits and all(e["modality"] == "historical" for e in hits)


def test_seed_purge_in_mosul_is_asserted_october_2016(seed_events: Any) -> None:
    hits = [e for e in seed_events["events"] if e["trigger"]["text"] == "purge"
            and e["place"] and e["place"]["name"] == "Mosul" and _within(e["date"], "2016-10")]
    assert hits and all(e["modality"] == "asserted" for e in hits)


def test_seed_no_dated_past_or_future_event_counted_as_asserted(seed_events: Any) -> None:
    """An asserted event is not dated a year or more before publication, nor after it, and
    no forecast yields an asserted event."""
    published = dt.date.fromisoformat(seed_events["document"]["published"]["value"])
    forecasts = {s["id"] for s in seed_events["statements"] if s["kind"] == "forecast"}
    asserted = [e for e in seed_events["events"] if e["modality"] == "asserted"]
    assert asserted
    for e in asserted:
        assert e["statement_id"] not in forecasts
        if e["date"]:
            assert dt.date.fromisoformat(e["date"]["latest"]) > published - dt.timedelta(365)
            assert dt.date.fromisoformat(e["date"]["earliest"]) <= published


def test_seed_the_2014_ukraine_story_is_not_current(seed_events: Any) -> None:
    """The article (late 2016, on Iraq and Syria) recalls the 2014 Donbass campaign over three
    sentences; none of its events may be counted as asserted current events."""
    ukraine = [e for e in seed_events["events"] if e["place"] and e["place"]["country"] == "UA"]
    assert len(ukraine) >= 3
    assert all(e["modality"] != "asserted" for e in ukraine)
    assert any(e["modality"] == "historical" and e["type"] == "ASSAULT" for e in ukraine)


@pytest.mark.parametrize("text", [
    "The war on drugs failed, critics said.",
    "Officials say climate change is the greatest long-term threat facing the region.",
    "Mortgage lenders cut their fixed-rate deals in the weeks after the announcement.",
    "The idea strikes me as the wrong way round.",
    "Mr. Ban focused on climate change during his second term.",
    "The plan has been met with opposition from farmers.",
])
def test_figurative_uses_are_no_events(analyzer: Any, text: str) -> None:
    assert _events(analyzer, text, "2026-03-12") == []


def test_dateline_is_not_the_place_of_the_event(analyzer: Any) -> None:
    # The reporter files from the dateline city; the ambush's own clause names no place.
    events = _events(analyzer, "LONDON — Militants ambushed an army convoy on Sunday, "
                     "officials said.", "2026-11-24")
    assert _by_trigger(events, "ambushed")["place"] is None


def _article_events(analyzer: Any, name: str) -> list[dict[str, Any]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return _events(analyzer, text, "2026-11-24")


def test_protest_article(analyzer: Any) -> None:
    events = _article_events(analyzer, "capital_protests.txt")
    # A purpose of the same act is no unrealised aim: marching "to protest" is protesting.
    assert _by_trigger(events, "protest")["modality"] == "asserted"
    # "once they had been charged" waits for a time; it supposes nothing.
    assert _by_trigger(events, "released")["modality"] == "future"
    # "last year" in a November article is a closed story.
    assert _by_trigger(events, "Protests")["modality"] == "historical"
    # A bare "Congress" in a Peruvian story is not the US Congress.
    names = {a["name"] for e in events for a in e["actors"] + e["recipients"]}
    assert "United States Congress" not in names


def test_sanctions_article(analyzer: Any) -> None:
    events = _article_events(analyzer, "trade_sanctions.txt")
    expelled = _by_trigger(events, "expelled")  # "in 2021, when Washington also expelled"
    assert expelled["modality"] == "historical" and expelled["date"]["value"] == "2021"
    assert _by_trigger(events, "rejected")["type"] == "REJECT"
    agreed = _by_trigger(events, "agreed")
    assert agreed["modality"] == "negated"
    # "Washington" acts in the when-clause; it does not say where the 2021 sanctions were.
    old = [e for e in events if e["trigger"]["text"] == "sanctions"
           and e["modality"] == "historical"]
    assert len(old) == 1 and old[0]["place"] is None


def test_peace_talks_article(analyzer: Any) -> None:
    events = _article_events(analyzer, "peace_talks.txt")
    talks = [e for e in events if e["trigger"]["text"] == "talks"]
    assert [e["modality"] for e in talks] == ["future", "historical"]  # headline, 2023
    assert _by_trigger(events, "strike")["modality"] == "negated"  # "denied carrying out"
    ceasefire = _by_trigger(events, "ceasefire")  # "collapsed in 2023 after ... violated"
    assert ceasefire["modality"] == "historical"
    assert {e["modality"] for e in events if e["trigger"]["text"] == "truce"} == {
        "hypothetical"}
    assert _by_trigger(events, "withdrew")["modality"] == "hypothetical"


def test_flood_aid_article(analyzer: Any) -> None:
    events = _article_events(analyzer, "flood_aid.txt")
    aid = _by_trigger(events, "aid")  # "Japan will send $40 million in emergency aid to ..."
    assert (aid["type"], aid["modality"]) == ("AID", "future")
    assert [a["name"] for a in aid["actors"]] == ["Japan"]
    assert [a["name"] for a in aid["recipients"]] == ["Pakistan"]
    # An offer commits to assistance; it does not deliver it.
    assert _by_trigger(events, "assistance")["modality"] == "future"


def test_with_or_without_is_not_a_denial(analyzer: Any) -> None:
    with_or_without = analyzer.analyze_text(
        "Ministers will decide next month, with or without a ban on exports.",
        published="2026-11-01")
    assert [e.modality for e in with_or_without.events if e.trigger.text == "ban"] == ["future"]
    without = analyzer.analyze_text("The talks went ahead without a ceasefire.",
                                    published="2026-11-01")
    assert [e.modality for e in without.events if e.trigger.text == "ceasefire"] == ["negated"]
