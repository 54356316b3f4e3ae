"""Where a document names places: spans that the tagger marks as places, spans it mislabels
(the small model calls many towns PERSON or ORG), and capitalised names it missed that the
gazetteer knows — each of the last two taken only on evidence in the sentence or the document.

Evidence (`toponym_evidence`), any of: a preposition of place or a direction before the name
("in", "near", "the town of", "in central Mozambique", "towns such as"), an area word after it
("Kogi state"), a list with a place already found ("Dundee, Stirling and Glasgow"), a dateline
("MAPUTO —"), or the same name already found as a place elsewhere in the document (one sense
per discourse). Names that are also common words or first names ("Reading", "Nice", "May") are
never taken without the tagger, nor untagged names in a Title Case headline that the body does
not confirm. Also here: state abbreviations after a town ("Trenton, N.J.", "Dallas, TX"),
counties named with their word ("Florence and Darlington counties"), rivers and lakes
(`toponym_water`)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from newsledger.annotate import doc_text, entities
from newsledger.gazetteer import Entry, Gazetteer, name_key
from newsledger.toponym_evidence import (
    LIST_WORDS,
    NEAR_WORDS,
    Mention,
    beside,
    capital_speaks,
    country_adjectives,
    dateline,
    evidence,
    is_name_token,
    sizeable,
    title_case,
    whole_word,
)
from newsledger.toponym_water import find_water

__all__ = ["Mention", "country_adjectives", "find_mentions"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# spaCy's small model tags some towns as people or groups (Raqqah PERSON, Aleppo NORP, Donbass
# ORG): those labels are taken alone only for a well-known place.
OTHER_LABELS = {"PERSON", "ORG", "NORP"}
MIN_POP_OTHER = 100_000
# Labels no place hides under: a date or a number never becomes a toponym.
NEVER_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
MIN_POP_UNTAGGED = 5_000  # an untagged name must find a town of some size
MAX_NAME_TOKENS = 4
SECOND_LEVEL = {"district", "county", "municipality", "borough", "parish", "township"}
# US counties and Louisiana parishes are named with the word: "Jackson county" is the row
# "Jackson County" of the gazetteer.
COUNTY_WORDS = {"county": "County", "parish": "Parish", "countie": "County",
                "parishe": "Parish"}


def _candidates(gaz: Gazetteer, text: str, *, variants: bool = True) -> list[Entry]:
    found = gaz.lookup(text)
    if not found and variants:
        found = gaz.lookup_variants(text)
    return found


def _mention(doc: Any, text: str, start_tok: int, end_tok: int,
             cands: list[Entry]) -> Mention:
    span = doc[start_tok:end_tok]
    start, end = span.start_char, span.end_char
    if span[0].lower_ == "the":
        start = span[1].idx if len(span) > 1 else start
    while end > start and text[end - 1].isspace():  # the tagger may take a line break in
        end -= 1
    return Mention(text[start:end], start, end, name_key(text[start:end]), cands,
                   tokens=(start_tok, end_tok))


def _parts(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """A span that names no place as a whole, cut at lists and lower-case words: "Victoria
    and New South Wales", "Birmingham bin". A part must then name a place as a whole, so
    that "River" alone is never taken out of "River Tyne"."""
    out: list[tuple[int, int]] = []
    i = start
    for j in range(start, end + 1):
        if j == end or doc[j].text in LIST_WORDS or not doc[j].text[:1].isupper():
            if j > i:
                out.append((i, j))
            i = j + 1
    return out if out != [(start, end)] else []


def _longest(doc: Any, gaz: Gazetteer, start: int, end: int) -> tuple[int, list[Entry]]:
    """The longest gazetteer name starting at token `start` and ending by `end`."""
    for stop in range(min(end, start + MAX_NAME_TOKENS), start, -1):
        found = gaz.lookup(doc[start:stop].text)
        if found:
            return stop, found
    return start, []


def _extended(doc: Any, gaz: Gazetteer, ent: Any, covered: set[int]) -> Any:
    """The entity with the untagged capitalised words after it, when together they name a
    place: "[Spanish] Town", "[Indian] Wells"."""
    end = ent.end
    while end < len(doc) and end - ent.start < MAX_NAME_TOKENS and end not in covered \
            and not doc[end].ent_type_ and is_name_token(doc[end]):
        end += 1
    for stop in range(end, ent.end, -1):
        if gaz.lookup(doc[ent.start:stop].text):
            return Span(doc, ent.start, stop, label=ent.label_)
    return ent


JOINERS = {"-", "‐", "and", "&"}
MAX_JOINED_TOKENS = 7


def _joined(doc: Any, gaz: Gazetteer, ent: Any) -> Any:
    """The entity joined with what follows when a hyphen or "and" carries the name on and
    the whole is one gazetteer name: "[Trinidad] and [Tobago]", "[Weston]-super-Mare" (the
    tagger cuts both)."""
    if ent.end >= len(doc) or doc[ent.end].lower_ not in JOINERS:
        return ent
    for stop in range(min(len(doc), ent.start + MAX_JOINED_TOKENS), ent.end + 1, -1):
        if not is_name_token(doc[stop - 1]):
            continue
        if any(t.is_punct and t.text not in JOINERS for t in doc[ent.end:stop]):
            continue
        if gaz.lookup(doc[ent.start:stop].text):
            return Span(doc, ent.start, stop, label=ent.label_)
    return ent


CALENDAR_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december", "monday", "tuesday",
                  "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                  "tomorrow", "yesterday", "christmas", "easter", "ramadan", "eid",
                  "thanksgiving", "hanukkah", "diwali", "passover", "lent", "advent"}


def _misread_date(ent: Any) -> bool:
    """A single capitalised word that the tagger calls a date but no calendar names: the
    small model reads "Morrow" as (to)morrow."""
    return len(ent) == 1 and is_name_token(ent[0]) and ent[0].lower_ not in CALENDAR_WORDS \
        and ent[0].lower_.rstrip("s") not in CALENDAR_WORDS


def _area_word(doc: Any, e: int) -> str:
    """The area word after a name ("Kogi state"), or after the list the name opens when the
    word is plural ("Florence and Darlington counties", "Kherson and Zaporizhzhia regions")."""
    j = e
    while j + 1 < len(doc) and doc[j].text in LIST_WORDS and is_name_token(doc[j + 1]):
        j += 2
        while j < len(doc) and is_name_token(doc[j]):
            j += 1
    word = doc[j].lower_ if j < len(doc) else ""
    # singular right after the name, plural after a list ("Cisco states that" is a verb)
    return word if (j == e) != word.endswith("s") else ""


def _state_after_town(doc: Any, gaz: Gazetteer, i: int) -> Entry | None:
    """The state that token `i` abbreviates right after a town and its comma: "Trenton,
    N.J.", "Dallas, TX" (a bare code elsewhere is a word: "OK", "IN")."""
    if i < 2 or doc[i - 1].text != "," or not is_name_token(doc[i - 2]):
        return None
    state = gaz.abbreviation(doc[i].text)
    if state is None and len(doc[i].text) == 2 and doc[i].text.isupper() and not (
            i + 1 < len(doc) and is_name_token(doc[i + 1])):
        state = gaz.postal_code(doc[i].text)
    return state


