"""Which event mentions report the same real-world event: the pairwise rule, and the
partition of a set of mentions it induces. Pure functions over mention dicts (rows of
`event_mentions`); the database side is store/event_clusters.py.

**Pairwise rule.** Two mentions can be one event when all of these hold:

- the same PLOVER `type` and the same **modality class**: asserted and historical mentions
  are *realised*; future, hypothetical and negated mentions each form their own class;
- **actors**: their actor sets share a normalised name (casefolded, spaces collapsed, a
  leading "the" dropped), or both name no actor; and likewise their recipient sets. For the
  symmetric types (CONSULT, COOPERATE) the roles may also come swapped: "Trump meets Putin"
  and "Putin meets Trump" are one meeting;
- **date**: the earliest–latest windows overlap, widened by `DAY_TOLERANCE` days on each
  side when either is at day precision. A dated and an undated mention never match; two
  undated ones may;
- **place**: the same gazetteer id, or within `PLACE_KM` km, or a country-level place and
  any place in that country (a *strict* link); or both unknown (strict); or one known and
  one unknown (a *loose* link).

**Partition.** Mentions are taken in a canonical order, not the order they were stored
in: placed before unplaced, dated before undated, the most precise date first (day, week,
month, year), then the most precise place, the earliest date, the mention id. Each one joins
the nearest event (date midpoints, then distance, then id) it fits, or leads a new one. It
fits an event when its date and place are within the tolerances of the event's *leader*
(its first mention in that order) and it shares actors with any of the event's reports. So
a chain of daily reports of clashes between the same sides is a series of events, not one
(single linkage would chain them). An unplaced mention joins the one placed event whose
leader it fits; when it fits several (an unplaced "the army attacked" between a clash in
Basra and one in Mosul) it belongs to neither for sure, and joins or leads an unplaced
event instead.

The result depends only on the set of mentions. An event's id is "v" + a hash of its
leader's mention id. Its **group** (named the same way after the group's smallest mention
id) is the connected component of all links between mentions, strict or loose: the
partition of a group depends on its mentions alone, so the group is the unit the store
re-partitions when a mention comes or goes. A new report can change an event's leader
(and so its id), and a report that is now the better leader can take reports from an
existing event.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

__all__ = [
    "DAY_TOLERANCE",
    "PLACE_KM",
    "REALISED",
    "SYMMETRIC_TYPES",
    "Cluster",
    "cluster_id",
    "link",
    "modality_class",
    "name_key",
    "partition",
]

PLACE_KM = 50.0
DAY_TOLERANCE = 2
REALISED = ("asserted", "historical")
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^the\s+")

Link = Literal["strict", "loose"]
# (event id, group id, member mention dicts)
Cluster = tuple[str, str, list[dict[str, Any]]]


def modality_class(modality: str) -> str:
    """"realised" for asserted and historical; each unrealised modality is its own class."""
    return "realised" if modality in REALISED else modality


def name_key(name: str | None) -> str:
    """The form actor names are compared in: "The  Iraqi Army" → "iraqi army"."""
    if not name:
        return ""
    return _ARTICLE.sub("", _SPACE.sub(" ", name.casefold()).strip())


def cluster_id(smallest_mention_id: str) -> str:
    """An event's id from the smallest id among its mentions: the same set, the same id."""
    return "v" + hashlib.sha256(smallest_mention_id.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=16_384)  # the same few actor lists recur in every partition of a group
def _role(actors_json: str | None) -> frozenset[str]:
    try:
        found = json.loads(actors_json or "[]")
    except (TypeError, ValueError):
        return frozenset()
    if not isinstance(found, list):
        return frozenset()
    names = (a.get("name") for a in found if isinstance(a, dict))
    return frozenset(k for k in map(name_key, names) if k)


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) if a and b else not a and not b


