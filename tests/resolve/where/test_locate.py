"""Event location and its basis: clause, sentence, scene, dateline, unknown (never the actor's country).

Events are built by hand here (trigger and argument offsets into the
sentence), so these tests pin the locator, not the coder's lexicon.
"""

from __future__ import annotations

import pytest

from eventwire.analyze import analysis_of_doc
from eventwire.model import Actor, Event, Evidence
from eventwire.resolve.where import locate_events, places_in

pytestmark = pytest.mark.slow  # parses with spaCy


def event(analysis, sentence_index: int, trigger: str, kind: str, actor: tuple[str, str | None] | None = None,
          recipient: tuple[str, str | None] | None = None) -> Event:
    sentence = analysis.sentences[sentence_index].text
    start = sentence.index(trigger)
    arguments = {}
    actors, recipients = [], []
    for role, arg, out in (("actor", actor, actors), ("recipient", recipient, recipients)):
        if arg is not None:
            a = sentence.index(arg[0])
            arguments[role] = (a, a + len(arg[0]))
            out.append(Actor(text=arg[0], code=arg[1], resolved=arg[1] is not None))
    return Event(event=kind, actor=actors, recipient=recipients, evidence=[
        Evidence(analysis.article.id, sentence_index, sentence, (start, start + len(trigger)), arguments)])


def located(analysis, *events: Event) -> list[Event]:
    locate_events(list(events), analysis, places_in(analysis))
    return list(events)


def test_clause_place_on_the_trigger(analyse):
    a = analyse("Israeli aircraft struck a school in Jabalya on Monday, the army said.")
    (ev,) = located(a, event(a, 0, "struck", "ASSAULT", actor=("Israeli aircraft", "ISR"), recipient=("a school", None)))
    assert ev.location_basis == "clause"
    assert ev.location.geonameid == 281129 and ev.location.country == "PSE"
    assert ev.location.latitude == pytest.approx(31.527, abs=0.01)


def test_clause_place_through_a_noun_phrase(analyse):
    a = analyse("The vice president, during her visit to Dubai for the climate summit, met the Egyptian "
                "president.")
    (ev,) = located(a, event(a, 0, "met", "CONSULT", actor=("The vice president", "USA"),
                             recipient=("the Egyptian president", "EGY")))
    assert (ev.location_basis, ev.location.name, ev.location.country) == ("clause", "Dubai", "ARE")


def test_the_most_specific_place_in_the_clause_wins(analyse):
    a = analyse("The Jabalya refugee camp in northern Gaza was hit overnight.")
    (ev,) = located(a, event(a, 0, "hit", "ASSAULT"))
    assert ev.location_basis == "clause" and ev.location.feature == "camp" and ev.location.country == "PSE"


def test_a_place_as_recipient_only_for_material_events(analyse):
    a = analyse("Hamas accused Israel of shelling the town. Israel shelled Rafah.")
    accuse, shell = located(a, event(a, 0, "accused", "ACCUSE", actor=("Hamas", "PSE"), recipient=("Israel", "ISR")),
                            event(a, 1, "shelled", "ASSAULT", actor=("Israel", "ISR"), recipient=("Rafah", None)))
    assert accuse.location_basis == "unknown" and accuse.location is None
    assert shell.location_basis == "clause" and shell.location.geonameid == 281102


def test_sentence_place_outside_the_clause(analyse):
    a = analyse("In Khan Younis, officials said the two sides agreed to a pause.")
    (ev,) = located(a, event(a, 0, "agreed", "AGREE", actor=("the two sides", None)))
    assert ev.location_basis == "sentence" and ev.location.geonameid == 281124


def test_dateline_when_the_sentence_has_no_place(analyse):
    a = analyse("The two delegations agreed to meet again next week.", dateline="Gaza City")
    (ev,) = located(a, event(a, 0, "agreed", "AGREE", actor=("The two delegations", None)))
    assert ev.location_basis == "dateline" and ev.location.geonameid == 281133 and ev.location.text == "Gaza City"


def test_an_actor_country_is_not_the_place(analyse):
    # Nigerian troops fight in Niger too: with no place written, the place is unknown
    a = analyse("Nigerian troops repelled an attack on their base. The group denied it.")
    repelled, denied = located(a, event(a, 0, "repelled", "ASSAULT", actor=("Nigerian troops", "NGA")),
                               event(a, 1, "denied", "REJECT", actor=("The group", None)))
    assert (repelled.location_basis, repelled.location) == ("unknown", None)
    assert (denied.location_basis, denied.location) == ("unknown", None)


def test_nationality_words_are_not_locations(analyse):
    a = analyse("Egyptian officials rejected the plan.")
    (ev,) = located(a, event(a, 0, "rejected", "REJECT", actor=("Egyptian officials", "EGY")))
    assert (ev.location_basis, ev.location) == ("unknown", None)


def test_batch_path_without_an_article(nlp):
    from eventwire.code import Coder

    text = "Israeli forces raided homes in Jenin on Tuesday. Officials in Ramallah condemned the raid."
    doc = nlp(text)
    events = Coder(nlp).code_doc(doc, date="2024-05-07")
    analysis = analysis_of_doc(doc, published="2024-05-07")
    places = places_in(analysis)
    assert [p.text for p in places if p.recogniser != "demonym"] == ["Jenin", "Ramallah"]
    locate_events(events, analysis, places)
    for ev in events:
        assert ev.location_basis in ("clause", "sentence", "scene", "dateline", "unknown")
    raids = [ev for ev in events if ev.evidence[0].sentence_index == 0]
    if raids:  # the coder's lexicon decides whether "raided" is an event
        assert raids[0].location.text == "Jenin" and raids[0].location.country == "PSE"
        assert raids[0].location_basis == "clause"


def test_malformed_events_do_not_stop_the_others(analyse):
    a = analyse("Israeli aircraft struck a school in Jabalya on Monday.")
    no_evidence = Event(event="ASSAULT", actor=[Actor(text="Israel", code="ISR")])
    out_of_range = Event(event="ASSAULT", evidence=[Evidence(a.article.id, 7, "gone", (500, 510))])
    bad_offsets = Event(event="ASSAULT", evidence=[Evidence(a.article.id, 0, a.sentences[0].text, (900, 905))])
    good = event(a, 0, "struck", "ASSAULT", actor=("Israeli aircraft", "ISR"))
    located(a, no_evidence, out_of_range, bad_offsets, good)
    assert no_evidence.location_basis == "unknown" and no_evidence.location is None
    assert out_of_range.location_basis == "unknown"
    assert bad_offsets.location_basis == "sentence" and bad_offsets.location.geonameid == 281129
    assert good.location_basis == "clause"
    locate_events([good], None, [])  # no analysis at all: nothing places it
    assert (good.location_basis, good.location) == ("unknown", None)
