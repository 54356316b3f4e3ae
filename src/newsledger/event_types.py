"""Which words are event predicates, and of which PLOVER category and mode.

The lexicon is data (data/plover.json): our own lists of verb and noun lemmas per PLOVER
category, written to the category definitions of the PLOVER manual (Open Event Data Alliance)
and its CAMEO-to-PLOVER table, with that table's modes ("aerial", "arrest", "ceasefire", ...)
where one applies. Words that are events in one sense only ("strike" a city or a deal, "meet"
a leader or a target, "release" prisoners or a report) are listed under `senses`, each sense
with the condition that selects it; a word with no matching sense is no event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsledger.actors import document_actors

__all__ = ["EventLexicon", "Trigger", "event_lexicon", "headline_verb", "speaker_antecedent",
           "trigger_of"]

Token = Any
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"}
SUBJECTS = ("nsubj", "nsubjpass")
OBJECTS = ("dobj", "nsubjpass")
THREAT_MODALS = {"will", "would", "could", "might", "may", "'ll", "shall"}


@dataclass(frozen=True, kw_only=True)
class Trigger:
    token: Token
    type: str
    mode: str | None


@dataclass(frozen=True, kw_only=True)
class EventLexicon:
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    senses: dict[str, list[dict[str, Any]]]
    modifier_modes: dict[str, dict[str, str | None]]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    armed_heads: frozenset[str]
    person_words: frozenset[str]
    proposal_words: frozenset[str]
    comparison_words: frozenset[str]
    aim_words: frozenset[str]
    purpose_governors: frozenset[str]
    negating_phrases: frozenset[str]
    agent_nouns: frozenset[str]
    speaker_nouns: frozenset[str]
    labour_context: frozenset[str]
    military_context: frozenset[str]
    aid_context: frozenset[str]
    natural_causes: frozenset[str]
    carrier_types: dict[str, tuple[str, str | None]]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The lexicon, read and indexed once per process."""
    text = resources.files("newsledger").joinpath("data", "plover.json").read_text("utf-8")
    raw = json.loads(text)
    verbs: dict[str, tuple[str, str | None]] = {}
    nouns: dict[str, tuple[str, str | None]] = {}
    for etype, words in raw["types"].items():
        for lemma, mode in words["verbs"].items():
            verbs[lemma] = (etype, mode)
        for lemma, mode in words["nouns"].items():
            nouns[lemma] = (etype, mode)
    sets = {k: frozenset(raw[k]) for k in ("light_verbs", "occurrence_verbs", "armed_heads",
                                           "person_words", "proposal_words",
                                           "comparison_words", "aim_words", "purpose_governors",
                                           "negating_phrases", "agent_nouns",
                                           "speaker_nouns", "labour_context",
                                           "military_context", "aid_context",
                                           "natural_causes")}
    carriers = {k: (v[0], v[1]) for k, v in raw["carrier_types"].items()}
    lists = raw.get("word_lists", {})
    senses = {lemma: [{k: lists[v[1:]] if isinstance(v, str) and v.startswith("@") else v
                       for k, v in sense.items()} for sense in found]
              for lemma, found in raw["senses"].items()}
    return EventLexicon(verbs=verbs, nouns=nouns, senses=senses, carrier_types=carriers,
                        modifier_modes=raw["modifier_modes"], **sets)


def _lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


PARTITIVES = {"part", "some", "most", "all", "portion", "share", "half", "much", "rest",
              "version", "bulk", "remainder", "many", "dozen", "hundred", "thousand",
              "score", "number", "couple", "handful", "series", "barrage", "volley", "salvo",
              "wave", "round"}


def _objects(tok: Token) -> list[Token]:
    """What the predicate acts on: a verb's object (or passive subject), a noun's of-phrase;
    through a partitive ("froze part of its support", "drop a version of the law")."""
    out = [c for c in tok.children if c.dep_ in OBJECTS]
    out += [o for c in out if _lemma(c) in PARTITIVES for p in c.children
            if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def _subjects(tok: Token) -> list[Token]:
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    cur = tok
    for _ in range(3):  # "dismissed ... and threatened to cut off": up conjuncts, infinitives
        if subj or cur.dep_ not in ("xcomp", "conj", "advcl") or cur.head == cur:
            break
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ == "nsubj"]
    if tok.dep_ == "relcl" and (not subj or all(
            x.lower_ in ("who", "which", "that") for x in subj)):
        subj = [tok.head]  # "supporters who had gathered"
    return subj


def is_place(tok: Token) -> bool:
    return bool(tok.ent_type_ in PLACE_LABELS)


def is_person(tok: Token, lex: EventLexicon) -> bool:
    return bool(tok.ent_type_ in ("PERSON", "NORP") or _lemma(tok) in lex.person_words)


