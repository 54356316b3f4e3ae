"""Helpers the place tests share: the first resolved place of each mention text, and the
distance from a place to a point."""

from __future__ import annotations

from typing import Any

from newsledger.gazetteer import Entry, distance_km


def km(place: dict[str, Any], lat: float, lon: float) -> float:
    a = Entry("P", None, "", place["lat"], place["lon"], "", "", 0)
    return distance_km(a, Entry("P", None, "", lat, lon, "", "", 0))


def first_places(analyzer: Any, text: str) -> dict[str, dict[str, Any]]:
    """The first place of each mention text."""
    out: dict[str, dict[str, Any]] = {}
    for p in analyzer.analyze_text(text).to_dict()["places"]:
        out.setdefault(p["text"], p)
    return out
