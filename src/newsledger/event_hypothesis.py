"""Supposed, asked-for and denied events that the clause-level modality misses.

`event_modality` reads a predicate's own modal, tense and conditional clause; these tests read
what governs it:

- **requested**: what someone urges, calls for, demands or offers to do is not done ("urged the
  two governments to hold talks", "called for a boycott", "demanded their release", "offered
  to mediate"), nor what parties discuss or consider ("met to discuss a prisoner exchange",
  "consider travel bans"). The request itself is an asserted REQUEST event.
- **generic**: "any" makes an event a supposition ("respond to any incursion"), and a clause
  that acts on "any side that started hostilities" acts only in that case.
- **embedded question**: "did not say whether it would send troops".
- **denied carrier**: the negation of a light or occurrence verb denies its event noun
  ("has not imposed sanctions", "voting did not take place", "talks would not resume").
- **called off / postponed**: a cancelled event is negated, a postponed one still to come.
- **denials**: the content of a denial ("denied that its fighters had fired"), a negating
  phrase ("far from abandoning"), a negated subject ("no ceasefire has been agreed").
"""

from __future__ import annotations

from typing import Any

from newsledger.event_clauses import clause_chain, governors
from newsledger.event_senses import lemma as _lemma
from newsledger.event_types import EventLexicon

__all__ = ["acted_on", "continuing",
           "called_off", "denied_by_phrase", "denied_carrier", "denied_content", "denied_subject",
           "embedded_question", "existing_subject", "generic", "perfect", "postponed",
           "requested"]

Token = Any
REQUEST_VERBS = {"urge", "call", "ask", "demand", "appeal", "press", "request", "implore",
                 "petition", "encourage", "push", "exhort", "beg", "invite"}
REQUEST_NOUNS = {"call", "demand", "request", "appeal", "plea", "petition", "ultimatum"}
TOPIC_VERBS = {"discuss", "consider", "debate", "weigh", "explore", "study", "negotiate",
               "examine", "mull", "review"}
OFFER_VERBS = {"offer", "volunteer"}
OCCURRENCE = {"happen", "occur", "resume", "proceed", "start", "begin", "go", "take", "continue"}
PROSPECT_NOUNS = {"threat", "risk", "danger", "prospect", "possibility", "fear", "spectre",
                  "specter", "likelihood", "chance", "warning"}
CANCEL_VERBS = {"cancel", "scrap", "abandon", "shelve", "scupper", "axe", "ditch"}
POSTPONE_VERBS = {"postpone", "delay", "reschedule", "defer", "adjourn"}
DENIAL_VERBS = {"deny", "refute", "reject", "dismiss", "rebut", "disprove", "debunk"}
CLAIM_NOUNS = {"claim", "report", "allegation", "suggestion", "accusation", "rumour", "rumor",
               "assertion", "charge", "speculation"}
# what these act on already exists: "lift oil sanctions", "violated the ceasefire"
UNDOING_VERBS = {"lift", "ease", "end", "halt", "suspend", "withdraw", "drop", "scrap", "revoke",
                 "repeal", "rescind", "reverse", "relax", "loosen", "remove", "break", "violate",
                 "observe", "respect", "condemn",
                 "criticise", "criticize", "praise", "welcome", "investigate", "survive"}
NEGATING_IMPLICATIVES = {"fail", "refuse", "decline", "neglect", "avoid"}
CONTINUE_VERBS = {"continue", "persist", "drag", "rage", "intensify", "escalate"}
RETURN_VERBS = {"return", "go", "come", "agree", "commit", "head"}


def _content_verb(tok: Token, lex: EventLexicon) -> Token | None:
    """The verb whose content `tok` is: itself for a verb, the light or topic verb that takes
    it for a noun ("hold talks", "resume the dialogue", "discuss an exchange")."""
    if tok.pos_ == "VERB":
        return tok
    if tok.dep_ == "dobj" and tok.head != tok and (
            _lemma(tok.head) in lex.light_verbs | {"resume", "host", "restart"}):
        return tok.head  # type: ignore[no-any-return]
    return None


