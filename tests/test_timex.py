"""Time expression finding, TIMEX3 normalisation and deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.record import ResolveBy, TimeExpression
from newsledger.timex import deadline_from, find_times_in_text

NOV_21 = date(2016, 11, 21)  # a Monday
FRI = date(2013, 3, 22)


def values(text: str, dct: date | None = NOV_21) -> dict[str, str]:
    return {t.text: t.value for t in find_times_in_text(text, dct)}


def test_offsets_point_into_the_text() -> None:
    text = "The mayor resigned on 3 March 2015 and left town the next day."
    for t in find_times_in_text(text, NOV_21):
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The treaty was signed on 21st October 2016.", "21st October 2016", "2016-10-21"),
        ("He took office on Jan. 20, 2017, in Washington.", "Jan. 20, 2017", "2017-01-20"),
        ("The file is dated 2013-03-22 in the archive.", "2013-03-22", "2013-03-22"),
        ("Sales peaked in the 1990s.", "the 1990s", "199"),
        ("Prices rose in 2014.", "2014", "2014"),
        ("The war shaped the 20th century.", "the 20th century", "19"),
        ("They married in May 2010.", "May 2010", "2010-05"),
        ("Profits fell in the first quarter of 2015.", "the first quarter of 2015", "2015-Q1"),
        ("The dam was finished in the summer of 2009.", "the summer of 2009", "2009-SU"),
    ],
)
def test_absolute_dates(text: str, expr: str, value: str) -> None:
    assert values(text)[expr] == value


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The bill passed yesterday.", "yesterday", "2016-11-20"),
        ("Rates were cut last June.", "last June", "2016-06"),
        ("The strike began in early December.", "early December", "2015-12"),
        ("The shop opens next week.", "next week", "2016-W48"),
        ("Growth slowed last year.", "last year", "2015"),
        ("The firm collapsed two weeks ago.", "two weeks ago", "2016-11-07"),
        ("Inflation is high this month.", "this month", "2016-11"),
        ("Unemployment is falling now.", "now", "PRESENT_REF"),
        ("Fares were cheaper in the past.", "the past", "PAST_REF"),
        ("The minister spoke this morning.", "this morning", "2016-11-21TMO"),
        ("Voters have recently turned away.", "recently", "PAST_REF"),
        ("Today the board met.", "Today", "2016-11-21"),
    ],
)
def test_relative_to_dct(text: str, expr: str, value: str) -> None:
    assert values(text)[expr] == value


def test_the_end_of_the_year_follows_tense() -> None:
    march = date(2013, 3, 5)
    assert values("Exports will recover by the end of the year.", march)[
        "the end of the year"] == "2013"
    assert values("Exports had recovered by the end of the year.", march)[
        "the end of the year"] == "2012"


def test_bare_month_takes_the_year_the_tense_implies() -> None:
    assert values("The new law will take effect in January.")["January"] == "2017-01"
    assert values("The central bank is expected to act in January.")["January"] == "2017-01"
    assert values("The factory closed in October.")["October"] == "2016-10"
    assert values("The vote was held in January.")["January"] == "2016-01"


def test_weekday_before_or_after_the_dct_by_tense() -> None:
    # DCT Friday 22 March 2013.
    assert values("The minister resigned on Wednesday.", FRI)["Wednesday"] == "2013-03-20"
    assert values("The minister will resign on Wednesday.", FRI)["Wednesday"] == "2013-03-27"
    assert values("Officials said Friday the deal was off.", FRI)["Friday"] == "2013-03-22"


def test_relative_to_a_mentioned_date() -> None:
    vals = values("The company was founded on 4 July 1990. A year later it went bankrupt.")
    assert vals["A year later"] == "1991-07-04"


@pytest.mark.parametrize(
    ("text", "expr", "value", "typ"),
    [
        ("The talks lasted a month.", "a month", "P1M", "DURATION"),
        ("It was the worst storm in a decade.", "a decade", "P10Y", "DURATION"),
        ("The drill took three days.", "three days", "P3D", "DURATION"),
        ("The meeting ran for 2 hours.", "2 hours", "PT2H", "DURATION"),
        ("They have argued about it for years.", "years", "PXY", "DURATION"),
        ("Debt has doubled over the past two years.", "the past two years", "P2Y", "DURATION"),
        ("The committee meets every week.", "every week", "P1W", "SET"),
        ("The report is published annually.", "annually", "P1Y", "SET"),
        ("She finished in 2:07:35 on the day.", "2:07:35", "PT2H7M35S", "DURATION"),
    ],
)
def test_durations_and_sets(text: str, expr: str, value: str, typ: str) -> None:
    found = {t.text: t for t in find_times_in_text(text, NOV_21)}
    assert found[expr].value == value
    assert found[expr].type == typ


def test_ages_and_verbs_are_not_times() -> None:
    vals = values("Children aged 6 months and older may march on the square with 2000 people.")
    assert vals == {}


def test_year_range_gives_two_years() -> None:
    assert values("The recession of 2008-2009 hit exporters.") == {"2008": "2008", "2009": "2009"}


def test_no_dct_gives_placeholders_without_crashing() -> None:
    vals = values("Last year prices rose; they will fall in January and on Monday.", None)
    assert vals["Last year"] == "XXXX"
    assert vals["January"] == "XXXX-01"
    assert vals["Monday"].startswith("XXXX")


def _deadline(sentence: str, dct: date | None = NOV_21) -> tuple[ResolveBy | None, str | None]:
    times: list[TimeExpression] = find_times_in_text(sentence, dct)
    return deadline_from(times, dct, sentence)


@pytest.mark.parametrize(
    ("sentence", "value", "precision"),
    [
        ("The Fed will raise rates before Trump's inauguration on 20th January 2017.",
         "2017-01-20", "day"),
        ("The Fed will raise rates in January.", "2017-01", "month"),
        ("The index will double within two months.", "2017-01-21", "day"),
        ("The index will double in the next two months.", "2017-01-21", "day"),
        ("The deal will be signed by the end of the year.", "2016-12-31", "day"),
        ("Coal will be phased out by 2020.", "2020", "year"),
        # A working week ends on Friday; a weekend on Sunday.
        ("The shop will close next week.", "2016-12-02", "day"),
        ("Troops will reach the town by the weekend.", "2016-11-27", "day"),
        ("The strike will be over before Christmas.", "2016-12-25", "day"),
        ("Work will begin before the end of the summer.", "2017-08-31", "day"),
        ("The bill will pass before the summer.", "2017-06", "month"),
        ("The bill will pass before the summer recess.", "2017-07", "month"),
        ("The first walkout will take place in early December.", "2016-12-10", "day"),
        ("Building could start in 2018 and the first power would flow by 2020.", "2020",
         "year"),
        ("The committee will meet on Thursday for the last time in 2016.", "2016-11-24",
         "day"),
        # The time of an expected event looks forward even after a past-tense verb.
        ("Most economists predicted a first cut in March.", "2017-03", "month"),
        ("By the 2040s a summer like this will be normal.", "2040", "year"),
        ("In the 2040s summers like this will be normal.", "2049", "year"),
        ("The first parts arrived in October and the rest are due in February.", "2017-02",
         "month"),
    ],
)
def test_deadlines(sentence: str, value: str, precision: str) -> None:
    rb, reason = _deadline(sentence)
    assert reason is None
    assert rb == ResolveBy(value=value, precision=precision)  # type: ignore[arg-type]


def test_vague_and_missing_deadlines() -> None:
    rb, reason = _deadline("The dollar will fall very soon.")
    assert rb is None and reason == "vague horizon: 'very soon'"
    rb, reason = _deadline("The dollar will fall.")
    assert rb is None and reason == "no deadline stated"
    rb, reason = _deadline("In October I said the dollar will fall.")
    assert rb is None and reason == "no deadline stated"


def test_te3_value_accuracy() -> None:
    from newsledger.evaluation.te3 import find_shared_dir, score_te3

    shared = find_shared_dir()
    if shared is None or not (shared / "data" / "te3_platinum").is_dir():
        pytest.skip("../shared/data/te3_platinum not available")
    res = score_te3(shared)
    assert res["gold"] == 138
    assert res["value_accuracy"] >= 0.89
    assert res["span_recall"] >= 0.94
    assert res["span_precision"] >= 0.94


def test_deadline_counted_from_now() -> None:
    rb, reason = _deadline("Prices will have halved three years from now.")
    assert reason is None
    assert rb == ResolveBy(value="2019-11-21", precision="day")
    rb, reason = _deadline("Prices will halve three years from now.", None)
    assert rb is None and reason is not None and "no publication date" in reason
