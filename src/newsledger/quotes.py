"""Speech that the parse does not show as a verb frame: speaker labels ("PENCE: Well, look…",
"Poll: Wealthy voters abandon …"), "X said:" followed by the words, and quotations that run
on over several sentences after their speaker was named."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["LabelledSpeech", "QuotedSpeech", "open_quote_at", "quoted_speech", "speaker_labels"]

# A label is one to four capitalised words (or an all-caps name) before a colon at the start
# of a line; the words after it are that speaker's.
_LABEL = re.compile(
    r"^[\"“]?(?P<label>(?:[A-Z][\w.’'\-]*)(?:[ \u00a0](?:[A-Z][\w.’'\-]*|of|de|van|von)){0,3})"
    r":[ \t]+(?P<content>\S[^\n]*)", re.MULTILINE)
# Labels that introduce page furniture or a format, not a speaker.
_NOT_SPEAKERS = {
    "note", "update", "updated", "editor", "editors", "photo", "photos", "image", "video",
    "source", "sources", "related", "watch", "read", "correction", "disclaimer", "warning",
    "advertisement", "q", "a", "question", "answer", "tags", "filed", "posted", "published",
    "by", "category", "share", "caption", "credit", "credits", "summary", "background",
    "live", "breaking", "exclusive", "analysis", "opinion", "comment", "editorial", "subject",
    "re", "from", "to", "date", "time", "when", "where", "what", "why", "how", "who", "then",
    "now", "today", "yesterday", "step", "part", "chapter", "figure", "table", "example",
}

# Capitalised function words mark a title-case headline ("The Latest", "Stealth Over Health").
_TITLE_WORDS = {"The", "An", "Over", "In", "On", "For", "To", "With", "And", "Or", "At", "By",
                "Into", "From", "Is", "Are", "Was", "Of"}


@dataclass(frozen=True, kw_only=True)
class LabelledSpeech:
    label: str
    label_start: int
    label_end: int
    colon: int  # the cue: the colon after the label, or the dash before a signature
    start: int
    end: int
    cue: str = ":"


# A quotation standing as a paragraph of its own, signed with a dash and a name
# ("“We were never asked.” ― Ana Ruiz"), as in round-ups of readers' or voters' views.
_SIGNED = re.compile(
    r"^[ \t]*[“”\"‘](?P<content>[^\n]{12,}?)[”\"’][ \t]*(?P<dash>[―—–]|--)[ \t]*"
    r"(?P<label>[A-Z][\w.’'\-]*(?:[ \u00a0](?:[A-Z][\w.’'\-]*|de|van|von|del|la)){0,4})"
    r"[ \t\u00a0]*\.?[ \t\u00a0]*$", re.MULTILINE)


def speaker_labels(text: str) -> list[LabelledSpeech]:
    out = []
    for m in _LABEL.finditer(text):
        label = m.group("label")
        words = label.replace("\u00a0", " ").split()
        if words[0].lower().strip("’'s") in _NOT_SPEAKERS or len(m.group("content")) < 12:
            continue
        if any(w in _TITLE_WORDS for w in words):
            continue  # "The Latest: …", "Stealth Over Health: …" — a headline, not a speaker
        if len(words) == 1 and not (label.isupper() or label[0].isupper()):
            continue
        end = m.end("content")
        out.append(LabelledSpeech(label=label, label_start=m.start("label"),
                                  label_end=m.end("label"), colon=m.end("label"),
                                  start=m.start("content"), end=end))
    for m in _SIGNED.finditer(text):
        name = m.group("label").rstrip(".")
        if len(name.split()) < 2 and not name.isupper():
            continue  # a single capitalised word after a dash is as often a place or a date
        out.append(LabelledSpeech(label=name, label_start=m.start("label"),
                                  label_end=m.start("label") + len(name), colon=m.start("dash"),
                                  start=m.start("content"), end=m.end("content"),
                                  cue=m.group("dash")))
    return sorted(out, key=lambda lb: lb.start)


def open_quote_at(text: str, position: int) -> bool:
    """Whether `position` lies inside a double quotation opened earlier in its paragraph."""
    para_start = text.rfind("\n\n", 0, position)
    para = text[para_start + 2 if para_start >= 0 else 0: position]
    curly = para.count("“") - para.count("”")
    if curly > 0:
        return True
    # Straight quotes, and the doubled apostrophes some archives use for them ('' … '')
    return (para.count('"') + para.count("''")) % 2 == 1


@dataclass(frozen=True, kw_only=True)
class QuotedSpeech:
    """A direct quotation tied to its speech tag: `“A,” he said, “B.”` gives both parts."""

    verb: int  # token index of the speech verb
    source: tuple[int, int]  # token range of the speaker's noun phrase
    content: tuple[int, int]  # character offsets, inside the outer quotation marks


_SUBORDINATORS = {"when", "while", "because", "after", "before", "if", "since", "until",
                  "whenever", "although", "though"}
_OPENERS = {"“", '"', "‘‘"}
_CLOSERS = {"”", '"', "’’", "''"}


def _quote_pairs(doc: Any) -> list[tuple[int, int]]:
    """(open, close) token indices of double quotations that do not cross a paragraph."""
    pairs, open_at = [], None
    for tok in doc:
        if tok.is_space and "\n\n" in tok.text:
            open_at = None
            continue
        text = tok.text
        if open_at is None and (text in _OPENERS or (text == '"' and tok.is_left_punct)):
            open_at = tok.i
        elif open_at is not None and text in _CLOSERS:
            pairs.append((open_at, tok.i))
            open_at = None
        elif open_at is None and text in ('"', "''"):
            open_at = tok.i
    return pairs


def _speech_tag(doc: Any, start: int, verbs: frozenset[str]) -> tuple[int, Any] | None:
    """A speech verb with its subject just after `start` ("he said", "said X"), or after a
    longer subject that runs from `start` to the verb ("Rep. Ana Ruiz (D-Ore.) said")."""
    for i in range(start, min(start + 14, len(doc))):
        tok = doc[i]
        if tok.is_quote or "\n" in tok.text:
            return None
        if tok.lemma_.lower() in verbs and tok.pos_ in ("VERB", "AUX"):
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            subj = next((c for c in subjects if c.i >= start), subjects[0] if subjects else None)
            if i - start >= 5 and (subj is None or min(t.i for t in subj.subtree) > start + 1):
                return None  # a verb further on belongs to a sentence of its own
            if any(c.dep_ == "ccomp" and c.i > i and not _opens_quote(c) for c in tok.children):
                return None  # "“…”. A manager said the talks had failed": its own content
            if any(c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATORS
                   for c in tok.children):
                return None  # "“…,” when the mayor blasted him": a clause about the quote
            if subj is not None and subj.i < start:
                # The parser took a word of the quotation as the subject ("…,” said Leslie
                # Wimes): the speaker is the name after the verb, if there is one.
                subj = next((c for c in tok.children if c.i > i and c.pos_ == "PROPN"
                             and c.dep_ in ("dobj", "attr", "npadvmod", "appos", "oprd",
                                            "dative")), None)
            if subj is not None:
                return i, subj
    return None


_MODIFIER_DEPS = {"prep", "pobj", "npadvmod", "advmod", "amod", "det", "compound", "nummod"}


def _speech_verb_before(tok: Any, verbs: frozenset[str], set_off: bool) -> Any:
    """The speech verb whose phrase ends at `tok`: the word itself ("he said, “…”") or a
    verb a few words back whose modifier (or, before a comma, object) runs up to it
    ("Trump saying during the debate last week, “…”")."""
    node = tok
    for _ in range(4):
        if node.lemma_.lower() in verbs and node.pos_ in ("VERB", "AUX"):
            return node if max(t.i for t in node.subtree) >= tok.i else None
        if node.head.i == node.i or node.head.i > tok.i or tok.i - node.head.i > 10 \
                or node.dep_ not in _MODIFIER_DEPS | ({"dobj", "dative"} if set_off else set()):
            # An object only before a comma or colon ("told reporters, “…”"); not "called
            # the deal “a disaster”", which names rather than quotes.
            return None
        node = node.head
    return None


def _nearest_subject(verb: Any) -> Any:
    """The verb's subject nearest to it, skipping a stray dash the parser made one."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                and any(ch.isalnum() for ch in c.text)]
    return min(subjects, key=lambda c: abs(verb.i - c.i), default=None)


