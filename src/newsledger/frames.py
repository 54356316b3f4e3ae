"""Frames: the part of a sentence that says who asserts something or how sure it is.

"Russian media reports have claimed that …", "according to X", "it is not even clear that
…", "there was a widespread view that …", "…, he said, …". `detect_frame` finds the frame at
a clause head and the clauses it governs; the lexicons come from `lexicon.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsledger.lexicon import Lexicon
from newsledger.stance_cues import cue_lemma, names_only, stance_predicate, unmarked_report
from newsledger.subtrees import subtree_ids, subtree_of

__all__ = [
    "CAUSAL_MARKS",
    "CONDITION_MARKS",
    "Frame",
    "according_frame",
    "detect_frame",
    "has_subject",
    "is_verbal",
    "mark_of",
    "noun_phrase",
    "subtree_ids",
]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs

SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
CLAUSE_DEPS = {"ccomp", "advcl", "conj", "parataxis", "xcomp", "acl", "relcl", "csubj"}
FIRST_PERSON = {"i", "we"}
CAUSAL_MARKS = {"since", "because", "as", "although", "though", "while", "whereas"}
CONDITION_MARKS = {"if", "unless", "provided"}


@dataclass(kw_only=True)
class Frame:
    kind: str  # source | unnamed | certainty | discourse
    head: Token
    tokens: list[Token]  # the frame's own words (subject, cue, auxiliaries)
    cue: str | None
    source: list[Token] = field(default_factory=list)
    verb_class: str | None = None  # the reporting verb's commitment class
    stance: str = "endorses"
    cue_tokens: list[Token] = field(default_factory=list)  # the cue proper, for its span
    first_person: list[Token] = field(default_factory=list)  # "I said that …": the author

    @property
    def start(self) -> int:
        return int(min(t.i for t in self.tokens))


def has_subject(tok: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in tok.children)


def is_verbal(tok: Token) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX") or has_subject(tok))


def mark_of(tok: Token) -> str:
    for c in tok.children:
        if c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in ("when", "whereby")):
            return str(c.lower_)
    return ""


def _quoted(tok: Token) -> bool:
    """Whether a clause stands inside quotation marks (a direct quote)."""
    toks = list(tok.subtree)
    before = tok.doc[max(toks[0].i - 1, 0)]
    return bool(toks[0].is_quote or before.is_quote)


def _content_chain(first: Token) -> list[Token]:
    """A complement clause and the clauses co-ordinated with it ("that A, and that B")."""
    out = [first]
    for c in first.children:
        if c.dep_ == "conj" and is_verbal(c):
            out.extend(_content_chain(c))
    return out


def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    return None


def _frame_tokens(head: Token, exclude: Iterable[Token]) -> list[Token]:
    """The frame head with its non-clausal dependents: subject, auxiliaries, negation, adverbs."""
    skip: set[int] = set()
    for t in exclude:
        skip |= subtree_of(t)
    toks = [head]
    for c in head.children:
        if c.i in skip or c.dep_ in CLAUSE_DEPS or c.dep_ in ("punct", "mark", "cc"):
            continue
        toks.extend(t for t in c.subtree if t.i not in skip)
    return sorted(toks, key=lambda t: t.i)


def _noun_phrase(tok: Token) -> list[Token]:
    """The noun phrase of `tok` without clauses hanging off it."""
    skip: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("acl", "relcl", "ccomp") or (c.dep_ == "punct" and c.i > tok.i):
            skip |= subtree_of(c)
    return [t for t in tok.subtree if t.i not in skip]


noun_phrase = _noun_phrase  # shared with noun_cues.py


def _cue_text(tokens: list[Token], stop: int) -> str:
    return " ".join(t.text for t in tokens
                    if t.i < stop and t.dep_ != "mark" and not t.is_punct).strip()


def according_frame(head: Token, according: Token) -> Frame | None:
    """The frame of "according to X" for the clause headed by `head`."""
    to = next((g for g in according.children if g.lower_ == "to"), None)
    obj = next((g for g in to.children if g.dep_ == "pobj"), None) if to else None
    if to is None or obj is None:
        return None
    return Frame(kind="source", head=head, tokens=list(according.subtree), cue="according to",
                 cue_tokens=[according, to], source=_noun_phrase(obj), verb_class="certain",
                 stance="reports")


def _cue_tokens(head: Token) -> list[Token]:
    """The cue proper: the verb with its auxiliaries, negation and particles ("have claimed",
    "did not address", "called for")."""
    toks = [head] + [c for c in head.children
                     if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    return sorted(toks, key=lambda t: t.i)


def _speaker_like(subj: Token, lex: Lexicon) -> bool:
    """Whether a subject can be someone who says or holds a view: a name, a person pronoun,
    an organisation, or a noun such as "officials" or "critics"."""
    if subj.lower_ in ("he", "she", "they", "i", "we", "it"):
        return True
    if subj.lower_ == "who" and subj.head.dep_ == "relcl":  # "Clinton, who has called for …"
        # (not "officials who asked not to be named": that asks for anonymity)
        return subj.head.lemma_.lower() != "ask" and _speaker_like(subj.head.head, lex)
    if subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return subj.lemma_.lower() in lex.words("speaker_nouns") or subj.lower_ in lex.words(
        "speaker_nouns")


def _stance_object(head: Token, lemma: str, lex: Lexicon) -> bool:
    """Whether a verb such as "attack" or "back" takes a stance here: its object is a claim
    or a policy ("the plan", "his remarks"), a person, or for "back"/"support" a party or a
    people — never a place or a thing, which makes it a physical act."""
    verbs: dict[str, list[str]] = lex.raw["stance_verbs"]
    if lemma not in verbs["verbs"] and lemma not in verbs["parties"]:
        return False
    obj = next((c for c in head.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    if obj.lower_ in ("him", "her", "them") or obj.ent_type_ == "PERSON":
        return True
    if lemma in verbs["parties"] and obj.ent_type_ in ("ORG", "NORP"):
        return True
    return bool(obj.lemma_.lower() in lex.words("stance_objects")
                or obj.lower_ in lex.words("stance_objects"))


def _governing_subject(head: Token) -> Token | None:
    """The subject a subjectless participle shares ("mocked the complaint, saying …"), or the
    name it modifies ("Sen. Ana Ruiz, arguing that …")."""
    if head.dep_ == "acl" and head.tag_ == "VBG" and head.head.pos_ in ("PROPN", "PRON") \
            and head.head.dep_ not in ("dobj", "pobj", "dative"):
        return head.head
    prev = head.doc[head.i - 1] if head.i > 0 else None  # "footage of Clinton asking …"
    if head.tag_ == "VBG" and prev is not None and prev.pos_ == "PROPN" and prev.dep_ == "pobj":
        return prev
    node = head
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        subj = _subject(node)
        if subj is not None:
            return subj
    return None


def _source_frame(head: Token, subj: Token | None, contents: list[Token], cls: str,
                  stance: str, cue_toks: list[Token] | None = None) -> Frame:
    """The frame for a verb of saying or thinking, by who its subject is."""
    toks = _frame_tokens(head, contents) if contents else []
    cue_toks = cue_toks or _cue_tokens(head)
    cue = " ".join(t.text for t in cue_toks)
    if subj is None or subj.dep_ in ("nsubjpass", "expl"):
        return Frame(kind="unnamed", head=head, tokens=toks or cue_toks, cue=cue,
                     cue_tokens=cue_toks, verb_class=cls, stance="reports")
    if subj.lower_ in FIRST_PERSON:
        return Frame(kind="certainty", head=head, tokens=toks or cue_toks,
                     cue=_cue_text(toks, 10**9) if toks else cue, cue_tokens=cue_toks,
                     verb_class=cls, first_person=[subj])
    source = _noun_phrase(subj)
    if not toks:
        toks = sorted(source + cue_toks, key=lambda t: t.i)
    return Frame(kind="source", head=head, tokens=toks, cue=cue, cue_tokens=cue_toks,
                 source=source, verb_class=cls, stance=stance)


def detect_frame(head: Token, lex: Lexicon) -> tuple[Frame | None, list[Token]]:
    """The frame at `head` and the clauses it governs ([] when the frame covers `head` itself)."""
    reporting: dict[str, list[str]] = lex.raw["reporting_verbs"]
    children = list(head.children)  # read a dozen times below: spaCy rebuilds it each time
    ccomps = [c for c in children if c.dep_ == "ccomp"]
    subj = _subject(head)
    lemma = cue_lemma(head, lex)
    if names_only(head, lemma):
        return None, []
    if subj is None and (head.dep_ == "conj" or (
            head.tag_ == "VBG" and head.dep_ in ("advcl", "xcomp", "acl", "pcomp"))):
        subj = _governing_subject(head)  # "…, saying that …", "questioned X and urged Y"
    if subj is None and head.tag_ in ("VBD", "VBZ") and head.dep_ == "ROOT" and head.i > 0 \
            and head.doc[head.i - 1].pos_ == "PROPN" and head.doc[head.i - 1].dep_ == "pobj":
        # "In a meeting with the board Trump said that …": the parser hung the name on the
        # phrase before it; the name just before a finite verb is its subject.
        subj = head.doc[head.i - 1]

    # "X said/claimed/suggests that …" and direct quotes ("“…,” said X"). The tagger sometimes
    # reads a reporting verb as a noun ("reports … claim that"); a subject gives it away.
    verbal = head.pos_ == "VERB" or (subj is not None and head.dep_ == "ROOT")
    # A reported clause is a verb with its own subject ("found that costs rose"), not a
    # small clause ("finding it difficult").
    finite = [c for c in ccomps
              if (has_subject(c) and (c.pos_ in ("VERB", "AUX") or any(
                  g.dep_ == "auxpass" for g in c.children))) or _quoted(c)]
    finite = finite or (unmarked_report(head) if lemma in reporting and not ccomps else [])
    if lemma in reporting and verbal and finite:
        contents = _content_chain(finite[0])
        cls, stance = reporting[lemma]
        return _source_frame(head, subj, contents, cls, stance), contents

    # "The governor added:" with the words in the next sentence or paragraph, and
    # "…,” said Ines Marlow, where the parse gave the verb no clause (the quote is the content).
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    prev = [head.doc[i] for i in range(max(head.i - 2, 0), head.i)]
    after_quote = any(t.is_quote for t in prev)
    if after_quote:
        subj = next((c for c in children if c.dep_ == "nsubj" and c.i > head.i), subj)
    if lemma in reporting and verbal and not ccomps and subj is not None \
            and subj.dep_ == "nsubj" and (after_quote or (nxt is not None and nxt.text == ":")) \
            and _speaker_like(subj, lex):
        cls, stance = reporting[lemma]
        return _source_frame(head, subj, [], cls, stance), []

    # "X expects inflation to fall": a predictive verb with an object and a to-clause.
    xcomps = [c for c in children if c.dep_ == "xcomp"]
    if lemma in lex.words("predictive_verbs") and xcomps and subj is not None \
            and head.pos_ == "VERB" and subj.dep_ != "nsubjpass":
        cls, stance = reporting.get(lemma, ["probable", "reports"])
        return _source_frame(head, subj, xcomps, cls, stance), xcomps

    # "It is believed that …" / "US officials are believed to have …".
    auxpass = [c for c in children if c.dep_ == "auxpass"]
    agent = next((g for c in children if c.dep_ == "agent"
                  for g in c.children if g.dep_ == "pobj"), None)
    if auxpass and agent is not None and _speaker_like(agent, lex) and (
            lemma in reporting or lemma in lex.words("communication_verbs")
            or lemma in lex.words("passive_report_verbs")
            or lemma in lex.raw["stance_verbs"]["parties"]):
        # "… has been endorsed by dozens of papers": the agent is the source.
        cls, stance = reporting.get(lemma, ["certain", "reports"])
        contents = _content_chain(ccomps[0]) if ccomps else []
        by = next(c for c in children if c.dep_ == "agent")
        frame = _source_frame(head, agent, contents, cls, stance,
                              cue_toks=sorted(_cue_tokens(head) + [by], key=lambda t: t.i))
        return frame, contents
    if lemma in lex.words("passive_report_verbs") and auxpass:
        cue_toks = _cue_tokens(head)
        if ccomps and (subj is None or subj.lower_ == "it"):
            contents = _content_chain(ccomps[0])
            return _source_frame(head, None, contents, "probable", "reports"), contents
        if subj is not None and xcomps:
            return Frame(kind="unnamed", head=head, tokens=cue_toks,
                         cue=" ".join(t.text for t in cue_toks), cue_tokens=cue_toks,
                         verb_class="probable", stance="reports"), []

    # "according to X, …"
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "according":
            according = according_frame(head, c)
            if according is not None:
                return according, []

    # "In the latest poll, Clinton led by five points": the poll is the source.
    for c in children:
        obj = next((g for g in c.children if g.dep_ == "pobj"), None)
        if c.dep_ == "prep" and c.lower_ == "in" and obj is not None \
                and obj.lemma_.lower() in ("poll", "survey") and head.pos_ in ("VERB", "AUX"):
            return Frame(kind="source", head=head, tokens=list(c.subtree), cue="in",
                         cue_tokens=[c], source=_noun_phrase(obj), verb_class="certain",
                         stance="reports"), []

    # "…, he said, local officials should …": a reporting clause with no content of its
    # own attributes the clause it interrupts.
    # So does "As X pointed out (put it), …".
    for c in children:
        # (not "As I predicted, …": the author pointing back to an earlier forecast)
        c_subj = _subject(c)
        aside = c.dep_ == "advcl" and mark_of(c) == "as" and c_subj is not None \
            and c_subj.lower_ not in FIRST_PERSON
        if c.dep_ in ("parataxis", "ccomp", "advcl") and cue_lemma(c, lex) in reporting \
                and (c.i > head.i or c.dep_ == "parataxis" or aside) \
                and c_subj is not None and (aside or not mark_of(c)) \
                and not any(g.dep_ in ("ccomp", "xcomp") or (
                    g.dep_ == "dobj" and not (aside and g.lower_ == "it")) for g in c.children):
            cls, stance = reporting[cue_lemma(c, lex)]
            frame = _source_frame(c, c_subj, [], cls, stance)
            return frame, []

    # "Most reports placed him in Raqqah": an information source as the subject (not "these
    # reports cannot be confirmed", which is the writer talking about them).
    if subj is not None and subj.dep_ == "nsubj" and subj.lower_ in lex.words("source_nouns") \
            and head.pos_ == "VERB" and not any(
                c.lower_ in ("these", "those", "such", "this", "that") for c in subj.children):
        source = _noun_phrase(subj)
        return Frame(kind="source", head=head, tokens=source, cue=head.text,
                     cue_tokens=_cue_tokens(head), source=source,
                     verb_class=reporting.get(lemma, ["certain", "reports"])[0],
                     stance="reports"), []

    # "X spoke about …", "X pointed out …", "X called for …", "X sees Y as …".
    preps: list[str] = lex.raw["prep_cues"].get(lemma, []) if lemma != "_about" else []
    particle = next((c for c in children if c.dep_ in ("prep", "prt")
                     and c.lower_ in preps and c.i > head.i), None)
    if particle is not None and head.pos_ == "VERB" and subj is not None \
            and subj.dep_ == "nsubj" and _speaker_like(subj, lex):
        cls, stance = reporting.get(lemma, ["certain", "reports"])
        cue_toks = sorted(_cue_tokens(head) + [particle], key=lambda t: t.i)
        return _source_frame(head, subj, [], cls, stance, cue_toks=cue_toks), []

    # "Trump urges supporters to vote", "Clinton cited the comments": a verb of speaking,
    # judging or wanting puts its object or to-clause on the speaker's record.
    if lemma in lex.words("communication_verbs") and head.pos_ == "VERB" \
            and subj is not None and subj.dep_ == "nsubj" and _speaker_like(subj, lex) \
            and any(c.dep_ in ("dobj", "xcomp", "prep", "ccomp", "oprd", "dative")
                    for c in children):
        cls, stance = reporting.get(lemma, ["certain", "reports"])
        return _source_frame(head, subj, [], cls, stance), []

    # "X backed the plan", "X attacked Clinton for …": a stance, when the object says so.
    if head.pos_ == "VERB" and subj is not None and subj.dep_ == "nsubj" \
            and _speaker_like(subj, lex) and _stance_object(head, lemma, lex):
        return _source_frame(head, subj, [], "certain", "reports"), []

    # "X is against the plan", "X is a staunch critic of Y" (not "it is against the law").
    if lemma in ("be", "remain", "become") and subj is not None and subj.lower_ != "it" \
            and _speaker_like(subj, lex):
        stance_cue = stance_predicate(head, subj, lex)
        if stance_cue is not None:
            return _source_frame(head, subj, [], "certain", "reports", cue_toks=stance_cue), []

    if lemma in ("be", "appear", "seem", "remain"):
        attr = next((c for c in children if c.dep_ in ("attr", "acomp")), None)
        clause = ccomps[0] if ccomps else None
        if clause is None and attr is not None:
            clause = next((c for c in attr.children if c.dep_ in ("ccomp", "acl", "relcl")
                           and mark_of(c) in ("that", "whether", "if")), None)
        if clause is None:
            return None, []
        contents = _content_chain(clause)
        toks = _frame_tokens(head, contents)
        cue = _cue_text(toks, clause.i)
        subj_word = subj.lemma_.lower() if subj is not None else ""
        attr_word = attr.lemma_.lower() if attr is not None else ""
        # "there was a widespread view that …": an unnamed, collective source.
        if attr is not None and attr_word in lex.words("unnamed_view_nouns"):
            source = [t for t in _noun_phrase(attr)]
            src_ids = {t.i for t in source}
            cue_toks = [t for t in toks if t.i not in src_ids and t.dep_ in ("expl", "ROOT")
                        or t.i == head.i]
            return Frame(kind="unnamed", head=head, tokens=toks, cue=cue, source=source,
                         cue_tokens=cue_toks, verb_class="probable", stance="reports"), contents
        frame_words = lex.words("certainty_frame_adjectives")
        if attr_word in frame_words or subj_word in frame_words or lemma in ("appear", "seem"):
            return Frame(kind="certainty", head=head, tokens=toks, cue=cue), contents
        if subj_word in lex.words("discourse_frame_nouns"):
            return Frame(kind="discourse", head=head, tokens=toks, cue=None), contents
    return None, []

