"""The rules extractor on sentences written for these tests (general behaviour, not the seed)."""

from __future__ import annotations

from typing import Any

import pytest

DCT = "2026-09-11"


def _statements(analyzer: Any, text: str, published: str = DCT) -> list[dict[str, Any]]:
    return analyzer.analyze_text(text, published=published).to_dict()["statements"]


def _one(rows: list[dict[str, Any]], needle: str) -> dict[str, Any]:
    found = [r for r in rows if needle in r["text"]]
    assert found, f"no statement contains {needle!r}: {[r['text'] for r in rows]}"
    return found[0]


def test_forecast_in_reported_speech_keeps_source(analyzer: Any) -> None:
    rows = _statements(analyzer, "The central bank expects inflation to fall below 3% by "
                       "March, its governor told reporters on Thursday.")
    s = _one(rows, "inflation")
    assert s["kind"] == "forecast"
    assert "central bank" in s["speaker"].lower()
    assert s["resolve_by"] == {"value": "2027-03", "precision": "month"}
    assert s["proposition"].startswith("Will inflation fall below 3%")


def test_conditional_forecast(analyzer: Any) -> None:
    rows = _statements(analyzer, "If the talks fail, the strike will spread to the ferry "
                       "terminals within two weeks.")
    s = _one(rows, "strike will spread")
    assert s["kind"] == "forecast"
    assert s["condition"] and "talks fail" in s["condition"]
    assert s["resolve_by"] == {"value": "2026-09-25", "precision": "day"}
    assert "talks fail" not in s["text"]


def test_rhetorical_future_is_not_a_forecast(analyzer: Any) -> None:
    rows = _statements(analyzer, "The council ignored every warning for a decade. History "
                       "will judge them harshly.")
    assert all(r["kind"] != "forecast" for r in rows)


@pytest.mark.parametrize(("text", "needle", "kind"), [
    pytest.param("As I predicted last spring, the reservoirs fell below 40 percent before the "
                 "end of July.", "reservoirs", "past_forecast_reference",
                 id="past_forecast_reference"),
    pytest.param("Last year I also said the mill would close, and it closed in March.",
                 "mill would close", "past_forecast_reference",
                 id="past_reference_with_the_speech_verb_in_the_frame"),
    pytest.param("The growers' association said yields would be 15 per cent lower than last "
                 "year.", "yields would be", "forecast",
                 id="a_compared_year_does_not_make_a_forecast_past"),
])
def test_kind_of_a_statement_about_the_past(analyzer: Any, text: str, needle: str,
                                            kind: str) -> None:
    assert _one(_statements(analyzer, text), needle)["kind"] == kind


def test_plain_said_with_present_content_is_a_claim(analyzer: Any) -> None:
    rows = _statements(analyzer, "In my last column I said that the new stadium looks "
                       "unfinished and cramped.")
    assert all(r["kind"] == "claim" for r in rows)


def test_named_speaker_and_pronoun(analyzer: Any) -> None:
    text = ("Maria Okafor, the city's finance director, said the deficit would close by "
            "June 2027. She added that the council will vote on the plan next month.")
    rows = _statements(analyzer, text)
    first = _one(rows, "deficit")
    assert first["speaker"] == "Maria Okafor"
    assert first["source"]["type"] == "person"
    second = _one(rows, "council will vote")
    assert second["speaker"] == "Maria Okafor"
    assert second["kind"] == "forecast"
    assert second["resolve_by"]["value"] == "2026-10"


def test_unnamed_passive_source(analyzer: Any) -> None:
    rows = _statements(analyzer, "It is believed that the minister will resign before the "
                       "end of the year.")
    s = _one(rows, "minister will resign")
    assert s["source"] is not None and s["source"]["type"] == "unnamed"
    assert s["kind"] == "forecast"
    assert s["resolve_by"] == {"value": "2026-12-31", "precision": "day"}


def test_according_to(analyzer: Any) -> None:
    rows = _statements(analyzer, "According to the port authority, nine ships are waiting "
                       "outside the harbour.")
    s = _one(rows, "nine ships")
    assert "port authority" in s["source"]["text"]
    assert s["kind"] == "claim"


@pytest.mark.parametrize("text,low,high", [
    ("Prices are not likely to fall this winter.", 0.2, 0.4),
    ("The plan will almost certainly fail.", 0.85, 1.0),
    ("The bridge may reopen next year.", 0.25, 0.6),
    ("It is highly unlikely that the bill passes this year.", 0.0, 0.15),
])
def test_certainty_ranges(analyzer: Any, text: str, low: float, high: float) -> None:
    rows = _statements(analyzer, text)
    cert = rows[0]["certainty"]
    assert low <= cert["low"] <= cert["high"] <= high, cert


