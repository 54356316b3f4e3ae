"""Attribution records on sentences written for these tests (general rules, not any corpus)."""

from __future__ import annotations

from typing import Any

import pytest

DCT = "2026-09-11"


def _attributions(analyzer: Any, text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = analyzer.analyze_text(text, published=DCT).to_dict()[
        "attributions"]
    return rows


def _by_cue(rows: list[dict[str, Any]], cue: str) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("cue") and r["cue"]["text"] == cue]


def _one(rows: list[dict[str, Any]], cue: str) -> dict[str, Any]:
    found = _by_cue(rows, cue)
    assert found, f"no attribution with cue {cue!r}: {[r['cue'] for r in rows]}"
    return found[0]


def test_verbs_inside_a_quotation_are_the_speakers_words(analyzer: Any) -> None:
    rows = _attributions(analyzer, "“He really believes that the port will reopen by "
                         "spring, and I do not,” the harbour master said on Monday.")
    assert not _by_cue(rows, "believes")
    said = _one(rows, "said")
    assert said["source"]["text"] == "the harbour master"
    assert said["content"]["text"].startswith("He really believes")


def test_quote_signed_with_a_dash(analyzer: Any) -> None:
    text = ("Readers wrote in after the council vote.\n\n"
            "“Nobody asked the people who actually use the bus.” ― Marta Ilves\n\n"
            "“The new timetable is a gift to drivers and a blow to everyone else.” — Oskar Brandt.")
    rows = _attributions(analyzer, text)
    sources = {r["source"]["text"]: r["content"]["text"] for r in rows if r.get("source")}
    assert sources.get("Marta Ilves", "").startswith("Nobody asked")
    assert "Oskar Brandt" in sources and "Oskar Brandt." not in sources


def test_stance_verb_needs_a_proposition_or_a_person(analyzer: Any) -> None:
    rows = _attributions(analyzer, "The farmers' union backed the plan to cap water prices.")
    backed = _one(rows, "backed")
    assert backed["source"]["text"] == "The farmers' union"
    assert "the plan" in backed["content"]["text"]
    rows = _attributions(analyzer, "Rebel fighters attacked a checkpoint outside the town "
                         "on Tuesday night.")
    assert not _by_cue(rows, "attacked")


def test_noun_cue_with_holder_and_that_clause(analyzer: Any) -> None:
    rows = _attributions(analyzer, "Inspectors rejected the mayor’s claim that the bridge "
                         "had been repaired last year.")
    claim = _one(rows, "claim")
    assert claim["source"]["text"] == "the mayor’s"
    assert claim["content"]["text"] == "the bridge had been repaired last year"
    # A to-clause after a plan is an intention, not something put on record.
    rows = _attributions(analyzer, "The company announced its plan to close two depots.")
    assert not _by_cue(rows, "plan")


@pytest.mark.parametrize(("text", "cue"), [
    ("The ombudsman pointed out that the fund had never been audited.", "pointed out"),
    ("The opposition leader called for an inquiry into the contract.", "called for"),
    ("Local residents spoke about the noise from the quarry at the meeting.", "spoke about"),
])
def test_verbs_that_report_with_a_particle(analyzer: Any, text: str, cue: str) -> None:
    row = _one(_attributions(analyzer, text), cue)
    assert row["source"] is not None


def test_whole_source_with_relative_clause_but_short_speaker(analyzer: Any) -> None:
    rows = _attributions(analyzer, "Lena Moritz, who chairs the tenants' association, said "
                         "the repairs had been promised for a decade.")
    said = _one(rows, "said")
    assert said["source"]["text"] == "Lena Moritz, who chairs the tenants' association"
    assert said["speaker"] == "Lena Moritz"


def test_question_put_to_you_records_no_view(analyzer: Any) -> None:
    rows = _attributions(analyzer, "Do you really think the ferry will run on time this "
                         "winter?")
    assert not [r for r in rows if r.get("source") and r["source"]["text"].lower() == "you"]


@pytest.mark.parametrize(("text", "cue", "source", "content"), [
    pytest.param("As the auditor pointed out, the council had no way to check the invoices.",
                 "pointed out", "the auditor", "the council had no way",
                 id="as_aside_attributes_the_main_clause"),
    pytest.param("In the latest Harbour Radio poll, the mayor led her challenger by six "
                 "points.", "In", "the latest Harbour Radio poll", "the mayor led her challenger",
                 id="poll_as_source_of_its_finding"),
])
def test_source_and_the_clause_it_frames(analyzer: Any, text: str, cue: str, source: str,
                                         content: str) -> None:
    row = _one(_attributions(analyzer, text), cue)
    assert row["source"]["text"] == source
    assert row["content"]["text"].startswith(content)


def test_words_after_a_colon_on_the_next_line(analyzer: Any) -> None:
    rows = _attributions(analyzer, "The hearing ran late.\nThe harbour master added:\n"
                         "“The quay is safe. The cranes are not, and we said so in May.”\n")
    row = _one(rows, "added")
    assert row["content"]["text"] == ("The quay is safe. The cranes are not, and we said so "
                                      "in May.")


def test_speech_tag_after_a_quote_names_the_speaker(analyzer: Any) -> None:
    rows = _attributions(analyzer, "“The budget is a fantasy. A pure fantasy,” said Ines "
                         "Marlow, a councillor for the harbour ward.\n")
    row = _one(rows, "said")
    assert row["source"]["text"].startswith("Ines Marlow")
    assert row["content"]["text"].startswith("The budget is a fantasy")
