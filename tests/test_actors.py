"""Actors in documents: dictionary aliases, demonyms, state institutions, capitals as
metonyms, people and surnames, pronouns and definite descriptions — on sentences written for
these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.actor_dictionary import actor_dictionary, alias_matches
from newsledger.actors import DocumentActors, document_actors
from newsledger.annotate import release
from newsledger.record import Actor

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsledger.annotate import annotated_nlp

    return annotated_nlp()


def _actors(nlp: Any, text: str) -> tuple[Any, DocumentActors]:
    doc = nlp(text)
    return doc, document_actors(doc)


def _at(doc: Any, actors: DocumentActors, word: str, nth: int = 0) -> Actor | None:
    toks = [t for t in doc if t.text == word]
    return actors.for_token(toks[nth])


def _named(actors: DocumentActors, text: str) -> Actor:
    return next(a for a in actors.all() if a.text == text)


def test_aliases_name_one_actor(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Fighters loyal to ISIS shelled the road on Monday. Later ISIL "
                               "claimed the attack, and a Daesh commander was reported killed. "
                               "The Islamic State has lost most of its territory.")
    names = {(a.text, a.name, a.kind) for a in actors.all() if a.kind == "armed_group"}
    assert {n for _, n, _ in names} == {"Islamic State"}
    assert {t for t, _, _ in names} >= {"ISIS", "ISIL", "Daesh", "Islamic State"}


def test_alias_offsets_point_at_the_mention(nlp: Any) -> None:
    text = "Officials said the Houthis fired a missile."
    _, actors = _actors(nlp, text)
    a = _named(actors, "Houthis")
    assert a.start is not None and a.end is not None
    assert text[a.start:a.end] == "Houthis"
    assert a.country == "YE"


def test_demonyms_and_short_names_are_their_country(nlp: Any) -> None:
    doc, actors = _actors(nlp, "The Iraqis and the Americans disagreed. Britain and the UK "
                               "government were silent, while the Russians objected.")
    assert _at(doc, actors, "Iraqis") == _named(actors, "Iraqis")
    assert _named(actors, "Iraqis").country == "IQ"
    assert _named(actors, "Iraqis").kind == "state"
    assert _named(actors, "Americans").country == "US"
    assert _named(actors, "Britain").country == "GB"
    assert _named(actors, "UK government").kind == "government"
    assert _named(actors, "Russians").name == "Russia"


def test_country_adjective_and_head_noun_make_an_institution(nlp: Any) -> None:
    doc, actors = _actors(nlp, "The Iraqi army advanced while Syrian forces held the bridge. "
                               "The Russian government said Turkish troops had crossed the "
                               "border, and Russian state media repeated the claim.")
    army = _named(actors, "Iraqi army")
    assert (army.name, army.kind, army.country) == ("Iraqi military", "military", "IQ")
    assert _named(actors, "Syrian forces").name == "Syrian military"
    assert _named(actors, "Russian government").kind == "government"
    assert _named(actors, "Turkish troops").country == "TR"
    media = _named(actors, "Russian state media")
    assert (media.kind, media.country) == ("media", "RU")


def test_institutions_stand_for_their_state(nlp: Any) -> None:
    _, actors = _actors(nlp, "The Kremlin rejected the report, the Pentagon declined to "
                             "comment and the White House said nothing.")
    kremlin = _named(actors, "Kremlin")
    assert (kremlin.kind, kremlin.country) == ("government", "RU")
    assert _named(actors, "Pentagon").kind == "military"
    assert _named(actors, "White House").country == "US"


def test_capital_as_subject_is_its_government(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Moscow said the talks had failed, and Washington blamed "
                               "Tehran for the delay.")
    moscow = _at(doc, actors, "Moscow")
    assert moscow is not None
    assert (moscow.kind, moscow.country) == ("government", "RU")
    assert _named(actors, "Washington").country == "US"
    assert _named(actors, "Tehran").kind == "government"


def test_capital_as_a_place_is_not_an_actor(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Thousands marched in Moscow on Sunday, and the police in "
                               "Paris made arrests.")
    assert _at(doc, actors, "Moscow") is None
    assert _at(doc, actors, "Paris") is None


def test_country_as_place_is_not_in_the_actor_list(nlp: Any) -> None:
    _, actors = _actors(nlp, "Russia accused Ukraine of shelling villages in Syria.")
    texts = [a.text for a in actors.all()]
    assert texts == ["Russia", "Ukraine"]


def test_organisations_and_media(nlp: Any) -> None:
    _, actors = _actors(nlp, "NATO and the EU called for calm, the IAEA sent inspectors, "
                             "and the World Health Organization warned of cholera, Reuters "
                             "and Al Jazeera reported, citing the AP.")
    kinds = {a.text: (a.name, a.kind) for a in actors.all()}
    assert kinds["NATO"] == ("NATO", "organisation")
    assert kinds["EU"] == ("European Union", "organisation")
    assert kinds["IAEA"][1] == "organisation"
    assert kinds["World Health Organization"][1] == "organisation"
    assert kinds["Reuters"] == ("Reuters", "media")
    assert kinds["Al Jazeera"][1] == "media"
    assert kinds["AP"] == ("Associated Press", "media")


def test_person_title_country_and_surname(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Russian President Vladimir Putin met the envoy on Tuesday. "
                               "Putin later told reporters the meeting had gone well.")
    first = _named(actors, "Vladimir Putin")
    assert (first.kind, first.country) == ("person", "RU")
    later = _at(doc, actors, "Putin", 1)
    assert later is not None
    assert (later.name, later.kind, later.country) == ("Vladimir Putin", "person", "RU")


def test_person_without_country_context_has_none(nlp: Any) -> None:
    _, actors = _actors(nlp, "Maria Lopez, a farmer, said the river had flooded her fields.")
    person = _named(actors, "Maria Lopez")
    assert person.kind == "person" and person.country is None


def test_pronoun_resolves_to_the_person(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Defence Minister Ali Karimi visited the front on Monday. "
                               "He said the offensive would resume within days.")
    he = _at(doc, actors, "He")
    assert he is not None
    assert (he.text, he.name, he.kind) == ("He", "Ali Karimi", "person")


def test_pronoun_with_two_people_and_no_single_subject_stays_unresolved(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Omar Haddad and Tariq Nasser met in the port on Monday. He "
                               "said the deal was close.")
    assert _at(doc, actors, "He") is None


def test_object_pronoun_skips_its_own_clause_subject(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Omar Haddad said Tariq Nasser had warned him about the plan.")
    him = _at(doc, actors, "him")
    assert him is not None and him.name == "Omar Haddad"


def test_it_and_the_group_resolve_to_the_armed_group(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Al-Shabaab attacked a base near the coast on Friday. The "
                               "group said it had killed several soldiers.")
    group = _at(doc, actors, "group")
    assert group is not None
    assert (group.text, group.name, group.kind) == ("The group", "al-Shabaab", "armed_group")
    it = _at(doc, actors, "it")
    assert it is not None and it.name == "al-Shabaab"


def test_the_army_resolves_to_the_last_military(nlp: Any) -> None:
    doc, actors = _actors(nlp, "The Syrian army shelled the outskirts overnight. By morning "
                               "the army had taken two villages.")
    army = _at(doc, actors, "army", 1)
    assert army is not None
    assert (army.name, army.country) == ("Syrian military", "SY")


def test_the_city_resolves_to_the_town(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Fighting continued in Kharkiv on Thursday. Residents said the "
                               "city had been without power for a week.")
    city = _at(doc, actors, "city")
    assert city is not None and city.name == "Kharkiv"
    assert all(a.name != "Kharkiv" for a in actors.all())  # a town is not an actor


def test_expletive_it_and_bound_object_resolve_to_nothing(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Hezbollah fired rockets at the border. It is unclear whether "
                               "Hamas denied it.")
    assert _at(doc, actors, "It") is None
    assert _at(doc, actors, "it") is None


def test_description_without_antecedent_resolves_to_nothing(nlp: Any) -> None:
    doc, actors = _actors(nlp, "The government announced new taxes on fuel. The army was "
                               "not mentioned.")
    assert _at(doc, actors, "government") is None
    assert _at(doc, actors, "army") is None


def test_common_words_are_not_actors(nlp: Any) -> None:
    _, actors = _actors(nlp, "In May the committee may decide whether it is time to turkey "
                             "trot to the chad of the ballot, as many of us did in March.")
    assert actors.all() == []


def test_headline_in_capitals_is_not_an_acronym_soup(nlp: Any) -> None:
    doc, actors = _actors(nlp, "WHO IS TO BLAME FOR THE WAR\n\nVoters stayed home.")
    assert _at(doc, actors, "IS") is None
    assert _at(doc, actors, "WHO") is None


def test_alias_case_rules() -> None:
    assert alias_matches(("IS",), ["IS"])
    assert not alias_matches(("IS",), ["is"])
    assert not alias_matches(("LeT",), ["Let"])
    assert alias_matches(("Hamas",), ["HAMAS"])
    assert alias_matches(("Republican", "Party"), ["Republican", "party"])
    assert not alias_matches(("Republican", "Party"), ["republican", "party"])
    assert alias_matches(("The", "Times"), ["the", "Times"])
    assert not alias_matches(("The", "Times"), ["the", "times"])
    assert not alias_matches(("Hamas",), ["hamas"])


def test_dictionary_entries_are_well_formed() -> None:
    d = actor_dictionary()
    assert len(d.countries) > 150
    assert d.countries["IQ"].adjective == "Iraqi"
    isis = {a.entry.name for a in d.aliases[("isis",)]}
    assert isis == {"Islamic State"}
    kinds = {a.entry.kind for found in d.aliases.values() for a in found}
    assert kinds <= {"state", "government", "military", "armed_group", "party",
                     "organisation", "media"}
    # names the registry gives come in too ("Russian Federation")
    assert ("russian", "federation") in d.aliases


def test_cache_is_per_document_and_released(nlp: Any) -> None:
    doc = nlp("Hamas and Israel agreed to a truce.")
    assert document_actors(doc) is document_actors(doc)
    release(doc)
    assert "newsledger_actors" not in doc.user_data


def test_in_span_selects_by_token_range(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Turkish troops shelled positions held by the PKK.")
    assert [a.name for a in actors.in_span(0, 2)] == ["Turkish military"]
    assert [a.name for a in actors.in_span(2, len(doc))] == ["Kurdistan Workers' Party"]


def test_region_of_a_country_is_a_place(nlp: Any) -> None:
    _, actors = _actors(nlp, "Drones struck the mountains of northern Iraq, and a "
                             "Britain-based monitor counted the dead.")
    assert all(a.kind != "state" for a in actors.all())


def test_apposition_title_gives_the_country(nlp: Any) -> None:
    _, actors = _actors(nlp, "The ministry summoned the Egyptian ambassador, Karim Mansour, "
                             "on Sunday.")
    person = _named(actors, "Karim Mansour")
    assert (person.kind, person.country) == ("person", "EG")


def test_generic_his_or_her_is_nobody(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Governor Tom Baker said every child should reach his or her "
                               "potential.")
    assert _at(doc, actors, "his") is None
    assert _at(doc, actors, "her") is None


def test_first_name_gender_steers_the_pronoun(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Maria Lopez met Daniel Reyes in the capital. She said the "
                               "talks had been useful.")
    she = _at(doc, actors, "She")
    assert she is not None and she.name == "Maria Lopez"
    doc, actors = _actors(nlp, "Daniel Reyes met Maria Lopez in the capital. Later she said "
                               "the talks had been useful.")
    she = _at(doc, actors, "she")
    assert she is not None and she.name == "Maria Lopez"


def test_country_inside_a_longer_name_is_not_the_country(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Voters in New Mexico and students at Moscow State University "
                               "marched on Saturday.")
    assert _at(doc, actors, "Mexico") is None or _at(doc, actors, "Mexico").kind != "state"
    assert all(a.country is None for a in actors.all())


def test_country_after_a_town_places_it(nlp: Any) -> None:
    _, actors = _actors(nlp, "Reports placed the commander in Raqqah, Syria, while Russia, "
                             "China and Iran objected.")
    assert [a.text for a in actors.all() if a.kind == "state"] == ["Russia", "China", "Iran"]


def test_dateline_capital_is_a_place(nlp: Any) -> None:
    doc, actors = _actors(nlp, "NAIROBI, March 4 - Kenyan police fired tear gas at "
                               "protesters on Monday.")
    assert _at(doc, actors, "NAIROBI") is None
    assert _named(actors, "Kenyan police").kind == "military"


def test_unnamed_government_takes_the_one_country_in_reach(nlp: Any) -> None:
    doc, actors = _actors(nlp, "In Niger, gunmen attacked a convoy near the border, killing "
                               "six soldiers, the government said.")
    gov = _at(doc, actors, "government")
    assert gov is not None
    assert (gov.name, gov.kind, gov.country) == ("Nigerien government", "government", "NE")


def test_unnamed_government_with_two_countries_in_reach_is_unresolved(nlp: Any) -> None:
    doc, actors = _actors(nlp, "Talks between Chile and Peru stalled on Monday. The "
                               "government said it would try again.")
    assert _at(doc, actors, "government") is None


def test_town_tagged_as_a_person_is_a_place(nlp: Any) -> None:
    # the small model tags both towns PERSON in these sentences
    doc, actors = _actors(nlp, "Shelling hit the eastern town of Avdiivka overnight.")
    assert all(a.kind != "person" for a in actors.all())
    doc, actors = _actors(nlp, "The army said it had struck more than 50 targets in Khan "
                               "Younis on Sunday.")
    assert all(a.kind != "person" for a in actors.all())


def _score(nlp: Any, name: str) -> tuple[float, float]:
    """Precision and recall of `for_token` on the annotated tokens of a fixture file; a token
    annotated null counts against precision when an actor is returned for it."""
    data = json.loads((FIXTURES / "actors" / name).read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for art in data["articles"]:
        doc, actors = _actors(nlp, art["text"])
        for word, nth, actor_name, kind, country in art["tokens"]:
            found = _at(doc, actors, word, nth)
            got = None if found is None else (found.name, found.kind, found.country)
            want = None if actor_name is None else (actor_name, kind, country)
            if got == want:
                tp += want is not None
            else:
                fp += got is not None
                fn += want is not None
    return tp / (tp + fp), tp / (tp + fn)


# Floors a little under the scores measured (heldout2.json, never tuned on: P 0.976, R 0.911).
@pytest.mark.parametrize(("name", "floor"), [("dev.json", 0.95), ("dev2.json", 0.95),
                                             ("heldout.json", 0.95), ("heldout2.json", 0.9)])
def test_annotated_articles_precision_and_recall(nlp: Any, name: str, floor: float) -> None:
    precision, recall = _score(nlp, name)
    assert precision >= floor and recall >= floor, (precision, recall)


def test_backers_are_not_the_actor(nlp: Any) -> None:
    _, actors = _actors(nlp, "Iran-backed militias shelled the base, and pro-Russian "
                             "separatists seized the square.")
    assert all(a.country not in ("IR", "RU") for a in actors.all())
