"""Places in local and wire news (issue #6): state abbreviations, datelines, counties, rivers
the feature list lacks, demonyms, group names."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from newsledger.gazetteer import Entry, distance_km, gazetteer
from newsledger.places import find_places

pytestmark = pytest.mark.slow


def _all(analyzer: Any, text: str) -> list[dict[str, Any]]:
    # The places step alone, on the parsed text: what analyze adds to its output as "places".
    return [dataclasses.asdict(p) for p in find_places(analyzer.nlp(text))]


def _places(analyzer: Any, text: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for p in _all(analyzer, text):
        out.setdefault(p["text"], p)
    return out


def _km(place: dict[str, Any], lat: float, lon: float) -> float:
    return distance_km(Entry("P", None, "", place["lat"], place["lon"], "", "", 0),
                       Entry("P", None, "", lat, lon, "", "", 0))


def test_abbreviations_name_states_only_with_their_full_stops() -> None:
    gaz = gazetteer()
    assert [e.name for e in gaz.lookup("Tenn.")] == ["Tennessee"]
    assert [e.name for e in gaz.lookup("W.Va")] == ["West Virginia"]
    assert all(e.kind == "P" for e in gaz.lookup("Pa"))  # a town in Burkina Faso
    assert gaz.postal_code("TX") is not None and gaz.postal_code("Tx") is None


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    ("Crews from Columbus, Ga., cleared debris from the streets.", "Columbus", 32.46, -84.99),
    ("The plant in Paris, Tenn., will add 200 jobs.", "Paris", 36.3, -88.33),
    ("Police in Athens, Ohio, closed two roads near campus.", "Athens", 39.33, -82.1),
    ("The board met in Columbus, GA, on Monday.", "Columbus", 32.46, -84.99),
    ("Drivers crossing from Morrisville, Pa., into Trenton faced delays.", "Morrisville",
     40.21, -74.79),
])
def test_town_and_state(analyzer: Any, text: str, name: str, lat: float, lon: float) -> None:
    assert _km(_places(analyzer, text)[name], lat, lon) < 50


def test_dateline_in_capitals(analyzer: Any) -> None:
    text = ("Storm cuts power across the coast\n\nMAPUTO — A cyclone made landfall near Beira "
            "late on Friday, officials said.")
    place = _places(analyzer, text)["MAPUTO"]
    assert place["country"] == "MZ" and _km(place, -25.97, 32.58) < 50


def test_counties_named_in_a_list_and_their_state(analyzer: Any) -> None:
    text = "Flooding closed roads in Florence and Darlington counties, officials in Columbia said."
    found = _places(analyzer, text)
    assert found["Florence"]["feature"] == "district" and found["Florence"]["country"] == "US"
    assert _km(found["Darlington"], 34.3, -79.9) < 80
    text = "Police in Lebanon arrested two men after a chase through Wilson County on Friday."
    assert _places(analyzer, text)["Lebanon"]["country"] == "US"


def test_county_in_the_state_of_the_other_towns(analyzer: Any) -> None:
    text = ("Rain fell on LaGrange and Newnan all week. Totals in Harris County topped nine "
            "inches, forecasters in Atlanta said.")
    assert _km(_places(analyzer, text)["Harris County"], 32.8, -84.9) < 80


def test_river_missing_from_the_feature_list_is_put_by_the_towns(analyzer: Any) -> None:
    text = ("The shipyard sits on an island in the Piscataqua River between Portsmouth and "
            "Kittery, Maine.")
    river = _places(analyzer, text)["Piscataqua River"]
    assert river["precision"] == "near" and _km(river, 43.08, -70.75) < 50
    text = "Farmland along the Pungwe and Buzi rivers flooded near Beira."
    found = _places(analyzer, text)
    assert _km(found["Pungwe"], -19.84, 34.84) < 100 and _km(found["Buzi"], -19.84, 34.84) < 100


def test_a_river_does_not_follow_a_confused_country_context(analyzer: Any) -> None:
    text = ("The Thames River rose in London, Ontario, and the conservation authority warned "
            "towns across southwestern Ontario. Rain also fell in Detroit and across southern "
            "Michigan.")
    found = _places(analyzer, text)
    assert found["Thames River"]["country"] == "CA" and found["London"]["country"] == "CA"
    assert found["Ontario"]["feature"] == "region"  # not the Californian town of Ontario


def test_demonym_before_a_name_gives_its_country(analyzer: Any) -> None:
    text = ("Floods hit villages near Lahore in Punjab on Thursday. Across the border, "
            "officials in Indian Punjab said towns around Ferozepur were also hit.")
    found = [p for p in _all(analyzer, text) if p["text"] == "Punjab"]
    assert [p["country"] for p in found] == ["PK", "IN"]


def test_capital_beside_a_capital(analyzer: Any) -> None:
    text = ("The ruling party in Tbilisi accuses the opposition of taking orders from Brussels "
            "and Washington.")
    assert _km(_places(analyzer, text)["Washington"], 38.9, -77.04) < 50


def test_no_toponym_inside_a_group_named_for_a_place(analyzer: Any) -> None:
    text = "The Bank of America branch in Charlotte closed, the Church of England said in London."
    found = _places(analyzer, text)
    assert "America" not in found and "England" not in found
    assert "Charlotte" in found and "London" in found


def test_region_without_its_article_and_compass_form() -> None:
    gaz = gazetteer()
    assert any(e.kind == "A" and e.country == "BO" for e in gaz.lookup("Beni"))
    assert any(e.kind == "A" and e.country == "SD" for e in gaz.lookup("North Darfur"))
    assert any(e.country == "SY" for e in gaz.lookup("Qamishli"))


def test_big_province_at_its_geonames_point() -> None:
    ontario = next(e for e in gazetteer().lookup("Ontario") if e.kind == "A")
    assert distance_km(ontario, Entry("P", None, "", 49.25, -84.5, "", "", 0)) < 50


def test_title_case_headline_takes_only_names_the_body_confirms(analyzer: Any) -> None:
    text = ("Navy Shipyard On The Piscataqua To Hire 400 Under New Contract\n\n"
            "PORTSMOUTH, N.H. — The shipyard on the Piscataqua River between Portsmouth and "
            "Kittery, Maine, will hire 400 workers.")
    found = _all(analyzer, text)
    assert "Hire" not in {p["text"] for p in found}  # not the Ivorian town of Hiré
    title = [p for p in found if p["start"] < text.index("\n")]
    assert [p["text"] for p in title] == ["Piscataqua"] and _km(title[0], 43.08, -70.75) < 50
    text = ("Drone Strikes Hit Kharkiv As Fighting Grows\n\nKYIV — Russian drones struck "
            "buildings in Kharkiv overnight, officials said.")
    assert [p["text"] for p in _all(analyzer, text)] == ["Kharkiv", "KYIV", "Kharkiv"]


def test_capital_before_a_state_of_its_name_and_the_state_after_a_town(analyzer: Any) -> None:
    text = ("Officials in Alexandria said traffic on the Beltway into Arlington and Washington "
            "was gridlocked.")
    found = _places(analyzer, text)
    assert _km(found["Washington"], 38.9, -77.04) < 50 and _km(found["Arlington"], 38.88,
                                                                  -77.1) < 50
    text = "The jet made its first flight on Tuesday in Everett, Washington, officials said."
    assert _places(analyzer, text)["Washington"]["feature"] == "region"


def test_one_name_held_by_two_places(analyzer: Any) -> None:
    text = "A heat wave hit Toledo, Spain, while Toledo, Ohio, saw record cold."
    found = [p["country"] for p in _all(analyzer, text) if p["text"] == "Toledo"]
    assert found == ["ES", "US"]
    text = "The plant in Mexico, Mo., will close, and workers in Peru, Ind., fear they are next."
    found = _places(analyzer, text)
    assert found["Mexico"]["country"] == "US" and found["Peru"]["country"] == "US"


def test_the_river_takes_the_article_the_town_does_not(analyzer: Any) -> None:
    river = _places(analyzer, "Boats crossed the Dnipro near Kherson overnight.")["Dnipro"]
    assert river["feature"] == "feature" and _km(river, 46.63, 32.6) < 80
    town = _places(analyzer, "A missile hit a block of flats in Dnipro on Tuesday, officials "
                             "in Kyiv said.")["Dnipro"]
    assert town["feature"] == "city" and _km(town, 48.47, 35.04) < 30