def find_mentions(doc: Any, gaz: Gazetteer) -> list[Mention]:
    """Every toponym of `doc` with its gazetteer candidates, in text order."""
    text = doc_text(doc)
    demonyms = country_adjectives()
    sure: list[Mention] = find_water(doc, gaz, text)  # rivers and lakes first: "Tennessee River"
    maybe: list[Mention] = []  # mislabelled or untagged: kept only on evidence
    tagged: set[str] = set()  # names the tagger called places: they vouch for their repeats
    covered: set[int] = {t for m in sure for t in range(*m.tokens)}
    for ent in entities(doc):
        if covered & set(range(ent.start, ent.end)):
            continue
        state = _state_after_town(doc, gaz, ent.start) if ent.end == ent.start + 1 else None
        if state is not None:  # "Columbus, GA" tagged as a group
            covered.add(ent.start)
            sure.append(_mention(doc, text, ent.start, ent.end, [state]))
            continue
        label = ent.label_
        if label == "DATE" and _misread_date(ent):
            continue  # "through Morrow": left to the untagged names, which want evidence
        covered.update(range(ent.start, ent.end))
        if label in NEVER_LABELS:
            continue
        prev = doc[ent.start - 1] if ent.start > 0 else None
        # "The Duran", "The Hill": a capitalised article mid-sentence makes it a title.
        if prev is not None and prev.text == "The" and not prev.is_sent_start:
            continue
        ent = _joined(doc, gaz, _extended(doc, gaz, ent, covered))
        covered.update(range(ent.start, ent.end))
        cands = _candidates(gaz, ent.text, variants=label in PLACE_LABELS)
        pieces = [(ent.start, ent.end, cands)] if cands else []
        if not cands and label in PLACE_LABELS and prev is not None and is_name_token(prev) \
                and prev.ent_type_ == "" and not prev.is_sent_start:
            # The tagger sometimes drops the first word of a name ("Santo [Domingo]").
            found = gaz.lookup(doc[ent.start - 1:ent.end].text)
            if found:
                pieces, cands = [(ent.start - 1, ent.end, found)], found
        if not cands and ent.end - ent.start > 1 and doc[ent.end - 1].lower_ in gaz.region_words:
            # "Kherson Oblast", "Kogi State": the name before the area word
            found = gaz.lookup(doc[ent.start:ent.end - 1].text)
            pieces = [(ent.start, ent.end - 1, found)] if found else []
        elif not cands and ent.end - ent.start > 1 and doc[ent.start].text in demonyms:
            # "Indian Punjab": the name after the demonym, in the demonym's country
            found = gaz.lookup(doc[ent.start + 1:ent.end].text)
            pieces = [(ent.start + 1, ent.end, found)] if found else []
        elif not cands:
            for a, b in _parts(doc, ent.start, ent.end):
                found = gaz.lookup(doc[a:b].text)
                # Not the place a group is named for: "Bank of America", "Church of England"
                named_for = label not in PLACE_LABELS and doc[a - 1].lower_ in {"of", "for"}
                if found and not named_for:
                    pieces.append((a, b, found))
        for a, b, found in pieces:
            m = _mention(doc, text, a, b, found)
            big = [c for c in found if c.kind in "CRF" or c.population >= MIN_POP_OTHER]
            if label in PLACE_LABELS:
                sure.append(m)
                tagged.add(m.key)
            elif label in OTHER_LABELS and big and m.key not in gaz.not_places:
                # Taken on the strength of its big namesake; with evidence of place ("nearby
                # Moca") the small ones stay in the running too.
                if not evidence(doc, m, gaz):
                    m.candidates = big
                sure.append(m)
            elif whole_word(text, m) and m.text not in demonyms:  # "from Spanish Town"
                maybe.append(m)
    # Names the tagger missed: the longest gazetteer name at each capitalised token.
    i = 0
    while i < len(doc):
        tok = doc[i]
        state = _state_after_town(doc, gaz, i) if i not in covered else None
        if state is not None:  # "Dayton, Ohio", "Dallas, TX"
            maybe.append(_mention(doc, text, i, i + 1, [state]))
        if i in covered or not tok.text[:1].isupper() or not tok.is_alpha \
                or tok.lower_ == "the":  # "The Thames rose": the name starts after it
            i += 1
            continue
        end = i
        while end < len(doc) and end not in covered and end - i < MAX_NAME_TOKENS and (
                doc[end].text[:1].isupper() or doc[end].lower_ in {"de", "upon"}):
            end += 1
        stop, found = _longest(doc, gaz, i, end)
        if found:
            m = _mention(doc, text, i, stop, found)
            # a stop word alone is no name, but it may open one: "A Coruña", "La Paz"
            if (not tok.is_stop or stop - i > 1) and whole_word(text, m) \
                    and m.text not in demonyms:
                maybe.append(m)
        i = max(stop, i + 1)
    return _settle(doc, gaz, sure, maybe, tagged)


