"""Attribution records (Source / Cue / Content spans) from the frames the clause analysis met."""

from __future__ import annotations

import hashlib
from typing import Any

from newsledger.annotate import doc_text
from newsledger.attribution import describe_source
from newsledger.clauses import FrameUse
from newsledger.frames import mark_of
from newsledger.lexicon import Lexicon
from newsledger.quotes import LabelledSpeech, QuotedSpeech, open_quote_at, quoted_speech
from newsledger.record import Attribution, Statement, TextSpan

__all__ = ["build_attributions"]

Token = Any
EDGE = {"that", "whether", "if", "and", "but", "so", "then"}
_FUNCTION_POS = {"ADP", "SCONJ", "CCONJ", "PART", "DET", "PUNCT", "SPACE"}
_CONCESSIVE = {"although", "though", "whereas"}
_NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}


def _span(tokens: list[Token], *, trim: bool = False) -> TextSpan | None:
    toks = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    if trim:
        while toks and (toks[0].is_punct or toks[0].is_space or toks[0].lower_ in EDGE
                        or toks[0].is_quote):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"
                        or toks[-1].is_quote):
            if toks[-1].text == ")" and any(t.text == "(" for t in toks):
                break  # "Aino Leht (Centre)": the bracket closes one the span opened
            toks.pop()
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return TextSpan(text=doc_text(toks[0].doc)[start:end], start=start, end=end)


def _longest_run(ids: set[int], doc: Any) -> list[Token]:
    best: list[int] = []
    run: list[int] = []
    for i in sorted(ids):
        run = run + [i] if run and i == run[-1] + 1 else [i]
        if len(run) > len(best):
            best = run
    return [doc[i] for i in best]


def _content(use: FrameUse) -> TextSpan | None:
    if use.contents:
        ids: set[int] = set()
        for c in use.contents:
            ids |= {t.i for t in c.subtree}
            # "… was smart, although he again refused …": a concession set off after the
            # reported clause is the writer's, not the speaker's.
            for g in c.children:
                if g.dep_ == "advcl" and g.i > c.i and mark_of(g) in _CONCESSIVE \
                        and g.doc[g.left_edge.i - 1].text == ",":
                    ids -= {t.i for t in g.subtree} | {g.left_edge.i - 1}
        return _span([use.head.doc[i] for i in ids], trim=True)
    # The frame covers its own clause: the content is that clause without the source,
    # the cue and (for "…, he said, …") the reporting clause itself.
    ids = {t.i for t in use.head.subtree}
    cue = use.frame.cue_tokens
    by_phrase = use.frame.cue in ("according to", "in")  # "according to X", "in a poll"
    if use.frame.head.i == use.head.i and cue and not by_phrase:
        if any(t.lower_ == "by" for t in cue):  # "X has been endorsed by Y": X is the content
            ids = {t.i for c in use.head.children if c.dep_ == "nsubjpass" for t in c.subtree}
        else:  # "Clinton cited the remarks": what follows the verb, when anything does
            after = {i for i in ids if i > cue[-1].i and not use.head.doc[i].is_punct}
            if len(after) >= 2:
                ids = {i for i in ids if i > cue[-1].i}
    ids -= {t.i for t in use.frame.source} | {t.i for t in use.frame.cue_tokens}
    ids -= {t.i for t in use.frame.first_person}
    if use.frame.head.i != use.head.i:
        ids -= {t.i for t in use.frame.head.subtree}
    if by_phrase:
        ids -= {t.i for t in use.frame.tokens}
    run = _longest_run(ids, use.head.doc)
    if all(t.tag_ in ("WDT", "WP", "WRB") or t.is_punct for t in run):
        return None  # "what he wanted": the content is the relative clause's antecedent
    return _span(run, trim=True)


def _make_id(doc_id: str, content: TextSpan, cue: TextSpan | None) -> str:
    key = f"{doc_id}|{content.start}|{content.end}|{cue.start if cue else -1}"
    return "a" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _covered(statements: list[Statement], content: TextSpan) -> list[str]:
    return [s.id for s in statements if s.start < content.end and content.start < s.end]