def test_cannot_be_confirmed_is_uncommitted(analyzer: Any) -> None:
    rows = _statements(analyzer, "Several reports placed the general in the capital. These "
                       "reports cannot be confirmed.")
    s = _one(rows, "cannot be confirmed")
    assert s["certainty"]["phrase"] == "cannot be confirmed"
    assert s["speaker"] == "author"


def test_ids_are_stable(analyzer: Any) -> None:
    text = "The mayor said the tram line will open in May 2027."
    a = _statements(analyzer, text)
    b = _statements(analyzer, text)
    assert a and [s["id"] for s in a] == [s["id"] for s in b]


def test_curly_apostrophe_contractions_keep_their_modal(analyzer: Any) -> None:
    rows = _statements(analyzer, "“We’ll close the branch in March,” the bank’s chief said.")
    s = _one(rows, "close the branch")
    assert s["kind"] == "forecast"
    assert s["resolve_by"] == {"value": "2027-03", "precision": "month"}
    assert s["proposition"].startswith("Will we close the branch")


@pytest.mark.parametrize(("text", "needle"), [
    ("Most analysts expect a decision on the merger in the second half of 2027.", "decision"),
    ("The ministry has promised a review of the licence fees by the spring.", "review"),
    ("A final vote on the budget is scheduled for November 20.", "final vote"),
    ("The last two turbines are due in December, the operator said.", "turbines"),
    ("The agency gives the team a 40 per cent chance of reaching the final.", "chance"),
    ("Mr Okafor insisted on Monday that he would not stand down.", "stand down"),
    ("I think it probably will.", "probably will"),
])
def test_future_without_a_future_tense(analyzer: Any, text: str, needle: str) -> None:
    """Futures carried by a noun object, a timetable word, a stated chance or an elided verb;
    a past date in the speech tag does not make the forecast past."""
    assert _one(_statements(analyzer, text), needle)["kind"] == "forecast"


@pytest.mark.parametrize("text", [
    "Every time the river floods, the council promises new defences.",
    "Whatever happens next season, football will always break your heart.",
    "The strike will last as long as it takes, the union leader said.",
    "We would rather wait a year than open an unsafe bridge.",
    "The treaty says member states must report their emissions by the end of 2027.",
    "She warned that the outbreak had not yet peaked.",
])
def test_generic_habitual_and_obligation_are_not_forecasts(analyzer: Any, text: str) -> None:
    assert all(r["kind"] != "forecast" for r in _statements(analyzer, text))


def test_headline_repeated_in_the_body_is_counted_once(analyzer: Any) -> None:
    text = ("Harbour tunnel to open next spring, ministry says\n\n"
            "The new harbour tunnel will open to traffic next spring, the transport ministry "
            "said on Tuesday. Engineers finished the last section of the tube in August.")
    forecasts = [r for r in _statements(analyzer, text) if r["kind"] == "forecast"]
    assert len(forecasts) == 1
    assert forecasts[0]["text"].startswith("The new harbour tunnel will open")


def test_headline_forecast_alone_is_kept(analyzer: Any) -> None:
    text = ("Port strike will spread to the ferries, union warns\n\n"
            "Dock workers walked out on Monday over pay. The port authority said talks had "
            "broken down after six hours.")
    forecasts = [r for r in _statements(analyzer, text) if r["kind"] == "forecast"]
    assert any("ferries" in r["text"] for r in forecasts)


def test_coordinated_forecasts_about_the_same_thing_are_one(analyzer: Any) -> None:
    rows = _statements(analyzer, "Harlow will finish in the top three, but they will not "
                       "win it.")
    forecasts = [r for r in rows if r["kind"] == "forecast"]
    assert len(forecasts) == 1 and forecasts[0]["text"].endswith("will not win it")
    assert forecasts[0]["proposition"].count("Will") + forecasts[0]["proposition"].count(
        "will") == 2


def test_coordinated_forecasts_about_different_things_stay_apart(analyzer: Any) -> None:
    rows = _statements(analyzer, "The minister said the bridge will open in May, and the "
                       "ferry will stop running in June.")
    assert len([r for r in rows if r["kind"] == "forecast"]) == 2


def test_my_predictions_in_a_present_or_future_clause_are_not_past_references(
        analyzer: Any) -> None:
    rows = _statements(analyzer, "Every spring I publish my predictions for the coming "
                       "season. Nobody will remember my prediction anyway.")
    assert all(r["kind"] != "past_forecast_reference" for r in rows)


def test_conditional_forecast_without_its_own_time_is_due_with_its_condition(
        analyzer: Any) -> None:
    rows = _statements(analyzer, "If the dam is repaired by the end of October, the valley "
                       "will be safe from floods.")
    s = _one(rows, "valley will be safe")
    assert s["kind"] == "forecast"
    assert s["resolve_by"] == {"value": "2026-10-31", "precision": "day"}