def _settle(doc: Any, gaz: Gazetteer, sure: list[Mention], maybe: list[Mention],
            tagged: set[str]) -> list[Mention]:
    """Take the doubtful mentions that have evidence, until no more can be taken (a list is
    taken one neighbour at a time), then mark region words, "near" and "X, Y"."""
    places = {t: m for m in sure for t in range(*m.tokens)}
    # A big town's name under a person's or a group's label ("Riverside have won") is taken,
    # but does not vouch for the name's other mentions.
    keys = set(tagged)
    out = list(sure)
    # "the Chattahoochee River" found, "the Chattahoochee" elsewhere is the same river
    rivers = {c.name for m in sure for c in m.candidates if c.kind == "F" and len(m.candidates)
              == sum(x.kind == "F" for x in m.candidates)}
    changed = True
    while changed and maybe:
        changed = False
        for m in list(maybe):
            tok = doc[m.tokens[0]]
            floor = MIN_POP_UNTAGGED if not tok.ent_type_ else 0
            # A common word or first name is a place only where the tagger said so once.
            common = m.key in gaz.not_places and tok.ent_type_ in {"", "PERSON"}
            # A country's name the tagger left alone is still the country ("central
            # Mozambique" in a headline).
            country = not tok.ent_type_ and any(c.kind == "C" for c in m.candidates)
            same_river = any(c.kind == "F" and c.name in rivers for c in m.candidates)
            # In a Title Case headline every word is capitalised, "To" is no preposition of
            # place and the tagger is lost: an untagged name there is a town only if the
            # body names it ("Shipyard To Hire 400" is no town of Hiré).
            headline = not tok.ent_type_ and title_case(tok) and not any(
                c.kind in "CA" for c in m.candidates)
            # ... or in a list with a place after a preposition of place ("flights from
            # Darwin and Melbourne")
            common = common and not (evidence(doc, m, gaz) and beside(doc, m, places))
            ok = m.key in keys or same_river or dateline(doc, m) or not common and not headline \
                and (
                (sizeable(m.candidates, floor) and not tok.is_sent_start
                 and (evidence(doc, m, gaz) or beside(doc, m, places)))
                or capital_speaks(doc, m) or country)
            if ok:
                maybe.remove(m)
                out.append(m)
                keys.add(m.key)
                places.update({t: m for t in range(*m.tokens)})
                changed = True
    out.sort(key=lambda m: m.start)
    text = doc_text(doc)
    demonyms = country_adjectives()
    for m in out:
        s, e = m.tokens
        word = _area_word(doc, e)
        if word.rstrip("s") in COUNTY_WORDS:  # "Florence and Darlington counties"
            county = f"{m.text} {COUNTY_WORDS[word.rstrip('s')]}"
            found = [c for c in gaz.lookup(county) if c.kind == "D"]
            if found:
                m.candidates, m.key = found, name_key(county)
                continue
        word = word.removesuffix("s") if word not in gaz.region_words else word
        if word in SECOND_LEVEL:
            m.near = True  # "Kasur district": the area round the town, not its province
        elif word in gaz.region_words:
            m.region_word = True
        if s > 0 and doc[s - 1].lower_ in NEAR_WORDS:
            m.near = True
        # "the Dnipro", not "the Gaza blockade" (there the article is the blockade's)
        m.article = s > 0 and doc[s - 1].lower_ == "the" and not (
            e < len(doc) and doc[e].pos_ in {"NOUN", "PROPN"})
        if s > 0 and doc[s - 1].text in demonyms:
            m.country_hint = demonyms[doc[s - 1].text]
    for m in out:
        if m.region_word:  # "Aleppo province" and "Aleppo" are two places
            m.key += " (region)"
        if m.country_hint:  # so are "Indian Punjab" and "Punjab"
            m.key += f" ({m.country_hint})"
    # "Paris, Texas", "Lahore in Punjab": the second name holds the first.
    for a, b in zip(out, out[1:], strict=False):
        if text[a.end:b.start] in {", ", " in "} and any(e.kind in "CA" for e in b.candidates):
            a.within = b.key
            b.holds.add(a.key)
        if text[a.end:b.start] in {", ", " and ", ", and ", " or ", " & "}:
            a.listed.add(b.key)
            b.listed.add(a.key)
    # "Toledo, Spain ... Toledo, Ohio": one name held by two places is two places
    holders: dict[str, set[str]] = {}
    for m in out:
        if m.within:
            holders.setdefault(m.key, set()).add(m.within)
    for m in out:
        if m.within and len(holders[m.key]) > 1:
            m.key += f" ({m.within})"
    return out