def _after_colon(use: FrameUse) -> TextSpan | None:
    """ "He said: …" — the words after the colon, to the end of the paragraph."""
    doc = use.frame.head.doc
    nxt = use.frame.cue_tokens[-1].i + 1 if use.frame.cue_tokens else use.frame.head.i + 1
    if nxt >= len(doc) or doc[nxt].text != ":" or any(c.i < nxt for c in use.contents):
        return None
    text = doc_text(doc)
    start = doc[nxt].idx + 1
    while start < len(text) and text[start].isspace():
        start += 1  # "He added:" may end its line; the words are the next paragraph
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 2 and text[start] in "“\"" and text[end - 1] in "”\"":
        start, end = start + 1, end - 1  # the words, without their quotation marks
    return TextSpan(text=text[start:end], start=start, end=end) if end - start > 3 else None


def _label_attribution(label: LabelledSpeech, text: str, statements: list[Statement],
                       doc_id: str, lex: Lexicon) -> Attribution:
    source = TextSpan(text=label.label, start=label.label_start, end=label.label_end)
    cue = TextSpan(text=label.cue, start=label.colon, end=label.colon + len(label.cue))
    content = TextSpan(text=text[label.start:label.end], start=label.start, end=label.end)
    kinds: dict[str, list[str]] = lex.raw["source_types"]
    word = label.label.split()[-1].lower()
    stype = next((k for k, words in kinds.items() if word in words), "person")
    return Attribution(id=_make_id(doc_id, content, cue), source=source, source_type=stype,
                       speaker=label.label, cue=cue, content=content,
                       statement_ids=_covered(statements, content))


def build_attributions(uses: list[FrameUse], statements: list[Statement], doc_id: str,
                       lex: Lexicon, *, labels: list[LabelledSpeech] | None = None,
                       text: str | None = None) -> list[Attribution]:
    out: list[Attribution] = []
    ids: dict[int, str] = {}
    if text is None and uses:
        text = doc_text(uses[0].head.doc)
    if labels and text is not None:  # labelled turns need no frame ("PENCE: …", "“…” ― X")
        out.extend(_label_attribution(label, text, statements, doc_id, lex)
                   for label in labels)
    quotes = {q.verb: q for q in quoted_speech(uses[0].head.doc, _quote_verbs(lex))} \
        if uses else {}
    for use in uses:
        frame = use.frame
        if frame.kind not in ("source", "unnamed") and not frame.first_person:
            continue
        if _quoted_words(frame, labels or []):
            # A verb inside a quotation is the quoted speaker's own wording ("…he really
            # believes that…," Clinton said): the quotation is the attribution.
            continue
        if _asks_you(frame):
            continue
        quote = quotes.pop(frame.head.i, None)
        split = _according_split(use)
        content = _quoted(quote, frame.head.doc) if quote else (
            _span(split[1], trim=True) if split else _after_colon(use) or _content(use))
        if content is None:
            continue
        if frame.first_person:
            source, source_type, speaker = _span(frame.first_person), "author", "author"
        else:
            described, speaker = describe_source(frame, lex)
            source = _span(split[0] if split else _whole_source(frame), trim=True) \
                if frame.source else None
            source_type = described.type
            if quote is not None and source is not None and \
                    quote.content[0] <= source.start < quote.content[1]:
                # The parser took a word of the quotation as the subject: the speech tag
                # names the speaker.
                source = _span(list(frame.head.doc[quote.source[0]: quote.source[1] + 1]))
                speaker = source.text if source is not None else speaker
        parent = _record(out, ids.get(id(use.parent))) if use.parent is not None else None
        if parent is not None and _own_view(use, parent, speaker):
            ids[id(use)] = parent.id  # "Clinton said she thinks …": one attribution
            continue
        cue = _span(frame.cue_tokens)
        ident = _make_id(doc_id, content, cue)
        ids[id(use)] = ident
        covered = _covered(statements, content)
        out.append(Attribution(
            id=ident, source=source, source_type=source_type, speaker=speaker, cue=cue,
            content=content, statement_ids=covered,
            nested_in=ids.get(id(use.parent)) if use.parent is not None else None))
    for quote in quotes.values():  # direct quotations no frame accounted for
        doc = uses[0].head.doc
        content = _quoted(quote, doc)
        source = _span(list(doc[quote.source[0]: quote.source[1] + 1]))
        cue = _span([doc[quote.verb]])
        if source is None or content is None:
            continue
        out.append(Attribution(id=_make_id(doc_id, content, cue), source=source,
                               source_type="person", speaker=source.text, cue=cue,
                               content=content, statement_ids=_covered(statements, content)))
    return _distinct(out, uses[0].head.doc if uses else None)


