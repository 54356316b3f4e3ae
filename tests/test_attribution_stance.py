"""Stance cues, lemmatiser slips on cue verbs, and quotation tags (sentences written for
these tests)."""

from __future__ import annotations

from typing import Any

import pytest

DCT = "2026-03-02"


def _rows(analyzer: Any, text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = analyzer.analyze_text(text, published=DCT).to_dict()[
        "attributions"]
    return rows


def _find(rows: list[dict[str, Any]], source: str) -> dict[str, Any]:
    found = [r for r in rows if r.get("source") and r["source"]["text"] == source]
    assert found, f"no attribution from {source!r}: {[r.get('source') for r in rows]}"
    return found[0]


@pytest.mark.parametrize(("text", "source", "content"), [
    # spaCy's small model lemmatises "hoped" as "hop".
    pytest.param("The harbour master hoped the new cranes would arrive before the autumn "
                 "storms.", "The harbour master", "the new cranes would arrive",
                 id="a_cue_verb_the_lemmatiser_misreads_still_reports"),
    pytest.param("“The bridge will not reopen this year,” Transport Minister Aino Leht (Centre) "
                 "said on Tuesday.", "Transport Minister Aino Leht (Centre)",
                 "The bridge will not reopen", id="a_long_speaker_after_the_quotation"),
    pytest.param("The strikers called the offer “an insult to every worker here”. A senior "
                 "manager said the board expected the dispute to end before winter.",
                 "A senior manager", "the board expected",
                 id="a_quotation_before_a_sentence_with_its_own_report"),
    pytest.param("Most residents said the council was justified in closing the pool.",
                 "Most residents", "the council was", id="a_passive_reported_clause"),
])
def test_the_speaker_and_the_start_of_what_they_report(analyzer: Any, text: str, source: str,
                                                       content: str) -> None:
    assert _find(_rows(analyzer, text), source)["content"]["text"].startswith(content)


def test_stance_on_a_copula(analyzer: Any) -> None:
    rows = _rows(analyzer, "The fishermen's cooperative is against the new quota system.")
    assert _find(rows, "The fishermen's cooperative")["content"]["text"] == \
        "the new quota system"
    rows = _rows(analyzer, "Senator Ilse Varga has long been a fierce critic of the "
                 "pipeline project.")
    assert "the pipeline project" in _find(rows, "Senator Ilse Varga")["content"]["text"]
    rows = _rows(analyzer, "The tenants' union was deeply skeptical of the landlord's "
                 "promises.")
    assert "promises" in _find(rows, "The tenants' union")["content"]["text"]


def test_a_copula_without_a_speaker_or_a_stance_word_is_no_attribution(
        analyzer: Any) -> None:
    rows = _rows(analyzer, "It is against the law to fish in the bay after dark.")
    assert not [r for r in rows if r.get("source")]
    rows = _rows(analyzer, "The ferry was close to the pier when the engine failed.")
    assert not [r for r in rows if r.get("source")]


def test_general_stance_verbs_with_an_object(analyzer: Any) -> None:
    rows = _rows(analyzer, "The mayor likened the budget cuts to a slow demolition of the "
                 "city's libraries.")
    assert "the budget cuts" in _find(rows, "The mayor")["content"]["text"]
    rows = _rows(analyzer, "The opposition leader laid out her proposals for cheaper "
                 "public transport on Friday.")
    assert "her proposals" in _find(rows, "The opposition leader")["content"]["text"]


def test_a_question_tagged_with_asked(analyzer: Any) -> None:
    rows = _rows(analyzer, "Residents said the road had been closed for a month. “Who will "
                 "pay for the repairs?” the councillor asked.")
    assert _find(rows, "the councillor")["content"]["text"] == \
        "Who will pay for the repairs?"


def test_a_stance_noun_with_its_holder_and_object(analyzer: Any) -> None:
    rows = _rows(analyzer, "Minister Ana Ruiz stepped up her criticism of the port "
                 "authority's budget on Monday.")
    row = _find(rows, "Minister Ana Ruiz")  # who "her" points back to
    assert row["cue"]["text"] == "criticism of"
    assert row["content"]["text"] == "the port authority's budget"
    rows = _rows(analyzer, "Councillor Brandt's opposition to the tram line surprised "
                 "nobody.")
    assert _find(rows, "Councillor Brandt's")["content"]["text"] == "the tram line"
    # Without a holder who can hold a view the noun reports nothing.
    rows = _rows(analyzer, "The bridge's support for the cables was replaced in May.")
    assert not [r for r in rows if r.get("source")]


def test_a_speaker_restating_her_own_view_is_one_attribution(analyzer: Any) -> None:
    rows = _rows(analyzer, "The mayor said she thinks the tram line will open in May.")
    sourced = [r for r in rows if r.get("source")]
    assert len(sourced) == 1
    assert sourced[0]["source"]["text"] == "The mayor"
    assert sourced[0]["content"]["text"].startswith("she thinks")
    # A different source inside the content stays an attribution of its own.
    rows = _rows(analyzer, "The mayor said the engineers believe the tram line will open "
                 "in May.")
    assert _find(rows, "the engineers")["nested_in"] == _find(rows, "The mayor")["id"]


def test_a_gerund_after_a_preposition_reports_for_the_subject(analyzer: Any) -> None:
    rows = _rows(analyzer, "The senator angered farmers last year by saying that the dam "
                 "was safe.")
    row = _find(rows, "The senator")
    assert row["content"]["text"] == "the dam was safe"


def test_a_quotation_after_the_one_addressed(analyzer: Any) -> None:
    text = ("“We built this hall with our own hands,” the mayor told the crowd before "
            "asking them, “Who will pay to rebuild it?”")
    rows = _rows(analyzer, text)
    asked = [r for r in rows if r.get("cue") and r["cue"]["text"] == "asking"]
    assert asked and asked[0]["content"]["text"] == "Who will pay to rebuild it?"
    assert asked[0]["source"]["text"] == "the mayor"


def test_a_name_given_is_not_a_judgement(analyzer: Any) -> None:
    rows = _rows(analyzer, "Her charity, called the River Trust, will keep the mill until "
                 "the loan is repaid.")
    assert not [r for r in rows if r.get("source")]
    rows = _rows(analyzer, "The union leader called the offer an insult.")
    assert "the offer" in _find(rows, "The union leader")["content"]["text"]


def test_a_quotation_followed_by_a_clause_about_it(analyzer: Any) -> None:
    text = ("The advert replays his old boast, “That makes me smart,” when the senator "
            "mocked him for paying no tax.")
    rows = _rows(analyzer, text)
    assert not [r for r in rows if r["content"]["text"].startswith("That makes me")
                and r["source"] and r["source"]["text"] == "the senator"]


def test_according_to_parsed_as_the_root(analyzer: Any) -> None:
    # The small model reads "According" as the root and the clause as the name's apposition.
    text = ("The council voted to close the pool. According to local radio host Ana Ruiz, "
            "the decision reeks of panic.")
    row = _find(_rows(analyzer, text), "local radio host Ana Ruiz")
    assert row["content"]["text"] == "the decision reeks of panic"
    text = ("The council voted to close the pool. According to the port's chief engineer, "
            "Ines Varga, the cranes will arrive in May.")
    row = _find(_rows(analyzer, text), "the port's chief engineer, Ines Varga")
    assert row["content"]["text"] == "the cranes will arrive in May"


def test_a_quotation_after_a_participle_and_its_modifiers(analyzer: Any) -> None:
    text = ("The council met on Monday. The clip shows footage of Mayor Ines Kallas "
            "saying during the hearing last week, “We will not sell the harbour.”")
    rows = _rows(analyzer, text)
    row = next(r for r in rows if r["content"]["text"] == "We will not sell the harbour.")
    assert row["source"]["text"] == "Mayor Ines Kallas"


def test_a_reported_clause_the_parser_made_an_adverbial(analyzer: Any) -> None:
    rows = _rows(analyzer, "The coach said after the match he would not resign.")
    assert _find(rows, "The coach")["content"]["text"].endswith("he would not resign")


def test_a_concession_after_the_reported_clause_is_the_writers(analyzer: Any) -> None:
    rows = _rows(analyzer, "The minister claimed that the bridge was safe, although she "
                 "again refused to publish the inspection report.")
    row = _find(rows, "The minister")
    assert row["content"]["text"] == "the bridge was safe"


def test_an_organisation_restating_its_own_view_is_one_attribution(analyzer: Any) -> None:
    rows = _rows(analyzer, "Norrland Fluidics said it expects the recall to end by June.")
    sourced = [r for r in rows if r.get("source")]
    assert [r["source"]["text"] for r in sourced] == ["Norrland Fluidics"]
    assert sourced[0]["content"]["text"].startswith("it expects")