def requested(tok: Token, lex: EventLexicon, depth: int = 0) -> bool:
    """Whether `tok` is only asked for, offered or discussed ("offered to host talks on a
    prisoner exchange": the exchange is a topic of the talks offered), or feared ("the threat
    of invasion", "the risk of war")."""
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ == "of" and gov.head != gov \
            and _lemma(gov.head) in PROSPECT_NOUNS:
        return True
    if depth < 2 and tok.pos_ != "VERB" and tok.dep_ == "pobj" and gov.lower_ in (
            "on", "about", "over") and gov.head != gov and gov.head.pos_ == "NOUN" \
            and requested(gov.head, lex, depth + 1):
        return True
    if tok.pos_ != "VERB" and tok.dep_ == "dobj" and _lemma(tok.head) in TOPIC_VERBS:
        return True  # "met to discuss a prisoner exchange", "consider travel bans"
    if tok.pos_ != "VERB" and tok.dep_ == "pobj" and gov.lower_ == "for" and gov.head != gov:
        asker = gov.head
        if _lemma(asker) in REQUEST_VERBS or _lemma(asker) in REQUEST_NOUNS:
            return True  # "called for a boycott", "calls from the EU for dialogue"
    if tok.pos_ != "VERB" and tok.dep_ == "dobj" and _lemma(gov) in REQUEST_VERBS - {"call"}:
        return True  # "demanded their immediate release"
    verb = _content_verb(tok, lex)
    for _ in range(3):  # "urged X to consider travel bans": through the infinitives
        if verb is None or verb.head == verb:
            return False
        while verb.dep_ == "conj" and verb.head != verb and verb.head.pos_ == "VERB":
            verb = verb.head
        if verb.dep_ not in ("xcomp", "advcl", "ccomp") or not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False
        asker = verb.head
        lemma = _lemma(asker)
        if lemma in REQUEST_VERBS or lemma in OFFER_VERBS or lemma in TOPIC_VERBS:
            return True
        verb = asker if lemma in TOPIC_VERBS else None
    return False


def generic(tok: Token) -> bool:
    """'any incursion', 'from any side that started hostilities' (both the hostilities and
    the act on that side are suppositions)."""
    if any(c.dep_ == "det" and c.lower_ == "any" for c in tok.children):
        return True
    cur = tok
    for _ in range(6):  # inside a relative clause on "any X"
        if cur.head == cur:
            break
        if cur.dep_ == "relcl" and any(c.dep_ == "det" and c.lower_ == "any"
                                       for c in cur.head.children):
            return True
        cur = cur.head
    if tok.pos_ != "VERB":
        return False
    return any(t.dep_ == "det" and t.lower_ == "any" and any(c.dep_ == "relcl"
                                                             for c in t.head.children)
               for c in tok.children if c.dep_ in ("dobj", "prep") for t in c.subtree)


def embedded_question(tok: Token) -> bool:
    """'did not say whether it would send a carrier group'."""
    cur = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for _ in range(4):
        if cur.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ in ("whether", "if")
                                       for c in cur.children):
            return True
        if cur.head == cur or cur.dep_ not in ("xcomp", "conj", "dobj", "pobj", "prep"):
            return False
        cur = cur.head
    return False


def denied_carrier(tok: Token, lex: EventLexicon) -> bool:
    """'has not imposed sanctions', 'no ceasefire was declared', 'voting did not take place',
    'talks would not resume'."""
    if tok.pos_ == "VERB" or tok.head == tok:
        return False
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ == "to" and gov.head != gov \
            and _lemma(gov.head) in RETURN_VERBS:
        tok, gov = gov, gov.head  # "would not return to talks"
    if tok.dep_ == "dobj" and gov.dep_ == "xcomp" and _lemma(gov) in lex.light_verbs \
            and _lemma(gov.head) in NEGATING_IMPLICATIVES:
        return True  # "failed to sign a peace agreement", "refused to hold talks"
    if gov.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "neg" for c in gov.children):
        return False
    lemma = _lemma(gov)
    if tok.dep_ == "dobj":
        return lemma in lex.light_verbs
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return lemma in OCCURRENCE or lemma in lex.light_verbs
    return tok.dep_ == "prep" and lemma in RETURN_VERBS


def existing_subject(tok: Token, lex: EventLexicon) -> bool:
    """'the strikes could force them to halt', 'these drills are expected to end': a definite
    event noun that a clause says something about already exists — unless the clause is its
    own occurrence ("the meeting will take place in Russia", "the talks will resume")."""
    if tok.pos_ == "VERB" or tok.dep_ not in ("nsubj", "nsubjpass") or tok.head == tok:
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "this", "those")
               or c.dep_ == "poss" for c in tok.children):
        return False
    if any(c.lower_ in ("next", "upcoming", "planned", "proposed", "future", "coming")
           for c in tok.children):
        return False  # "the next summit will ..." is still to come
    gov = tok.head
    lemma = _lemma(gov)
    if lemma in CONTINUE_VERBS:
        return True  # "the walkout will continue until Friday": it is on
    occurs = lemma in OCCURRENCE or lemma in lex.light_verbs or lemma in lex.occurrence_verbs \
        or lemma in ("hold", "be", "come", "return")
    return not occurs