def _distinct(rows: list[Attribution], doc: Any) -> list[Attribution]:
    """One record per source and content (a cue found twice over is one attribution), and no
    record whose content is only function words ("after", "with": a clause the parse lost)."""
    seen: set[tuple[int, int, int]] = set()
    out = []
    for a in rows:
        key = (a.content.start, a.content.end, a.source.start if a.source else -1)
        if key in seen:
            continue
        seen.add(key)
        span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand") \
            if doc is not None else None
        if span is not None and all(t.pos_ in _FUNCTION_POS for t in span):
            continue
        who = doc.char_span(a.source.start, a.source.end, alignment_mode="expand") \
            if doc is not None and a.source is not None else None
        if who is not None and (not any(t.pos_ in _NOMINAL_POS for t in who)
                                or who.text.strip("’'") in ("s", "")):
            continue  # "Keeps", "let's say": no one is named
        out.append(a)
    return out


def _according_split(use: FrameUse) -> tuple[list[Token], list[Token]] | None:
    """ "According to X, the move reeks of fear" parsed with "according" as the root and the
    clause as X's apposition: X is what precedes the comma, the clause what follows it."""
    frame = use.frame
    if frame.cue != "according to" or use.head.i != frame.cue_tokens[0].i:
        return None
    doc = frame.head.doc
    comma = next((t for t in doc[frame.source[0].i: frame.source[-1].i] if t.text == ","),
                 None) if frame.source else None
    if comma is None:
        return None
    rest = [t for t in comma.sent if t.i > comma.i and not t.is_space]
    if len(rest) < 4:
        return None
    return [t for t in frame.source if t.i < comma.i], rest


def _record(rows: list[Attribution], ident: str | None) -> Attribution | None:
    return next((a for a in rows if a.id == ident), None) if ident else None


def _own_view(use: FrameUse, parent: Attribution, speaker: str) -> bool:
    """Whether a frame only restates its reporter's own view inside what the reporter said
    ("Clinton said she thinks …", "he told reporters he plans …", "the ministry said it
    expects …"): a pronoun source for the same speaker, in the clause a verb of saying
    governs. Its words are the outer content."""
    src = use.frame.source
    if use.parent is None or not use.parent.contents or len(src) != 1 \
            or src[0].lower_ not in ("he", "she", "they", "it") \
            or not parent.content.start <= use.frame.head.idx < parent.content.end:
        return False
    # A "he" or "she" the coreference left open ("The mayor said she …") is the reporter.
    return speaker == parent.speaker or (speaker == src[0].text
                                         and src[0].lower_ in ("he", "she"))


def _quote_verbs(lex: Lexicon) -> frozenset[str]:
    """Verbs that tag a direct quotation: reporting and communication verbs, and verbs of
    voicing that take only a quotation ("asked", "continued", "shouted")."""
    return lex.words("reporting_verbs") | lex.words("communication_verbs") | \
        lex.words("quote_verbs")


def _quoted_words(frame: Any, labels: list[LabelledSpeech]) -> bool:
    """Whether a frame's verb stands inside a quotation or a labelled turn ("PENCE: I think")."""
    at = frame.head.idx
    if any(lb.start <= at < lb.end for lb in labels):
        return True
    return open_quote_at(doc_text(frame.head.doc), at)


def _whole_source(frame: Any) -> list[Token]:
    """The source's whole noun phrase for the record, with its apposition or relative clause
    ("Joseph, who has four children,"); the speaker's name stays the short one."""
    ids = {t.i for t in frame.source}
    head = next((t for t in frame.source if t.head.i not in ids or t.head.i == t.i), None)
    if head is None:
        return list(frame.source)
    whole = list(head.subtree)
    blocked = {t.i for t in frame.cue_tokens} | {frame.head.i}
    if any(t.i in blocked for t in whole) or any(t.is_quote and t.dep_ != "case" for t in whole) \
            or any("\n" in t.text for t in whole):
        return list(frame.source)
    return whole


def _asks_you(frame: Any) -> bool:
    """A question put to someone ("Do you really think …?") asks for a view; it records none."""
    if not any(t.lower_ == "you" for t in frame.source):
        return False
    sent = frame.head.sent
    return any(t.text == "?" for t in sent[-3:]) if len(sent) else False


def _quoted(quote: QuotedSpeech, doc: Any) -> TextSpan | None:
    start, end = quote.content
    text = doc_text(doc)
    while start < end and (text[start].isspace()):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return TextSpan(text=text[start:end], start=start, end=end) if end > start else None
