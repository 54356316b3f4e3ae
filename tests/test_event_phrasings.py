"""Events in phrasings the first lexicon missed (issue 6): drills and deployments, threats,
elections, aid deliveries, arrests and sentences, sanctions as nouns, concessions, and the
modality of what is asked for, offered or supposed. The four articles in tests/fixtures/events
are our own words about invented incidents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
PUBLISHED = "2026-11-25"

# (article, trigger, n-th event on that word, type or None, modality)
EXPECTED = [
    ("aegean_drills.txt", "drills", 0, "MOBILIZE", "asserted"),  # the headline
    ("aegean_drills.txt", "exercises", 0, "MOBILIZE", "asserted"),
    ("aegean_drills.txt", "deploying", 0, "MOBILIZE", "asserted"),
    ("aegean_drills.txt", "alert", 0, "MOBILIZE", "asserted"),  # "put ... on alert"
    ("aegean_drills.txt", "dispatched", 0, "MOBILIZE", "asserted"),
    ("aegean_drills.txt", "rejected", 0, "REJECT", "asserted"),
    ("aegean_drills.txt", "talks", 0, "CONSULT", "hypothetical"),  # "urged ... to resume"
    ("aegean_drills.txt", "war", 0, "ASSAULT", "historical"),  # "came close to war in 1996"
    ("hodeidah_truce.txt", "reach", 0, "AID", "asserted"),
    ("hodeidah_truce.txt", "delivered", 0, "AID", "asserted"),
    ("hodeidah_truce.txt", "warned", 0, "THREATEN", "asserted"),  # "that it would ..."
    ("hodeidah_truce.txt", "suspend", 0, None, "hypothetical"),  # "... if fighting resumed"
    ("hodeidah_truce.txt", "mediated", 0, "COOPERATE", "asserted"),
    ("hodeidah_truce.txt", "offered", 0, "COOPERATE", "asserted"),  # "offered to host"
    ("hodeidah_truce.txt", "talks", 0, "CONSULT", "hypothetical"),  # what was offered
    ("hodeidah_truce.txt", "exchange", 0, "RETREAT", "hypothetical"),  # the talks' topic
    ("hodeidah_truce.txt", "release", 0, "RETREAT", "hypothetical"),  # "ready to ... if"
    ("hodeidah_truce.txt", "strikes", 0, "ASSAULT", "negated"),  # "did not carry out any"
    ("hodeidah_truce.txt", "attack", 0, "ASSAULT", "negated"),  # "denied launching"
    ("hodeidah_truce.txt", "truce", 3, "AGREE", "historical"),  # "collapsed in 2022"
    ("hodeidah_truce.txt", "shelling", 0, "ASSAULT", "historical"),  # what was alleged then
    ("minsk_sanctions.txt", "froze", 0, "SANCTION", "asserted"),
    ("minsk_sanctions.txt", "recalled", 0, "SANCTION", "asserted"),  # an envoy, no memory
    ("minsk_sanctions.txt", "jailed", 0, "COERCE", "asserted"),
    ("minsk_sanctions.txt", "expelled", 0, "SANCTION", "asserted"),
    ("minsk_sanctions.txt", "closed", 0, "COERCE", "asserted"),  # border crossings
    ("minsk_sanctions.txt", "penalties", 0, "SANCTION", "hypothetical"),  # "called for"
    ("minsk_sanctions.txt", "embargo", 0, "SANCTION", "hypothetical"),  # "to consider"
    ("minsk_sanctions.txt", "dismissed", 0, "REJECT", "asserted"),  # "dismissed ... as"
    ("minsk_sanctions.txt", "threatened", 0, "THREATEN", "asserted"),
    ("minsk_sanctions.txt", "cut", 0, "SANCTION", "future"),  # "cut off gas transit"
    ("minsk_sanctions.txt", "cracked", 0, "COERCE", "historical"),
    ("sudan_talks.txt", "talks", 0, "CONSULT", "negated"),  # "would not return to talks"
    ("sudan_talks.txt", "withdrew", 0, "RETREAT", "hypothetical"),  # "... unless"
    ("sudan_talks.txt", "invited", 0, "CONSULT", "asserted"),  # the talks are next week
    ("sudan_talks.txt", "negotiations", 0, "CONSULT", "future"),
    ("sudan_talks.txt", "strikes", 1, "ASSAULT", "asserted"),  # "the strikes could force"
    ("sudan_talks.txt", "halt", 0, "RETREAT", "hypothetical"),  # what they could force
    ("sudan_talks.txt", "accused", 0, "ACCUSE", "historical"),  # "..., and its fighters"
    ("sudan_talks.txt", "killing", 0, "ASSAULT", "historical"),
    ("sudan_talks.txt", "offensive", 0, "ASSAULT", "hypothetical"),  # "could ... if"
    ("nairobi_vote.txt", "arrested", 0, "COERCE", "asserted"),
    ("nairobi_vote.txt", "fired", 0, "COERCE", "asserted"),  # tear gas
    ("nairobi_vote.txt", "gathered", 0, "PROTEST", "asserted"),  # "supporters who had"
    ("nairobi_vote.txt", "boycott", 0, "PROTEST", "hypothetical"),  # "... unless"
    ("nairobi_vote.txt", "marched", 0, "PROTEST", "asserted"),
    ("nairobi_vote.txt", "sentenced", 0, "COERCE", "asserted"),
    ("nairobi_vote.txt", "concern", 0, "ACCUSE", "asserted"),  # "expressed concern"
    ("nairobi_vote.txt", "arrests", 0, "COERCE", "asserted"),  # what the concern is about
    ("nairobi_vote.txt", "release", 0, "RETREAT", "hypothetical"),  # "called for the"
    ("nairobi_vote.txt", "election", 0, "OTHER", "historical"),
    ("nairobi_vote.txt", "protests", 0, "PROTEST", "historical"),  # "after weeks of"
    ("nairobi_vote.txt", "killed", 0, "ASSAULT", "historical"),  # "in which police killed"
]


@pytest.fixture(scope="module")
def article_events(analyzer: Any) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for name in sorted({e[0] for e in EXPECTED}):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        out[name] = analyzer.analyze_text(text, published=PUBLISHED).to_dict()["events"]
    return out


def _nth(events: list[dict[str, Any]], trigger: str, n: int) -> dict[str, Any]:
    hits = [e for e in events if e["trigger"]["text"] == trigger]
    assert len(hits) > n, f"no event #{n} on {trigger!r}: {[e['trigger']['text'] for e in events]}"
    return hits[n]


@pytest.mark.parametrize("name,trigger,n,etype,modality", EXPECTED,
                         ids=[f"{e[0].split('_')[0]}:{e[1]}#{e[2]}" for e in EXPECTED])
def test_article_event(article_events: dict[str, list[dict[str, Any]]], name: str,
                       trigger: str, n: int, etype: str | None, modality: str) -> None:
    event = _nth(article_events[name], trigger, n)
    if etype is not None:
        assert event["type"] == etype
    assert event["modality"] == modality


def _actors(event: dict[str, Any]) -> list[str]:
    return [a["name"] for a in event["actors"]]


def test_actors_and_places(article_events: dict[str, list[dict[str, Any]]]) -> None:
    aegean = article_events["aegean_drills.txt"]
    assert _actors(_nth(aegean, "deploying", 0)) == ["Turkish military"]  # "Turkey's navy"
    assert _actors(_nth(aegean, "dispatched", 0)) == ["Greece"]  # conjoined with "put"
    yemen = article_events["hodeidah_truce.txt"]
    assert _actors(_nth(yemen, "mediated", 0)) == ["Oman"]  # "Oman, which mediated"
    strikes = _nth(yemen, "strikes", 0)
    assert strikes["place"] is not None and strikes["place"]["country"] == "YE"
    # "withdrew from the cities they hold": plural cities point back to no one city
    assert _nth(article_events["sudan_talks.txt"], "withdrew", 0)["place"] is None
    kenya = article_events["nairobi_vote.txt"]
    # "Police in Nairobi arrested": where the doer is, the act is
    assert _nth(kenya, "arrested", 0)["place"]["name"] == "Nairobi"
    assert _nth(kenya, "sentenced", 0)["place"]["name"] == "Mombasa"  # "A court in Mombasa"
    assert set(_actors(_nth(kenya, "concern", 0))) == {"United States", "United Kingdom"}
    assert _nth(kenya, "killed", 0)["date"]["value"] == "2017"  # the story of 2017


def test_figurative_attack_is_no_event(article_events: dict[str, list[dict[str, Any]]]
                                       ) -> None:
    # "dismissed the sanctions as an attack on his country's sovereignty"
    assert not [e for e in article_events["minsk_sanctions.txt"] if e["type"] == "ASSAULT"]


@pytest.mark.parametrize("text,trigger,etype,actor", [
    ("Russian shelling killed four people in Kharkiv on Monday.", "shelling", "ASSAULT",
     "Russian military"),
    ("Russian shelling killed four people in Kharkiv on Monday.", "killed", "ASSAULT",
     "Russian military"),  # the shelling's doer did the killing
    ("Russia and China criticised the plan and said they would block any attempt to "
     "enforce it.", "block", "REJECT", "China"),
    ("China, Russia and India are expected to recognise the result, diplomats said.",
     "recognise", "SUPPORT", "India"),
    ("The European Union condemned the attack and said it would send generators to the "
     "region.", "send", "AID", "European Union"),
    # a capital that acts is coded as its state
    ("Washington eased oil sanctions on Caracas on Monday.", "eased", "RETREAT",
     "United States"),
    # object control: the one urged, called on or forced does the infinitive
    ("The envoy urged the two governments to resume talks, diplomats said.", "talks",
     "CONSULT", "governments"),
    ("The union called on students to walk out of classes on Monday.", "walk", "PROTEST",
     "students"),
    # the instrument used does nothing; its user does
    ("Riot police used batons to push back demonstrators outside parliament.", "push",
     "COERCE", "riot police"),
    # a subject pronoun continues the previous subject, not the nearest name
    ("Japan has sent generators to Ukraine, and it delivered 40 armoured vehicles to the "
     "Ukrainian army in the spring.", "delivered", "AID", "Japan"),
])
def test_sentence_actors(analyzer: Any, text: str, trigger: str, etype: str,
                         actor: str) -> None:
    events = analyzer.analyze_text(text, published=PUBLISHED).to_dict()["events"]
    event = _nth(events, trigger, 0)
    assert event["type"] == etype
    assert actor in _actors(event)


@pytest.mark.parametrize("text,trigger", [
    ("Floods killed twelve people in the north of the country on Sunday, officials said.",
     "killed"),  # a natural cause does no political event
    ("The storm hit the coast overnight, the weather service said.", "hit"),
    ("Analysts warned that fighting would spread to the south, the report said.", "warned"),
    ("Sewage discharges killed thousands of fish in the river, the regulator said.", "killed"),
    ("The launch of the agency's deep-space probe was pushed back to March, it said.", "probe"),
    ("The airline said it could no longer meet its debts after fuel prices rose.", "meet"),
    ("Analysts said demand for the older chips would stay strong next year.", "demand"),
    ("Unions stepped up their campaign against the government's pension plan, they said.",
     "campaign"),  # a campaign against a plan is politics, not an assault
    ("The company executed the plan ahead of schedule, it said.", "executed"),
    ("A clash at the crossing left two officers wounded, police said.", "wounded"),
    ("The ministry did not respond to a request for comment on Friday.", "request"),
    ("Angola's president called an emergency summit for next week.", "called"),
    ("He has offended veterans and former prisoners of war, the editorial said.", "war"),
    ("The first four aircraft will be assembled at the Toulouse factory, Airbus said.",
     "assembled"),  # aircraft are no troops
    ("The left winglet struck the side of the hangar, the airline said.", "struck"),
    ("As the jet was being pushed back by a tug, its wing hit a hangar.", "pushed"),
    ("The former minister died of a heart attack on Sunday, his family said.", "attack"),
])
def test_no_political_event(analyzer: Any, text: str, trigger: str) -> None:
    events = analyzer.analyze_text(text, published=PUBLISHED).to_dict()["events"]
    assert [e for e in events if e["trigger"]["text"] == trigger] == []


@pytest.mark.parametrize("text,trigger,etype,modality", [
    ("Moldova called off talks with Transnistria on Tuesday.", "talks", "CONSULT", "negated"),
    ("The commission postponed the referendum after the floods.", "referendum", "OTHER",
     "future"),
    ("Russia halted gas supplies to the region in 2024.", "halted", "SANCTION", "historical"),
    ("The government said it would consider new restrictions on trade with the region.",
     "restrictions", "SANCTION", "hypothetical"),
    ("The Kremlin has never recognised the region's independence.", "recognised", "SUPPORT",
     "negated"),
    ("The union said the walkout would continue until Friday.", "walkout", "PROTEST",
     "asserted"),  # it is on; only its end is to come
    ("The two leaders spoke in a phone call on Wednesday, officials said.", "call", "CONSULT",
     "asserted"),
    ("Thousands took to the streets of Tbilisi on Sunday.", "took", "PROTEST", "asserted"),
    ("The minister ruled out talks with the rebels.", "talks", "CONSULT", "negated"),
    ("Insurgents blew up a bridge near Mosul on Friday.", "blew", "ASSAULT", "asserted"),
    ("The army called up 10,000 reservists on Monday.", "called", "MOBILIZE", "asserted"),
    ("Turkey reopened the border crossing on Tuesday.", "reopened", "RETREAT", "asserted"),
    ("Police charged three men with murder.", "charged", "ACCUSE", "asserted"),
    ("Poland asked the Commission to consider a full trade embargo.", "embargo", "SANCTION",
     "hypothetical"),
    ("Rebels took the town after two days of fighting with the army.", "fighting", "ASSAULT",
     "asserted"),
    ("Washington threatened further measures if the offensive continues.", "offensive",
     "ASSAULT", "asserted"),  # the offensive goes on; only its going on is supposed
    ("Kinshasa accused Kigali of providing the rebels with drones.", "providing", "AID",
     "asserted"),
    # the sanctions one urges not to lift are there
    ("The opposition urged Washington not to lift oil sanctions until a vote is held.",
     "sanctions", "SANCTION", "asserted"),
    ("In 2019, the United States recognised the speaker as interim president and imposed an "
     "oil embargo.", "embargo", "SANCTION", "historical"),
    ("In 2019, the United States recognised the speaker as interim president and imposed an "
     "oil embargo.", "recognised", "SUPPORT", "historical"),
    ("Armenia and Azerbaijan failed to sign a peace agreement at the summit.", "agreement",
     "AGREE", "negated"),
    ("Had the deal been signed, the EU would have sent troops to the border.", "deal", "AGREE",
     "hypothetical"),
    ("Baku denied that its troops had crossed the border.", "crossed", "MOBILIZE", "negated"),
    ("Pakistan and Afghanistan agree to extend truce after border clashes\n\nThe two "
     "countries agreed on Sunday to extend the ceasefire, officials said.", "clashes",
     "ASSAULT", "asserted"),  # what an agreement comes after has happened
    ("They agreed to extend the ceasefire after talks in Doha mediated by Qatar, officials "
     "said.", "mediated", "COOPERATE", "asserted"),
    ("The two countries fought a war in the late 1990s, historians said.", "war", "ASSAULT",
     "historical"),  # a decade long past, though no day or year
    ("Asmara sees the demand for a port as a threat of invasion, officials said.",
     "invasion", "ASSAULT", "hypothetical"),
    ("Riot police used batons to push back demonstrators outside parliament.", "push",
     "COERCE", "asserted"),
    ("The EU adopted a new sanctions package against Russia on Friday.", "package",
     "SANCTION", "asserted"),
    ("The ministry imposed an asset freeze on twenty officials.", "freeze", "SANCTION",
     "asserted"),
    ("Washington imposed export controls on Chinese chipmakers.", "controls", "SANCTION",
     "asserted"),
    ("Japan pledged $200 million to repair Ukraine's power grid on Wednesday.", "pledged",
     "AID", "asserted"),
    ("The foreign minister expressed support for Kyiv on Monday.", "support", "SUPPORT",
     "asserted"),
    ("Two hostages freed last week arrived in Doha on Monday.", "freed", "RETREAT",
     "asserted"),  # a participle on its patient
    ("The navy said the drills practised a blockade of the island's ports.", "blockade",
     "COERCE", "hypothetical"),  # a rehearsal, not a blockade
    ("Thousands of protesters gathered outside parliament on Friday.", "gathered", "PROTEST",
     "asserted"),
    ("The negotiator said talks would not resume until the rebels released all hostages.",
     "released", "RETREAT", "hypothetical"),  # the condition of 'would not ... until'
    ("The fighting went on until the army withdrew from the town.", "withdrew", "RETREAT",
     "asserted"),  # a time, not a condition
    ("The M23 seized Goma in January and Bukavu the following month.", "seized", "ASSAULT",
     "asserted"),  # an armed group seizing a town it names
])
def test_sentence_modality(analyzer: Any, text: str, trigger: str, etype: str,
                           modality: str) -> None:
    events = analyzer.analyze_text(text, published=PUBLISHED).to_dict()["events"]
    event = _nth(events, trigger, 0)
    assert (event["type"], event["modality"]) == (etype, modality)


def test_a_place_accused_is_a_party_not_a_place(analyzer: Any) -> None:
    events = analyzer.analyze_text("Moscow accused Kyiv of breaking the terms of the swap.",
                                   published=PUBLISHED).to_dict()["events"]
    assert _nth(events, "accused", 0)["place"] is None


def test_a_politician_attacking_candidates_accuses(analyzer: Any) -> None:
    events = analyzer.analyze_text("The senator attacked other candidates on stage for "
                                   "accepting donations.", published=PUBLISHED).to_dict()
    assert _nth(events["events"], "attacked", 0)["type"] == "ACCUSE"


def test_a_dateline_does_nothing(analyzer: Any) -> None:
    text = ("Border tension rises\n\nADDIS ABABA — Ethiopia accused Eritrea on Monday of "
            "massing troops near the border.")
    events = analyzer.analyze_text(text, published=PUBLISHED).to_dict()["events"]
    assert _actors(_nth(events, "accused", 0)) == ["Ethiopia"]


def test_the_target_of_a_sanction_is_no_place(analyzer: Any) -> None:
    events = analyzer.analyze_text("The EU adopted a new sanctions package against Russia on "
                                   "Friday.", published=PUBLISHED).to_dict()["events"]
    package = _nth(events, "package", 0)
    assert package["place"] is None and _actors(package) == ["European Union"]
