"""Speech that the parse does not show as a verb frame: speaker labels ("PENCE: Well, look…",
"Poll: Wealthy voters abandon …"), "X said:" followed by the words, and quotations that run
on over several sentences after their speaker was named."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LabelledSpeech", "open_quote_at", "speaker_labels"]

# A label is one to four capitalised words (or an all-caps name) before a colon at the start
# of a line; the words after it are that speaker's.
_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w.’'\-]*)(?:[ \u00a0](?:[A-Z][\w.’'\-]*|of|de|van|von)){0,3})"
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


@dataclass(frozen=True, kw_only=True)
class LabelledSpeech:
    label: str
    label_start: int
    label_end: int
    colon: int
    start: int
    end: int


def speaker_labels(text: str) -> list[LabelledSpeech]:
    out = []
    for m in _LABEL.finditer(text):
        label = m.group("label")
        words = label.replace("\u00a0", " ").split()
        if words[0].lower().strip("’'s") in _NOT_SPEAKERS or len(m.group("content")) < 12:
            continue
        if len(words) == 1 and not (label.isupper() or label[0].isupper()):
            continue
        end = m.end("content")
        out.append(LabelledSpeech(label=label, label_start=m.start("label"),
                                  label_end=m.end("label"), colon=m.end("label"),
                                  start=m.start("content"), end=end))
    return out


_OPEN = {"“": "”", '"': '"', "‘": "’"}


def open_quote_at(text: str, position: int) -> bool:
    """Whether `position` lies inside a double quotation opened earlier in its paragraph."""
    para_start = text.rfind("\n\n", 0, position)
    para = text[para_start + 2 if para_start >= 0 else 0: position]
    curly = para.count("“") - para.count("”")
    if curly > 0:
        return True
    return para.count('"') % 2 == 1