def is_armed(tok: Token, lex: EventLexicon) -> bool:
    words = {_lemma(t) for t in tok.subtree if t.i <= tok.i}
    return bool(words & lex.armed_heads)


def speaker_antecedent(pron: Token) -> Token | None:
    """'Officials said they would not withdraw': the subject of a reported clause that is a
    pronoun of the speaker's person and number is the speaker."""
    clause = pron.head
    if pron.dep_ not in SUBJECTS or clause.dep_ != "ccomp" or clause.head == clause:
        return None
    wanted = {"they": ("NNS", "NNPS"), "we": ("NNS", "NNPS", "NN", "NNP"),
              "he": ("NNP", "NN"), "she": ("NNP", "NN"), "it": ("NNP", "NN")}.get(pron.lower_)
    if wanted is None:
        return None
    speech = clause.head
    # "X condemned the attack and said it would ...": the conjoined verb's subject
    heads = [speech, speech.head] if speech.dep_ == "conj" and speech.head != speech else [speech]
    for h in heads:
        for c in h.children:
            if c.dep_ != "nsubj":
                continue
            plural = any(x.dep_ == "conj" for x in c.children)  # "Russia and China said they"
            if c.tag_ in wanted and not (plural and pron.lower_ == "it") or (
                    plural and pron.lower_ == "they"):
                return c  # type: ignore[no-any-return]
        if any(c.dep_ == "nsubj" for c in h.children):
            break
    return None


def is_party(tok: Token, lex: EventLexicon) -> bool:
    """A political or armed party: a named organisation, state, group or person, or a noun
    for forces and bodies ("the army", "the government")."""
    if tok.pos_ == "PRON":  # "they would not withdraw": a pronoun for a known actor
        if document_actors(tok.doc).for_token(tok) is not None:
            return True
        antecedent = speaker_antecedent(tok)
        return antecedent is not None and is_party(antecedent, lex)
    return bool(tok.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") or is_armed(tok, lex)
                or _lemma(tok) in lex.agent_nouns)


def _noun_party_or_place(tok: Token, lex: EventLexicon) -> bool:
    """'ISIS's withdrawal', 'the withdrawal of troops', 'a withdrawal from Mosul'."""
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod") and is_party(c, lex):
            return True
        if c.dep_ == "prep" and c.lower_ in ("of", "by", "from"):
            for o in c.children:
                if o.dep_ == "pobj" and (is_party(o, lex) or is_place(o)):
                    return True
    return False


def _speaker(tok: Token, lex: EventLexicon) -> bool:
    return bool(tok.ent_type_ == "PERSON" or _lemma(tok) in lex.speaker_nouns)


def _against(tok: Token) -> bool:
    """'an operation against X', or 'the operation the army conducted against X'."""
    heads = [tok, *[c for c in tok.children if c.dep_ == "relcl"]]
    return any(c.dep_ == "prep" and c.lower_ == "against" for h in heads for c in h.children)


def _event_noun(tok: Token, lex: EventLexicon) -> bool:
    return bool(_noun_types(tok, lex))


def _modifiers(tok: Token) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod"):
            out.add(_lemma(c))
            out.update(p.lower() for p in c.lower_.split("-"))
    # "air strike" written as "air-strike" is split by the tokenizer: look left too.
    if tok.i > 1 and tok.doc[tok.i - 1].text == "-":
        out.add(tok.doc[tok.i - 2].lower_)
    return out


def _context(tok: Token, lex: EventLexicon) -> str | None:
    """'labour' or 'military': the words of the token's sentence, else of the two sentences
    before it, that tell a workers' strike from a military one ("the strikes destroyed
    depots" after "drones struck ..."). None when neither shows."""
    sent = tok.sent
    doc = tok.doc
    windows = [range(sent.start, sent.end)]
    start = sent.start
    for _ in range(2):
        if start == 0:
            break
        prev = doc[start - 1].sent
        windows.append(range(prev.start, prev.end))
        start = prev.start
    for window in windows:
        words = {str(doc[i].lemma_).lower() for i in window if i != tok.i}
        if words & lex.labour_context:
            return "labour"
        if words & lex.military_context:
            return "military"
    return None


def _governor(tok: Token) -> Token:
    """The word that takes `tok`: a verb for its object, the noun or verb above a preposition
    for its object ("despite calls", "on alert", "a halt to the fighting")."""
    if tok.dep_ == "pobj" and tok.head.head != tok.head and tok.head.head.pos_ == "VERB":
        return tok.head.head  # not a noun: "the launch of the probe" launches no inquiry
    return tok.head


