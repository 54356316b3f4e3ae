"""The gated rule scan finds exactly what running every time pattern in full finds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.nlp import load_nlp
from newsledger.timex import find_times
from newsledger.timex_patterns import RULES
from newsledger.timex_scan import RuleScanner, word_openings

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data" / "sample"
SCANNER = RuleScanner(rule.pattern for rule in RULES)


def full(text: str) -> list[list[tuple[tuple[int, int], dict[str, str | None]]]]:
    return [[(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)] for rule in RULES]


def gated(text: str) -> list[list[tuple[tuple[int, int], dict[str, str | None]]]]:
    return [[(m.span(), m.groupdict()) for m in found] for found in SCANNER.scan(text)]


def test_openings_are_read_from_the_pattern() -> None:
    # A blank: the word ends there ("next" and nothing longer); what follows it is how the
    # next word opens, after white space only.
    assert word_openings(re.compile(r"\b(?:next|last)[\s-]+week\b", re.I)) == {"next ", "last "}
    assert word_openings(re.compile(r"\b(?:next|last)\s+week\b", re.I)) == {
        "next week ", "last week "}
    assert word_openings(re.compile(r"\b(?:the\s+)?(?:summer|winter)", re.I)) == {
        "the summe", "the winte", "summe", "winte"}
    assert word_openings(re.compile(r"\bJan(?:\.|uary)", re.I)) == {"jan ", "janua"}
    assert word_openings(re.compile(r"(?<![\w$])\d{4}")) == set("0123456789")


def test_a_rule_that_may_open_mid_word_or_anywhere_is_scanned_in_full() -> None:
    assert word_openings(re.compile(r"week")) is None  # no word boundary before it
    assert word_openings(re.compile(r"\b(?:')?\d0s")) is None  # may open with a quote
    assert word_openings(re.compile(r"\b\w+day")) is None  # any word at all
    assert word_openings(re.compile(r"\b(?:x)?", re.I)) is None  # may match nothing
    scanner = RuleScanner([re.compile(r"week"), re.compile(r"\bnext\s+week", re.I)])
    assert scanner.full_scan == [0]
    assert [[m.span() for m in ms] for ms in scanner.scan("Next week, midweek.")] == [
        [(5, 9), (14, 18)], [(0, 9)]]


def test_most_time_rules_are_gated() -> None:
    assert len(SCANNER.full_scan) <= 3


def test_same_matches_as_finditer_on_the_sample_articles() -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLE.iterdir())
             if p.is_file()]
    assert texts
    for text in texts:
        assert gated(text) == full(text)


def test_same_matches_beyond_ascii() -> None:
    # Letters that case-fold onto ASCII ones (long s, Kelvin sign, dotted and dotless i),
    # non-ASCII digits, curly quotes and dashes.
    text = ("The ſecond quarter of 2024 ended on Friday; \u212aiev said on 3 March that "
            "FİSCAL 2025 was \u0661\u0662 months away — ‘next week’, in the ’90s, 1999–2001, "
            "at 10.30pm on Tuesday, every ſix months, twice a year, the day before yesterday.")
    assert gated(text) == full(text)


WORDS = ["the", "last", "next", "this", "week", "weeks", "year", "years", "month", "day",
         "days", "ago", "later", "early", "mid", "late", "of", "in", "on", "at", "by", "since",
         "March", "may", "May", "June", "Sept.", "Friday", "monday", "tonight", "today",
         "summer", "fall", "first", "quarter", "half", "fiscal", "FY", "Q3", "2024", "1990s",
         "'90s", "'09", "21st", "3", "10:30", "12:05:09", "p.m.", "am", "GMT", "per", "cent",
         "a", "an", "few", "two", "twenty-one", "every", "each", "once", "twice", "times",
         "soon", "now", "recently", "Christmas", "New", "Year's", "Eve", "century", "end",
         "start", "the", "same", "over", "weekend", "2019-20", "2013-03-22", "4/5/2016", "ſ",
         "\u212a", "İ", "ı", "\u0663", "–", "-", ",", ".", "'", "’", "$", "%", "there",
         "these", "lastly", "mayor", "March's", "inside", "atop", "Fiscally", "FY2024",
         "Q42024", "thirtieth", "sixty-six", "theyear", "nexts", "todays", "\t"]


GAPS = [" ", "", "  ", "\n", "-", "\u00a0", ", "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=30))
def test_same_matches_as_finditer_on_any_mix_of_time_words(parts: list[tuple[str, str]]
                                                           ) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert gated(text) == full(text)


def test_times_found_again_in_a_text_match_a_fresh_reading() -> None:
    # A document without a date has its times found twice (for the estimate, then with it):
    # the second reading reuses the rule scan of the first and must equal a fresh one.
    nlp = load_nlp()
    first = "The council met on Tuesday and will vote next month, the mayor said in May."
    second = "Prices rose 3% last year; the new tariff starts on 1 March 2027."
    dct = date(2026, 11, 18)
    for text in (first, second, first):
        doc = nlp(text)
        undated = find_times(doc, None)
        dated = find_times(doc, dct)
        assert undated == find_times(nlp(text), None)
        assert dated == find_times(nlp(text), dct)
        assert {t.value for t in dated} != {t.value for t in undated}