def _opens_quote(clause: Any) -> bool:
    first = min(t.i for t in clause.subtree)
    return bool(clause.doc[first].is_quote or (first > 0 and clause.doc[first - 1].is_quote))


def _participle_subject(verb: Any) -> Any:
    """Who speaks through a subjectless participle ("Trump, saying “…”", "a video of him
    asking “…”", "she sang before asking “…”"): the noun it modifies, or the subject of
    the clause it hangs on."""
    if verb.tag_ != "VBG":
        return None
    if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "PRON", "NOUN"):
        return verb.head
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None  # "footage of Clinton asking, “…”"
    if prev is not None and prev.pos_ == "PROPN" and prev.dep_ == "pobj":
        return prev
    node = verb
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
    return None


def quoted_speech(doc: Any, verbs: frozenset[str]) -> list[QuotedSpeech]:
    out = []
    pairs = _quote_pairs(doc)
    consumed: set[int] = set()
    for n, (open_i, close_i) in enumerate(pairs):
        if close_i - open_i < 3 or n in consumed:
            continue  # a scare-quoted word, not speech; or the second half of a split quote
        tag = _speech_tag(doc, close_i + 1, verbs)
        last_close = close_i
        if tag is not None:
            verb_i, subj = tag
            # “A,” he said, “B.” — the second part continues the same quotation.
            tail = max(t.i for t in subj.subtree) if subj.i > verb_i else verb_i
            if n + 1 < len(pairs) and pairs[n + 1][0] - tail <= 2:
                last_close = pairs[n + 1][1]
                consumed.add(n + 1)
        else:
            # He said: “…” / He said, “…”
            before = open_i - 1
            while before >= 0 and (doc[before].is_punct and doc[before].text in ":,"
                                   or doc[before].is_space):
                before -= 1
            if before > 0 and doc[before].pos_ == "PRON" and doc[before].dep_ in (
                    "dobj", "dative") and doc[before].head.i == before - 1:
                before -= 1  # "asking her, “…”", "scolded him: “…”": past the one addressed
            if before < 0:
                continue
            set_off = any(doc[i].text in ",:" for i in range(before + 1, open_i))
            verb = _speech_verb_before(doc[before], verbs, set_off)
            if verb is None:
                continue
            subj = _nearest_subject(verb) or _participle_subject(verb)
            if subj is None:
                continue
            tag = (verb.i, subj)
        verb_i, subj = tag
        src = sorted(t.i for t in subj.subtree if not t.is_punct)
        if not src:
            continue
        start = doc[open_i].idx + len(doc[open_i].text)
        end = doc[last_close].idx
        out.append(QuotedSpeech(verb=verb_i, source=(src[0], src[-1]), content=(start, end)))
    return out
