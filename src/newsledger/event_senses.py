"""Whether a word is an event in the sense at hand: the conditions of the lexicon's `senses`.

A sense (data/plover.json) lists conditions on the word's part of speech, its modifiers, its
object, subject, particle or governing verb, and the words around it; `matches` tells whether
the token meets them all. The word classes the conditions use live here too: a place, a person,
an armed force, a party (a state, body, group or person that can act), a speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsledger.actors import document_actors

if TYPE_CHECKING:
    from newsledger.event_types import EventLexicon

__all__ = ["PLACE_LABELS", "is_armed", "is_party", "is_person", "is_place", "lemma",
           "matches", "modifiers", "speaker_antecedent"]

Token = Any
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SUBJECTS = ("nsubj", "nsubjpass")
OBJECTS = ("dobj", "nsubjpass")
THREAT_MODALS = {"will", "would", "could", "might", "may", "'ll", "shall"}


def lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


PARTITIVES = {"part", "some", "most", "all", "portion", "share", "half", "much", "rest",
              "version", "bulk", "remainder", "many", "dozen", "hundred", "thousand",
              "score", "number", "couple", "handful", "series", "barrage", "volley", "salvo",
              "wave", "round"}


def _objects(tok: Token) -> list[Token]:
    """What the predicate acts on: a verb's object (or passive subject), a noun's of-phrase;
    through a partitive ("froze part of its support", "drop a version of the law")."""
    out = [c for c in tok.children if c.dep_ in OBJECTS]
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head != tok:
        out.append(tok.head)  # "the sanctions lifted in 2016", "hostages freed last week"
    out += [o for c in out if lemma(c) in PARTITIVES for p in c.children
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
    return bool(tok.ent_type_ in ("PERSON", "NORP") or lemma(tok) in lex.person_words)


def is_armed(tok: Token, lex: EventLexicon) -> bool:
    """A force: its phrase names one ("rebel fighters", "the army"), or the actor dictionary
    knows it as an armed group or a military ("M23", "Hamas")."""
    words = {lemma(t) for t in tok.subtree if t.i <= tok.i}
    if words & lex.armed_heads:
        return True
    actor = document_actors(tok.doc).for_token(tok)
    return actor is not None and actor.kind in ("armed_group", "military")


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
                or lemma(tok) in lex.agent_nouns)


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
    """A person or a political speaker; a pronoun the actor index resolves to a person."""
    if tok.pos_ == "PRON":
        actor = document_actors(tok.doc).for_token(tok)
        return actor is not None and actor.kind == "person"
    return bool(tok.ent_type_ == "PERSON" or lemma(tok) in lex.speaker_nouns)


def _against(tok: Token) -> bool:
    """'an operation against X', or 'the operation the army conducted against X'."""
    heads = [tok, *[c for c in tok.children if c.dep_ == "relcl"]]
    return any(c.dep_ == "prep" and c.lower_ == "against" for h in heads for c in h.children)


def _event_noun(tok: Token, lex: EventLexicon) -> bool:
    return bool(_noun_types(tok, lex))


def modifiers(tok: Token) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod"):
            out.add(lemma(c))
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
    return any(lemma(t) in words for t in tok.sent if t.i != tok.i)


def _noun_types(tok: Token, lex: EventLexicon) -> set[str]:
    """The types an event noun can have, whatever its sense ("the offensive", "attacks")."""
    word = lemma(tok)
    out = {s["type"] for s in lex.senses.get(word, ()) if s.get("pos") != "VERB"}
    if word in lex.nouns:
        out.add(lex.nouns[word][0])
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
        if lemma(c) == "face":
            return True
        if any(s.dep_ == "nsubj" and s.lower_ in ("it", "they", "we", "i") for s in c.children):
            return True
    return False


def matches(sense: dict[str, Any], tok: Token, lex: EventLexicon) -> bool:
    if sense.get("pos") and sense["pos"] != ("VERB" if tok.pos_ == "VERB" else "NOUN"):
        return False
    if "context" in sense and _context(tok, lex) != sense["context"]:
        return False
    objects = _objects(tok)
    if sense.get("aid_context") and not _in_sentence(tok, lex.aid_context):
        return False
    if "head_lemmas" in sense and lemma(_governor(tok)) not in sense["head_lemmas"]:
        return False
    if "dep_not" in sense and tok.dep_ in sense["dep_not"]:
        return False
    if "xcomp" in sense and not any(c.dep_ == "xcomp" and lemma(c) in sense["xcomp"]
                                    for c in tok.children):
        return False
    if sense.get("xcomp_any") and not any(c.dep_ == "xcomp" for c in tok.children):
        return False  # "asked the Commission to consider ...": a request, not a question
    if "pobj_lemmas" in sense and not any(  # "took to the streets"
            o.dep_ == "pobj" and lemma(o) in sense["pobj_lemmas"] for p in tok.children
            if p.dep_ == "prep" for o in p.children):
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
    if "modifier" in sense and not modifiers(tok) & set(sense["modifier"]):
        return False
    if "modifier_not" in sense and modifiers(tok) & set(sense["modifier_not"]):
        return False
    if sense.get("active") and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return False
    # a particle or preposition, not one that only dates ("called a summit for next week")
    if "particle" in sense and not any(
            c.dep_ in ("prt", "prep", "advmod") and c.lower_ == sense["particle"]
            and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)
            for c in tok.children):
        return False
    if "pobj_not" in sense and any(
            o.dep_ == "pobj" and lemma(o) in sense["pobj_not"] for p in tok.children
            if p.dep_ == "prep" for o in p.children):
        return False  # "a request for comment" asks nothing of a party
    if sense.get("plural") and tok.tag_ not in ("NNS", "NNPS"):
        return False
    if sense.get("intransitive") and any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
        return False
    if sense.get("against") and not _against(tok):
        return False
    if sense.get("modifier_of") and not (tok.head.dep_ == "prep"
                                         and tok.head.lower_ == sense["modifier_of"]):
        return False
    if "object_lemmas" in sense and not any(lemma(o) in sense["object_lemmas"]
                                            for o in objects):
        return False
    if "object_not" in sense and any(lemma(o) in sense["object_not"] for o in objects):
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
    if kind == "money" and not any(o.ent_type_ == "MONEY" for o in objects):
        return False  # "pledged $200 million for the grid"
    if kind == "speaker" and not any(_speaker(o, lex) for o in objects):
        return False  # "attacked other candidates on stage"
    if "of_head_not" in sense and tok.dep_ == "pobj" and tok.head.lower_ == "of" \
            and lemma(tok.head.head) in sense["of_head_not"]:
        return False  # "prisoners of war", "declaration of war"
    if sense.get("on_person") and not any(
            o.ent_type_ == "PERSON" for p in tok.children if p.dep_ == "prep"
            and p.lower_ == "on" for o in p.children if o.dep_ == "pobj"):
        return False
    subject = sense.get("subject")
    subjects = _subjects(tok)
    # the subject's phrase ("security forces", "hundreds of party supporters")
    if "subject_lemmas" in sense and not any(lemma(w) in sense["subject_lemmas"]
                                             for x in subjects for w in x.subtree):
        return False
    # "floods killed twelve": a natural cause does no political event
    if sense.get("agentive") and any(lemma(x) in lex.natural_causes for x in [
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
            lemma(o) in sense["on_not"] for p in tok.children if p.dep_ == "prep"
            and p.lower_ == "on" for o in p.children if o.dep_ == "pobj"):
        return False
    if sense.get("party_or_place") and not _noun_party_or_place(tok, lex):
        return False
    return not (subject == "person" and not any(is_person(s, lex) for s in subjects))