def test_then_takes_the_time_of_the_forecast_before(analyzer: Any) -> None:
    rows = _statements(analyzer, "The board will wait until December, and even then the "
                       "increase will be modest.")
    s = _one(rows, "increase will be modest")
    assert s["kind"] == "forecast"
    assert s["resolve_by"] == {"value": "2026-12", "precision": "month"}


@pytest.mark.parametrize(("text", "needle", "question"), [
    ("Most analysts expect a decision on the merger in the second half of 2027.", "decision",
     "Will there be a decision on the merger in the second half of 2027?"),
    ("A final vote on the budget is scheduled for November 20.", "final vote",
     "Will a final vote on the budget go ahead as scheduled for November 20?"),
    ("The agency gives the team a 40 per cent chance of reaching the final.", "chance",
     "Will the team end up reaching the final?"),
    ("On May 31 the voters will throw them out.", "throw them out",
     "Will the voters throw them out on May 31?"),
    ("The outlook gives a 70 per cent probability that average temperatures will exceed the "
     "norm.", "probability", "Will average temperatures exceed the norm?"),
    ("The owners have promised a decision on a new stadium by the summer.", "decision",
     "Will there be a decision on a new stadium by the summer?"),
    ("Sources said the minister favoured a delay and was unlikely to resign on Friday.",
     "unlikely", "Will the minister resign on Friday?"),
    ("PORTMARCH, Sept 11 (Harbour Wire) - The ferry line will reopen in March, its owner "
     "said.", "ferry line", "Will the ferry line reopen in March?"),
    ("Traders are pricing in three rate cuts next year.", "pricing in",
     "Will there be three rate cuts next year?"),
])
def test_questions_for_futures_not_in_the_verb(analyzer: Any, text: str, needle: str,
                                               question: str) -> None:
    assert _one(_statements(analyzer, text), needle)["proposition"] == question


def test_and_even_then_continues_the_forecast_before(analyzer: Any) -> None:
    rows = _statements(analyzer, "I think they will wait until the summer, and even then the "
                       "cut will be small.")
    forecasts = [r for r in rows if r["kind"] == "forecast"]
    assert len(forecasts) == 1 and forecasts[0]["text"].endswith("the cut will be small")


def test_present_tense_conditional_in_reported_speech_is_a_forecast(analyzer: Any) -> None:
    rows = _statements(analyzer, '"If the young voters stay at home, the mayor wins," the '
                       "pollster said.")
    s = _one(rows, "mayor wins")
    assert s["kind"] == "forecast" and s["condition"]


def test_an_event_verb_in_a_period_under_way_is_still_to_come(analyzer: Any) -> None:
    rows = _statements(analyzer, "It may well be that fuel prices rise this month.",
                       published="2026-09-11")
    assert _one(rows, "fuel prices")["kind"] == "forecast"
    rows = _statements(analyzer, 'He told the board last week that "the order book is full".',
                       published="2026-09-11")
    assert all(r["kind"] != "forecast" for r in rows)


@pytest.mark.parametrize(("text", "needle", "condition"), [
    ("The union said its members would stay out until the company restored the bonus.",
     "stay out", "until the company restored the bonus"),
    ("The regulator said it would not fine the firm as long as the leak was fixed quickly.",
     "fine the firm", "the leak was fixed quickly"),
    ("On current trends the reservoir will be empty by August.", "reservoir",
     "on current trends"),
    ('"If the talks fail," she said, "the strike will spread to the airports."', "strike will",
     "the talks fail"),
])
def test_conditions_beyond_if(analyzer: Any, text: str, needle: str, condition: str) -> None:
    s = _one(_statements(analyzer, text), needle)
    assert s["kind"] == "forecast" and condition.lower() in (s["condition"] or "").lower()


def test_even_if_concedes_and_does_not_condition(analyzer: Any) -> None:
    rows = _statements(analyzer, "The ministry said prices would not fall before the spring "
                       "even if the harvest was good.")
    s = _one(rows, "prices would not fall")
    assert s["kind"] == "forecast" and not s["condition"]


def test_future_relative_clause_is_a_forecast_of_its_own(analyzer: Any) -> None:
    rows = _statements(analyzer, "The bridge, which will cost an estimated 90 million crowns, "
                       "was approved in 2022.")
    (s,) = [r for r in rows if r["kind"] == "forecast"]
    assert s["text"] == "which will cost an estimated 90 million crowns"
    assert s["proposition"] == "Will the bridge cost an estimated 90 million crowns?"
    rows = _statements(analyzer, "We need the homes that private builders will never build.")
    assert all(r["kind"] != "forecast" for r in rows)


def test_pricing_something_in_a_currency_is_not_a_forecast(analyzer: Any) -> None:
    rows = _statements(analyzer, "The bakery priced its bread in euros for the tourists.")
    assert all(r["kind"] != "forecast" for r in rows)
