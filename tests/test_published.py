"""Estimating a publication date from the dates an article mentions."""

from __future__ import annotations

from datetime import date

from newsledger.published import estimate_published
from newsledger.timex import find_times_in_text


def _window(p: object) -> tuple[date, date, date]:
    assert p is not None
    value = date.fromisoformat(p.value)  # type: ignore[attr-defined]
    earliest = date.fromisoformat(p.earliest)  # type: ignore[attr-defined]
    latest = date.fromisoformat(p.latest)  # type: ignore[attr-defined]
    assert earliest <= value <= latest
    return value, earliest, latest


def test_relative_phrase_from_an_anchored_date() -> None:
    text = (
        "On 3rd March 2019, I wrote a column predicting that the pound would slump. "
        "Two weeks later it is obvious that I got the timing wrong. The bank will act "
        "before the budget on 15th April 2019."
    )
    p = estimate_published(text)
    value, earliest, latest = _window(p)
    assert value == date(2019, 3, 17)
    assert (latest - earliest).days <= 60
    assert p is not None and p.method == "estimated" and p.precision == "day"


def test_one_month_later_lands_a_month_on() -> None:
    text = (
        "On 21st October 2016, I wrote an article on the election polls. One month later "
        "it is clear that the polls were wrong, and the new president will be sworn in "
        "on 20th January 2017."
    )
    value, earliest, latest = _window(estimate_published(text))
    assert earliest <= date(2016, 11, 21) <= latest
    assert value == date(2016, 11, 21)
    assert (latest - earliest).days <= 60


def test_future_dates_are_upper_bounds() -> None:
    text = ("The plant shut down in August 2018. The owners will reopen it on 1 February 2019, "
            "the union says.")
    value, earliest, latest = _window(estimate_published(text))
    assert earliest >= date(2018, 8, 1)
    assert latest < date(2019, 2, 1)


def test_reported_would_is_not_an_upper_bound() -> None:
    text = ("In 2015 the minister said the tunnel would open in 2016. It opened in "
            "March 2019 after long delays.")
    value, earliest, latest = _window(estimate_published(text))
    assert earliest >= date(2019, 3, 1)


def test_dateline_is_taken_as_is() -> None:
    p = estimate_published("World news\nMarch 4, 2021\nThe council voted on Tuesday to ...")
    assert p is not None
    assert (p.value, p.earliest, p.latest, p.precision) == (
        "2021-03-04", "2021-03-04", "2021-03-04", "day")


def test_precomputed_times_are_used() -> None:
    text = "The bridge collapsed on 9 June 2020 and has not reopened."
    times = find_times_in_text(text, None)
    value, earliest, _ = _window(estimate_published(text, times))
    assert earliest == date(2020, 6, 9)


def test_no_dates_gives_none() -> None:
    assert estimate_published("Nobody knows what happens next.") is None
    assert estimate_published("It happened last year, as you know.") is None
