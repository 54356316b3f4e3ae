"""The event exports, parsed back: PLOVER-style JSON, ACLED-style CSV, GDELT-style events and
mentions tables, GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsledger import event_export as ex
from newsledger.record import Actor, Certainty, Place, Statement, statement_id
from newsledger.store import Ledger
from newsledger.store.events import EventFilter
from test_event_store import (
    clash_reports,
    day,
    document,
    event,
    store_all,
)

CARACAS = Place(text="Caracas", start=0, end=7, name="Caracas", lat=10.488, lon=-66.879,
                country="VE", precision="exact", geonameid=3646738, feature="city")


def claim(doc: Any, text: str) -> Statement:
    start = doc.text.index(text)
    end = start + len(text)
    return Statement(id=statement_id(doc.id, "claim", start, end, text), kind="claim",
                     text=text, start=start, end=end, speaker="author", source=None, cue=None,
                     author_stance="endorses",
                     certainty=Certainty(phrase=None, low=0.9, high=1.0), polarity="affirmed",
                     time_orientation="past", sentence=text)


@pytest.fixture
def ledger(tmp_path: Path) -> Any:
    """The Basra clash (two outlets), its forecast, a protest in Caracas whose organisers'
    name is a spreadsheet formula, and an unlocated meeting."""
    with Ledger.open(tmp_path / "ledger.db") as opened:
        store_all(opened, clash_reports())
        text = ("Thousands marched in Caracas on Sunday against the new tax, the organisers "
                "said. Ministers met union leaders.")
        doc = document(text, outlet="=cmd|' /C calc'!A0", url="https://sur.example/p/1")
        sentence = claim(doc, "Thousands marched in Caracas on Sunday against the new tax")
        crowd = Actor(text="Thousands", name="-Tax Protesters", kind="unknown", country="VE")
        unions = Actor(text="unions", name="Trade Unions", kind="organisation", country="VE")
        march = event(doc, "marched", type="PROTEST", actors=[crowd, unions], place=CARACAS,
                      date=day("2026-03-08"), mode="demo")
        march.statement_id = sentence.id
        met = event(doc, "met", type="CONSULT", actors=[Actor(text="Ministers",
                                                              name="Venezuelan Government",
                                                              kind="government",
                                                              country="VE")])
        opened.write(doc, [sentence], [], events=[march, met])
        yield opened


def run(ledger: Ledger, fn: Any, flt: EventFilter | None = None) -> str:
    with ledger.engine.connect() as conn:
        return "".join(fn(conn, flt))


def test_plover_json(ledger: Ledger) -> None:
    found = json.loads(run(ledger, ex.plover_json))
    assert len(found) == 4
    clash = next(e for e in found if e["event_type"] == "ASSAULT"
                 and e["modality"] == "asserted")
    assert clash["actor"] == "Iraqi Army" and clash["actor_country"] == "IRQ"
    assert clash["recipient"] == "Islamic State" and clash["recipient_country"] is None
    assert clash["location"]["country"] == "IRQ"
    assert (clash["num_mentions"], clash["num_sources"]) == (2, 2)
    assert {m["source"] for m in clash["mentions"]} == {"Gulf Courier", "Tigris Wire"}
    assert all(m["document_id"].startswith("d") for m in clash["mentions"])
    for key in ("id", "date", "event_type", "mode", "context", "actor", "actor_country",
                "recipient", "recipient_country", "location", "modality", "mentions"):
        assert all(key in e for e in found), key
    protest = next(e for e in found if e["event_type"] == "PROTEST")
    assert protest["mentions"][0]["statement"].startswith("Thousands marched")
    meeting = next(e for e in found if e["event_type"] == "CONSULT")
    assert meeting["location"] is None and meeting["date"] is None
    # Filters pass through.
    assert json.loads(run(ledger, ex.plover_json, EventFilter(modality="future")))[0][
        "modality"] == "future"


def test_acled_csv(ledger: Ledger) -> None:
    rows = list(csv.DictReader(io.StringIO(run(ledger, ex.acled_csv))))
    with ledger.engine.connect() as conn:
        header = next(csv.reader(io.StringIO(next(ex.acled_csv(conn)))))
    assert header == ex.ACLED_COLUMNS and header[-1] == "modality"
    assert len(rows) == 4
    clash = next(r for r in rows if r["modality"] == "asserted" and r["iso"] == "368")
    assert clash["event_id_cnty"].startswith("IRQv")
    assert (clash["event_type"], clash["disorder_type"]) == ("Battles", "Political violence")
    assert (clash["country"], clash["time_precision"], clash["geo_precision"]) == (
        "Iraq", "1", "1")
    assert clash["source"] == "Gulf Courier; Tigris Wire"
    assert clash["actor1"] == "Iraqi Army" and clash["inter1"] == "State forces"
    assert clash["fatalities"] == ""  # unknown is empty, never zero
    forecast = next(r for r in rows if r["modality"] == "future")
    assert (forecast["event_date"], forecast["time_precision"]) == ("2026-04-01", "3")
    protest = next(r for r in rows if r["event_type"] == "Protests")
    # A negative longitude stays a number; formula-like text is neutralised.
    assert float(protest["longitude"]) == pytest.approx(-66.879)
    assert protest["actor1"] == "'-Tax Protesters"
    assert protest["assoc_actor_1"] == "Trade Unions" and clash["assoc_actor_1"] == ""
    assert protest["source"] == "'=cmd|' /C calc'!A0"
    assert protest["notes"].startswith("Thousands marched")
    assert protest["iso"] == "862" and protest["country"] == "Venezuela"
    meeting = next(r for r in rows if r["actor1"] == "Venezuelan Government")
    assert meeting["event_type"] == "" and meeting["latitude"] == ""


def test_acled_type_mapping() -> None:
    def kind(type_: str, mode: str | None = None, recipient: str | None = None) -> str:
        return ex.acled_type({"type": type_, "mode": mode, "recipient_kind": recipient})[0]

    assert kind("PROTEST", "demo") == "Protests" and kind("PROTEST", "riot") == "Riots"
    assert kind("ASSAULT", "aerial", "military") == "Explosions/Remote violence"
    assert kind("ASSAULT", None, "armed_group") == "Battles"
    assert kind("ASSAULT", None, "person") == "Violence against civilians"
    assert ex.acled_type({"type": "RETREAT", "mode": "ceasefire"}) == (
        "Strategic developments", "Agreement")
    assert kind("CONSULT") == "" and kind("ACCUSE") == ""


def parse_tsv(text: str, columns: list[str]) -> list[dict[str, str]]:
    lines = text.splitlines()
    assert lines[0].split("\t") == columns
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == len(columns) for r in rows)
    return [dict(zip(columns, r, strict=True)) for r in rows]


def test_gdelt_tables(ledger: Ledger) -> None:
    found = parse_tsv(run(ledger, ex.gdelt_events), ex.GDELT_EVENT_COLUMNS)
    mentions = parse_tsv(run(ledger, ex.gdelt_mentions), ex.GDELT_MENTION_COLUMNS)
    assert len(found) == 4 and len(mentions) == 5
    clash = next(r for r in found if r["modality"] == "asserted" and r["EventRootCode"] == "18")
    assert (clash["NumMentions"], clash["NumSources"], clash["NumArticles"]) == ("2", "2", "2")
    assert clash["SQLDATE"] == "20260302" and clash["MonthYear"] == "202603"
    assert clash["Actor1CountryCode"] == "IRQ" and clash["Actor1Code"] == "IRQMIL"
    assert clash["ActionGeo_CountryCode"] == "IZ"  # GDELT's places use FIPS codes
    assert clash["QuadClass"] == "4" and clash["DATEADDED"] == "20260303000000"
    assert clash["SOURCEURL"].startswith("https://tigris-wire.example")
    of_clash = [m for m in mentions if m["GLOBALEVENTID"] == clash["GLOBALEVENTID"]]
    assert sorted(m["MentionSourceName"] for m in of_clash) == ["Gulf Courier", "Tigris Wire"]
    tigris = next(m for m in of_clash if m["MentionSourceName"] == "Tigris Wire")
    assert tigris["ActionCharOffset"] == "9"  # "The army shelled": the trigger's offset
    meeting = next(r for r in found if r["EventRootCode"] == "04")
    assert meeting["QuadClass"] == "1" and meeting["ActionGeo_Lat"] == ""


def test_tsv_cells_cannot_break_rows() -> None:
    assert ex._tsv_cell("a\tb\nc") == "a b c"
    assert ex._tsv_cell("=SUM(A1)") == "'=SUM(A1)"
    assert ex._tsv_cell(-66.5) == "-66.5" and ex._tsv_cell(None) == ""


def test_geojson_is_rfc7946(ledger: Ledger) -> None:
    collection = json.loads(run(ledger, ex.geojson))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    features = collection["features"]
    assert len(features) == 3  # the unlocated meeting is left out
    for f in features:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(f["properties"]) >= {"id", "type", "mode", "modality", "date", "actors",
                                        "mentions"}
    caracas = next(f for f in features if f["properties"]["type"] == "PROTEST")
    assert caracas["geometry"]["coordinates"] == [CARACAS.lon, CARACAS.lat]  # lon first
    assert caracas["properties"]["actors"] == ["-Tax Protesters"]
    empty = json.loads(run(ledger, ex.geojson, EventFilter(type="AID")))
    assert empty == {"type": "FeatureCollection", "features": []}


def test_country_codes_come_from_package_data() -> None:
    assert ex.country_codes("iq") == {"iso3": "IRQ", "numeric": 368, "fips": "IZ",
                                      "name": "Iraq"}
    assert ex.country_codes("RU")["fips"] == "RS"
    assert ex.country_codes(None) == {} and ex.country_codes("ZZ") == {}


def test_an_empty_ledger_exports_valid_empty_files(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "empty.db") as empty:
        assert json.loads(run(empty, ex.plover_json)) == []
        assert run(empty, ex.acled_csv).splitlines() == [",".join(ex.ACLED_COLUMNS)]
        assert len(run(empty, ex.gdelt_mentions).splitlines()) == 1



def test_ledger_jsonl_carries_places_and_events_as_analyze_prints_them(tmp_path: Path) -> None:
    doc = document("Talks in Caracas ended on Friday.")
    caracas = Place(**{**CARACAS.to_dict(), "start": 9, "end": 16})
    talks = event(doc, "Talks", type="CONSULT", place=caracas, date=day("2026-03-06"))
    with Ledger.open(tmp_path / "one.db") as one:
        one.write(doc, [], [], places=[caracas], events=[talks])
        [line] = [json.loads(x) for x in one.export("jsonl")]
    assert line["places"] == [caracas.to_dict()]
    assert line["events"] == [talks.to_dict()]