def _in_sentence(tok: Token, words: frozenset[str]) -> bool:
    return any(_lemma(t) in words for t in tok.sent if t.i != tok.i)


def _noun_types(tok: Token, lex: EventLexicon) -> set[str]:
    """The types an event noun can have, whatever its sense ("the offensive", "attacks")."""
    lemma = _lemma(tok)
    out = {s["type"] for s in lex.senses.get(lemma, ()) if s.get("pos") != "VERB"}
    if lemma in lex.nouns:
        out.add(lex.nouns[lemma][0])
    return out


def _event_pobj(tok: Token, types: list[str], lex: EventLexicon) -> bool:
    """'a pause in fighting', 'a halt to the attacks', 'an end of hostilities'."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "to", "of", "on") and any(
        o.dep_ == "pobj" and _noun_types(o, lex) & set(types) for o in c.children)
        for c in tok.children)


def _threat_clause(tok: Token, lex: EventLexicon) -> bool:
    """'warned that it would retaliate', 'warned that the party could face prosecution': the
    warner says what it (or its side) will do, or what the other will suffer; 'warned that
    fighting would spread' only reports."""
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        if not any(a.dep_ == "aux" and a.lower_ in THREAT_MODALS for a in c.children):
            continue
        if _lemma(c) == "face":
            return True
        if any(s.dep_ == "nsubj" and s.lower_ in ("it", "they", "we", "i") for s in c.children):
            return True
    return False


def _matches(sense: dict[str, Any], tok: Token, lex: EventLexicon) -> bool:
    if sense.get("pos") and sense["pos"] != ("VERB" if tok.pos_ == "VERB" else "NOUN"):
        return False
    if "context" in sense and _context(tok, lex) != sense["context"]:
        return False
    objects = _objects(tok)
    if sense.get("aid_context") and not _in_sentence(tok, lex.aid_context):
        return False
    if "head_lemmas" in sense and _lemma(_governor(tok)) not in sense["head_lemmas"]:
        return False
    if "dep_not" in sense and tok.dep_ in sense["dep_not"]:
        return False
    if "xcomp" in sense and not any(c.dep_ == "xcomp" and _lemma(c) in sense["xcomp"]
                                    for c in tok.children):
        return False
    if "object_event" in sense and not any(_noun_types(o, lex) & set(sense["object_event"])
                                           for o in objects):
        return False
    if sense.get("threat_clause") and not _threat_clause(tok, lex):
        return False
    if "event_pobj" in sense and not _event_pobj(tok, sense["event_pobj"], lex):
        return False
    if sense.get("to_party") and not any(
            c.dep_ == "prep" and c.lower_ == "to" and any(
                o.dep_ == "pobj" and is_party(o, lex) for o in c.children)
            for c in tok.children):
        return False
    if "modifier" in sense and not _modifiers(tok) & set(sense["modifier"]):
        return False
    if "modifier_not" in sense and _modifiers(tok) & set(sense["modifier_not"]):
        return False
    if sense.get("active") and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return False
    if "particle" in sense and not any(
            c.dep_ in ("prt", "prep", "advmod") and c.lower_ == sense["particle"]
            for c in tok.children):
        return False
    if sense.get("plural") and tok.tag_ not in ("NNS", "NNPS"):
        return False
    if sense.get("intransitive") and any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
        return False
    if sense.get("against") and not _against(tok):
        return False
    if sense.get("modifier_of") and not (tok.head.dep_ == "prep"
                                         and tok.head.lower_ == sense["modifier_of"]):
        return False
    if "object_lemmas" in sense and not any(_lemma(o) in sense["object_lemmas"]
                                            for o in objects):
        return False
    if "object_not" in sense and any(_lemma(o) in sense["object_not"] for o in objects):
        return False
    kind = sense.get("object")
    if kind == "non_person" and (not objects or any(is_person(o, lex) for o in objects)):
        return False
    if kind == "place" and not any(is_place(o) for o in objects):
        return False
    if kind == "person" and not any(is_person(o, lex) for o in objects):
        return False
    if kind == "armed" and not any(is_armed(o, lex) for o in objects):
        return False
    if kind == "any" and not objects:
        return False
    if kind == "any_not_event" and (not objects or any(
            _event_noun(o, lex) or o.pos_ not in ("NOUN", "PROPN") for o in objects)):
        return False
    if kind == "party" and not any(is_party(o, lex) for o in objects):
        return False
    if kind == "named_person" and not any(o.ent_type_ == "PERSON" for o in objects):
        return False
    if sense.get("on_person") and not any(
            o.ent_type_ == "PERSON" for p in tok.children if p.dep_ == "prep"
            and p.lower_ == "on" for o in p.children if o.dep_ == "pobj"):
        return False
    subject = sense.get("subject")
    subjects = _subjects(tok)
    # the subject's phrase ("security forces", "hundreds of party supporters")
    if "subject_lemmas" in sense and not any(_lemma(w) in sense["subject_lemmas"]
                                             for x in subjects for w in x.subtree):
        return False
    # "floods killed twelve": a natural cause does no political event
    if sense.get("agentive") and any(_lemma(x) in lex.natural_causes for x in [
            *subjects, *(o for p in tok.children if p.dep_ in ("agent", "prep")
                         for o in p.children if o.dep_ == "pobj")]):
        return False
    if subject == "armed" and not any(is_armed(s, lex) for s in subjects):
        return False
    if subject == "party" and not any(is_party(s, lex) for s in subjects):
        return False
    # "the shelling killed four", "a bomb killed two": an event or a weapon did it
    if subject == "event" and not any(_event_noun(s, lex) or is_armed(s, lex)
                                      for s in subjects):
        return False
    # A politician who "attacks" someone mostly does so in words (PLOVER: ACCUSE).
    if subject == "speaker" and not any(_speaker(s, lex) for s in subjects):
        return False
    if sense.get("possessor") == "speaker" and not any(
            c.dep_ == "poss" and _speaker(c, lex) for c in tok.children):
        return False
    if sense.get("possessor") == "person" and not any(  # "demanded their release"
            c.dep_ == "poss" and (c.pos_ == "PRON" or is_person(c, lex)) for c in tok.children):
        return False
    if "on_not" in sense and any(
            _lemma(o) in sense["on_not"] for p in tok.children if p.dep_ == "prep"
            and p.lower_ == "on" for o in p.children if o.dep_ == "pobj"):
        return False
    if sense.get("party_or_place") and not _noun_party_or_place(tok, lex):
        return False
    return not (subject == "person" and not any(is_person(s, lex) for s in subjects))


