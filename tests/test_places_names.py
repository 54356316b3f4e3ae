"""Names the tagger cuts or the gazetteer holds under another form: "X and Y" countries,
hyphenated towns, landmarks placed by the text's towns, second-level areas by their bare
name, ISO region names tied to GeoNames' (issue #6, places)."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger.gazetteer import gazetteer
from place_helpers import first_places as _places
from place_helpers import km as _km

pytestmark = pytest.mark.slow


def test_a_country_named_x_and_y_is_one_place(analyzer: Any) -> None:
    found = _places(analyzer, "The touring side left Trinidad and Tobago on Sunday and "
                              "landed in Bridgetown a day later.")
    assert found["Trinidad and Tobago"]["country"] == "TT"
    assert "Trinidad" not in found


def test_a_hyphenated_town_is_one_name(analyzer: Any) -> None:
    found = _places(analyzer, "Tourists in Warwick and Stratford-upon-Avon complained about "
                              "the trains to Birmingham.")
    assert found["Stratford-upon-Avon"]["country"] == "GB"
    assert _km(found["Stratford-upon-Avon"], 52.19, -1.71) < 20


def test_a_landmark_lies_by_the_towns_of_the_text(analyzer: Any) -> None:
    found = _places(analyzer, "Farmers near Albury said the Hume Dam was low, and skiers "
                              "crowded the slopes of Mount Buller above Mansfield in Victoria.")
    assert _km(found["Hume Dam"], -36.08, 146.92) < 161
    assert found["Hume Dam"]["precision"] == "near"
    assert found["Mount Buller"]["country"] == "AU"


def test_gazetteer_forms() -> None:
    gaz = gazetteer()
    # a second-level area by its bare name outside the US ("Province of Batanes")
    assert any(e.kind == "D" and e.country == "PH" for e in gaz.lookup("Batanes"))
    # but a US county only with its word
    assert not any(e.kind == "D" and e.country == "US" for e in gaz.lookup("Essex"))
    # an ISO region name tied to GeoNames' longer one ("Syunik'i Marz")
    assert any(e.kind == "A" and e.country == "AM" for e in gaz.lookup("Syunik"))
    # either island of an "X and Y" country names it; "St" for "Saint"
    assert any(e.kind == "C" and e.country == "AG" for e in gaz.lookup("Barbuda"))
    assert any(e.kind == "C" and e.country == "KN" for e in gaz.lookup("St Kitts and Nevis"))


def test_islands_and_their_namesakes(analyzer: Any) -> None:
    found = _places(analyzer, "Rescue teams reached villages on the island of Sulawesi after "
                              "the quake, officials in Jakarta said.")
    assert found["Sulawesi"]["country"] == "ID" and found["Sulawesi"]["feature"] == "feature"
    # an island that is also a programming language or a surname needs the tagger's word
    assert _places(analyzer, "The payroll app was rewritten in Java by Ana Flores.") == {}


def test_a_town_the_tagger_reads_as_a_date(analyzer: Any) -> None:
    found = _places(analyzer, "Detours will send traffic from Lebanon, Ohio, east through "
                              "Morrow while the bridge is rebuilt.")
    assert _km(found["Morrow"], 39.35, -84.13) < 50
    assert _places(analyzer, "The fair opens in May and closes on Sundays.") == {}


def test_a_water_named_like_a_far_town(analyzer: Any) -> None:
    found = _places(analyzer, "Volunteers from Medford and Ashland pulled tires out of Bear "
                              "Creek on Saturday, and crews in Grants Pass cleared the banks.")
    # not the Alabama or Alaska village of that name: the creek by the Oregon towns
    assert _km(found["Bear Creek"], 42.33, -122.87) < 161
    assert found["Bear Creek"]["precision"] == "near"


def test_a_common_word_listed_with_a_place_after_a_preposition(analyzer: Any) -> None:
    found = _places(analyzer, "Trains from Reading and Oxford were cancelled on Monday.")
    assert found["Reading"]["country"] == "GB"
    found = _places(analyzer, "Reading and writing scores rose in Oxford schools.")
    assert "Reading" not in found


def test_a_water_alone_in_its_sentence_lies_by_the_story_s_town(analyzer: Any) -> None:
    found = _places(analyzer, "The city of Bemidji will repave its lakefront trail this summer, "
                              "officials in Bemidji said on Monday after a long meeting on the "
                              "budget. Families fish along Sawmill Creek. A firm from "
                              "Minneapolis won the bid.")
    # by the town the text names most, not by the one named next to it
    assert _km(found["Sawmill Creek"], 47.47, -94.88) < 50


def test_a_lower_case_river_word_makes_a_far_town_name_the_river(analyzer: Any) -> None:
    found = _places(analyzer, "Rescuers searched the Sava river between Zagreb and Sisak after "
                              "the boat capsized.")
    # the river by the text's towns, not the Iranian or Honduran town of Sava
    assert found["Sava"]["country"] == "HR" and found["Sava"]["feature"] == "feature"