def _ordinal(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the rule reads from a mention, parsed once (a partition compares many pairs)."""

    kind: str
    cls: str
    actors: frozenset[str]
    recipients: frozenset[str]
    lo: int | None  # date window as day ordinals; None when undated (or unparseable)
    hi: int | None
    undated: bool
    day: bool
    lat: float | None
    lon: float | None
    geonameid: int | None
    country: str | None
    precision: str | None


def _facts(m: dict[str, Any]) -> _Facts:
    return _Facts(kind=m["type"], cls=modality_class(m["modality"]),
                  actors=_role(m["actors"]), recipients=_role(m["recipients"]),
                  lo=_ordinal(m["date_earliest"]), hi=_ordinal(m["date_latest"]),
                  undated=m["date_earliest"] is None, day=m["date_precision"] == "day",
                  lat=m["lat"], lon=m["lon"], geonameid=m["geonameid"],
                  country=m["place_country"], precision=m["place_precision"])


def _actors_fit(a: _Facts, b: _Facts) -> bool:
    if _overlap(a.actors, b.actors) and _overlap(a.recipients, b.recipients):
        return True
    return (a.kind in SYMMETRIC_TYPES and _overlap(a.actors, b.recipients)
            and _overlap(a.recipients, b.actors))


def _dates_fit(a: _Facts, b: _Facts) -> bool:
    if a.lo is None or a.hi is None or b.lo is None or b.hi is None:
        return a.undated and b.undated
    tol = DAY_TOLERANCE if a.day or b.day else 0
    return not (a.lo - tol > b.hi or b.lo - tol > a.hi)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _place_fit(a: _Facts, b: _Facts) -> Link | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return "strict" if a.lat is None and b.lat is None else "loose"
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return "strict"
    if _km(a.lat, a.lon, b.lat, b.lon) <= PLACE_KM:
        return "strict"
    # A country-level place contains every place in that country.
    if a.country and a.country == b.country and "country" in (a.precision, b.precision):
        return "strict"
    return None


def _link(a: _Facts, b: _Facts, *, actors: bool = True) -> Link | None:
    if a.kind != b.kind or a.cls != b.cls:
        return None
    if (actors and not _actors_fit(a, b)) or not _dates_fit(a, b):
        return None
    return _place_fit(a, b)


def link(a: dict[str, Any], b: dict[str, Any]) -> Link | None:
    """How two mentions are linked: "strict", "loose" (one place unknown), or None."""
    return _link(_facts(a), _facts(b))


class _Sets:
    """Union–find over indices; the smaller index is the root, so results are stable."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_PLACE_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3}


def _canonical(m: dict[str, Any], f: _Facts) -> tuple[Any, ...]:
    return (f.lat is None, f.lo is None, _DATE_RANK.get(m["date_precision"] or "", 9),
            _PLACE_RANK.get(f.precision or "", 9), f.lo or 0, str(m["id"]))


def _nearness(a: _Facts, b: _Facts) -> tuple[float, float]:
    days = 0.0 if a.lo is None or a.hi is None or b.lo is None or b.hi is None else abs(
        (a.lo + a.hi) / 2 - (b.lo + b.hi) / 2)
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return days, 0.0
    return days, _km(a.lat, a.lon, b.lat, b.lon)


def _groups(facts: list[_Facts], members: list[int], linked: _Sets) -> None:
    """Union in `linked` every two of `members` joined by a chain of links. Each mention is
    compared with the components so far, member by member until one links, so a report of
    a big event costs one comparison, not one per report."""
    found: dict[int, list[int]] = {}
    for i in members:
        joins = [root for root, held in found.items()
                 if any(_link(facts[i], facts[j]) for j in held)]
        merged = [i]
        for root in joins:
            merged.extend(found.pop(root))
            linked.union(i, root)
        found[linked.find(i)] = merged


def _leaders(items: list[dict[str, Any]], facts: list[_Facts], members: list[int]
             ) -> list[list[int]]:
    """Leader clustering of one bucket (one type and modality class) in canonical order."""
    events: list[list[int]] = []  # each led by its first member
    for i in sorted(members, key=lambda k: _canonical(items[k], facts[k])):
        # Date and place within the tolerances of the leader; actors shared with any report.
        fits = [(e, kind) for e in events
                if (kind := _link(facts[i], facts[e[0]], actors=False)) is not None
                and any(_actors_fit(facts[i], facts[j]) for j in e)]
        placed = [e for e, kind in fits if kind == "loose"]  # i unplaced, e placed
        strict = [e for e, kind in fits if kind == "strict"]
        if len(placed) == 1:
            placed[0].append(i)
        elif strict:
            min(strict, key=lambda e: (*_nearness(facts[i], facts[e[0]]),
                                       str(items[e[0]]["id"]))).append(i)
        else:
            events.append([i])
    return events


def partition(mentions: Iterable[dict[str, Any]]) -> list[Cluster]:
    """The events `mentions` form, as (event id, group id, members), by event id. Each
    member dict is one of the given ones. Mention ids must be unique."""
    items = sorted(mentions, key=lambda m: str(m["id"]))
    facts = [_facts(m) for m in items]
    linked = _Sets(len(items))
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(items):
        buckets[(m["type"], modality_class(m["modality"]))].append(i)
    out: list[Cluster] = []
    for members in buckets.values():
        _groups(facts, members, linked)
        for event in _leaders(items, facts, members):
            # Indices follow sorted mention ids: a group's root is its smallest mention id.
            group = cluster_id(items[linked.find(event[0])]["id"])
            out.append((cluster_id(items[event[0]]["id"]), group,
                        [items[i] for i in event]))
    return sorted(out, key=lambda c: c[0])