def perfect(clause: Token) -> bool:
    """The present perfect: 'has threatened', 'have called' — done, not to come."""
    return bool(clause.tag_ == "VBN" and any(
        c.dep_ == "aux" and _lemma(c) == "have" and c.tag_ in ("VBZ", "VBP")
        for c in clause.children))


def _acted_on_by(tok: Token) -> Token | None:
    """The verb whose object (or passive subject) the event noun is."""
    if tok.pos_ == "VERB" or tok.head == tok or tok.dep_ not in ("dobj", "nsubjpass"):
        return None
    return tok.head  # type: ignore[no-any-return]


def called_off(tok: Token) -> bool:
    """'called off the talks', 'the summit was cancelled': it will not happen."""
    verb = _acted_on_by(tok)
    if verb is None or any(c.dep_ == "neg" for c in verb.children):
        return False
    lemma = _lemma(verb)
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}
    # "called off the talks", "ruled out talks with the rebels"
    return lemma in CANCEL_VERBS or lemma == "call" and "off" in particles \
        or lemma == "rule" and "out" in particles


def postponed(tok: Token) -> bool:
    """'postponed the vote', 'the talks were put off': it is still to come."""
    verb = _acted_on_by(tok)
    if verb is None:
        return False
    lemma = _lemma(verb)
    return lemma in POSTPONE_VERBS or lemma == "put" and any(
        c.dep_ in ("prt", "advmod", "prep") and c.lower_ == "off" for c in verb.children)


def denied_by_phrase(tok: Token, lex: EventLexicon) -> bool:
    """'far from abandoning', 'instead of taking', 'rather than attack'."""
    for g in governors(tok, 2):
        if g.pos_ in ("ADP", "SCONJ", "CCONJ", "ADV"):
            words = f"{g.head.lower_} {g.lower_}" if g.head != g else g.lower_
            prev = g.doc[g.i - 1].lower_ + " " + g.lower_ if g.i > 0 else ""
            if words in lex.negating_phrases or prev in lex.negating_phrases:
                return True
    return False


def denied_subject(clause: Token) -> bool:
    """'no ceasefire has been agreed', 'neither side attacked'."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and any(
        d.dep_ == "det" and d.lower_ in ("no", "neither") for d in c.children)
        for c in clause.children)


def _denies(verb: Token) -> bool:
    """A denial verb that is not itself denied ("did not deny that ..." concedes)."""
    return bool(verb.lemma_.lower() in DENIAL_VERBS
                and not any(c.dep_ == "neg" for c in verb.children))


def denied_content(tok: Token) -> bool:
    """The content of a denial: 'denied that its fighters had fired', 'rejected claims that
    troops attacked', 'dismissed reports that ...'. The nearest clause that is reported
    content decides; its source says the event did not happen."""
    for clause in clause_chain(tok):
        if clause.dep_ == "xcomp" and clause.tag_ == "VBG" and clause.head != clause:
            return _denies(clause.head)  # "denied attacking"
        if clause.dep_ == "ccomp" and clause.head != clause:
            return _denies(clause.head)
        if clause.dep_ in ("acl", "ccomp", "relcl") and clause.head != clause:
            noun = clause.head
            if noun.lemma_.lower() not in CLAIM_NOUNS:
                return False
            gov = noun.head
            for _ in range(3):  # "rejected and dismissed claims that ..."
                if _denies(gov):
                    return True
                if gov.dep_ != "conj" or gov.head == gov:
                    break
                gov = gov.head
            return False
    return False


def continuing(tok: Token, lex: EventLexicon) -> bool:
    """'if the offensive continues', 'as the fighting rages': a definite event said to go on
    exists, whatever the clause supposes about its going on."""
    return bool(existing_subject(tok, lex) and _lemma(tok.head) in CONTINUE_VERBS)


def acted_on(tok: Token) -> bool:
    """'not to lift oil sanctions', 'violated the truce', 'condemned the attack': the event a
    verb undoes, breaks or judges already exists, whatever that verb's own modality."""
    return bool(tok.pos_ != "VERB" and tok.dep_ == "dobj" and tok.head != tok
                and _lemma(tok.head) in UNDOING_VERBS
                and not any(c.dep_ == "det" and c.lower_ in ("any", "no", "a", "an")
                            for c in tok.children))