def _mode(etype: str, mode: str | None, tok: Token, lex: EventLexicon) -> str | None:
    table = lex.modifier_modes.get(etype, {})
    for word in sorted(_modifiers(tok)):
        if word in table and table[word]:
            return table[word]
    return mode


def trigger_of(tok: Token, lex: EventLexicon) -> Trigger | None:
    """The event `tok` names, or None. Nouns used as modifiers ("aid agencies", "the attack
    helicopter") name no event of their own."""
    if tok.pos_ == "VERB" and tok.dep_ != "amod":  # "a negotiated solution" is no event
        table = lex.verbs
    elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod", "poss"):
        table = lex.nouns
    else:
        return None
    lemma = _lemma(tok)
    if tok.pos_ == "PROPN" and (tok.lower_ != lemma or tok.ent_type_ in NAME_LABELS):
        return None
    if tok.ent_type_ in ("DATE", "TIME"):  # "in March" is no march
        return None  # a name that happens to be spelt like an event word ("Mr. Ban")
    if lemma in lex.senses:
        for sense in lex.senses[lemma]:
            if _matches(sense, tok, lex):
                return Trigger(token=tok, type=sense["type"],
                               mode=_mode(sense["type"], sense.get("mode"), tok, lex))
        if lemma not in table:
            return None
    hit = table.get(lemma)
    if hit is None and "-" in lemma:
        hit = table.get(lemma.replace("-", ""))
    if hit is None:
        return None
    carrier = lex.carrier_types.get(_lemma(tok.head)) if tok.dep_ == "dobj" else None
    if carrier is not None:  # "brokered a ceasefire": the sides agreed, through a mediator
        return Trigger(token=tok, type=carrier[0], mode=carrier[1])
    return Trigger(token=tok, type=hit[0], mode=_mode(hit[0], hit[1], tok, lex))


def headline_verb(tok: Token, lex: EventLexicon) -> Trigger | None:
    """Headlinese the parser reads as a noun: 'Jihadists storm army post', 'junta expels
    envoy', 'court sentences aides'. A word right after a party that is a lexicon verb in its
    bare or third-person form, with words after it, is that verb. Call only in a headline."""
    if tok.pos_ not in ("NOUN", "PROPN", "AUX") or tok.i == 0 or tok.i + 1 >= len(tok.doc) \
            or tok.ent_type_ in NAME_LABELS or not tok.doc[tok.i + 1].is_alpha:
        return None
    if not is_party(tok.doc[tok.i - 1], lex):
        return None
    low = str(tok.lower_)
    for form in (low, low[:-1] if low.endswith("s") else "", low[:-2] if low.endswith("es")
                 else ""):
        if form in lex.verbs:
            etype, mode = lex.verbs[form]
            return Trigger(token=tok, type=etype, mode=mode)
    return None
