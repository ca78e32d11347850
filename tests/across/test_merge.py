"""Merging rules: which mentions are one real-world event, and what a merged event counts."""

from __future__ import annotations

import random

import pytest
from story_helpers import actor, article, infos, mention

from eventwire.across.merge import (
    date_interval,
    default_rules,
    hard_compatible,
    identity,
    merge_events,
    places_compatible,
    side_match,
    tied,
    types_compatible,
    view,
)
from eventwire.model import Actor, Count, Event, Place

RULES = default_rules()
ISR = actor("Israel", "ISR")
ISR_GOV = actor("the Israeli government", "ISR", "GOV", name="Israel")
ISR_MIL = actor("Israeli troops", "ISR", "MIL", name="Israel")
EGY = actor("Egypt", "EGY")
PSE = actor("Gaza", "PSE", name="Palestine")
HAMAS = actor("Hamas", "PSE", "REB", name="Hamas")
MILITIA = actor("the Korva militia", "XYZ", "REB", name="Korva Militia")

A = article("Israeli jets struck targets in Gaza overnight, the army said. " * 3, "news-one.example", "2024-05-08")
B = article("The Israeli military carried out strikes on Gaza, residents said. " * 3, "news-two.example", "2024-05-08")
C = article("Egyptian mediators met Israeli officials in Cairo on Tuesday. " * 3, "news-three.example", "2024-05-09")

GAZA_CITY = Place("Gaza City", geonameid=281133, latitude=31.50, longitude=34.47, country="PSE", admin1="Gaza",
                  feature="city")
SHATI = Place("Al-Shati camp", geonameid=7303862, latitude=31.53, longitude=34.45, country="PSE", admin1="Gaza",
              feature="camp")  # 4 km from Gaza City
RAFAH = Place("Rafah", geonameid=281129, latitude=31.30, longitude=34.25, country="PSE", admin1="Gaza", feature="city")
JENIN = Place("Jenin", geonameid=293619, latitude=32.46, longitude=35.30, country="PSE", admin1="West Bank",
              feature="city")
PALESTINE = Place("Palestine", country="PSE", feature="country")
GAZA_STRIP = Place("Gaza Strip", country="PSE", admin1="Gaza", feature="admin1")
CAIRO = Place("Cairo", geonameid=360630, latitude=30.06, longitude=31.25, country="EGY", admin1="Cairo",
              feature="city")
SPRINGFIELD_IL = Place("Springfield", geonameid=4250542, latitude=39.80, longitude=-89.64, country="USA", admin1="IL",
                        feature="city")
SPRINGFIELD_IL_NO_ID = Place("Springfield", country="USA", admin1="IL", feature="city")
SPRINGFIELD_MO = Place("Springfield", geonameid=4409896, latitude=37.22, longitude=-93.30, country="USA", admin1="MO",
                       feature="city")
# two made-up towns 6 km apart on either side of a provincial border
BORDER_EAST = Place("Orla", geonameid=9990101, latitude=10.00, longitude=20.03, country="XYZ", admin1="East",
                    feature="city")
BORDER_WEST = Place("Verin", geonameid=9990102, latitude=10.00, longitude=19.975, country="XYZ", admin1="West",
                    feature="city")


def merged_sets(result):
    return sorted((sorted(m.mention_ids), m.num_sources, m.num_articles) for m in result.merged)


def ev(event: str, cameo_root: str | None = None) -> Event:
    return Event(event=event, cameo_root=cameo_root)


@pytest.mark.parametrize("a, b, same", [
    (ev("ASSAULT"), ev("ASSAULT"), True),
    (ev("ASSAULT"), ev("COERCE"), True),  # "shelling" in one report, "fired on" in another
    (ev("PROTEST"), ev("MOBILIZE"), True),
    (ev("ACCUSE", "11"), ev("REJECT", "11"), True),  # one CAMEO root
    (ev("ASSAULT"), ev("CONSULT"), False),
    (ev("ACCUSE", "11"), ev("REJECT", "12"), False),
    (ev("AGREE"), ev("CONSULT"), False),
])
def test_type_families(a, b, same):
    assert types_compatible(a, b, RULES) is same


#: one case per pair of merge.yaml's compatible_types, with the two wordings of one event that make
#: it a pair (a new pair without a case fails test_every_compatible_type_pair_has_a_case)
TYPE_PAIR_CASES = {
    frozenset({"ASSAULT", "COERCE"}): "'shelled the town' / 'fired on the town'",
    frozenset({"PROTEST", "MOBILIZE"}): "'protested in the square' / 'rallied in the square'",
    frozenset({"SANCTION", "COERCE"}): "'froze the bank's assets' / 'seized the bank's assets'",
    frozenset({"AID", "COOPERATE"}): "'sent engineers to help' / 'worked with local engineers'",
    frozenset({"CONCEDE", "RETREAT"}): "'eased the blockade' / 'lifted the blockade'",
}


def test_every_compatible_type_pair_has_a_case():
    assert set(RULES.compatible_types) == set(TYPE_PAIR_CASES)


@pytest.mark.parametrize("pair", sorted(TYPE_PAIR_CASES, key=sorted), ids=lambda p: "/".join(sorted(p)))
def test_compatible_type_pairs_hold_both_ways_and_only_as_pairs(pair):
    """Mutation this catches: a pair removed from merge.yaml's compatible_types (the table test
    fails), or pairs read as ordered (one direction only)."""
    a, b = sorted(pair)
    assert types_compatible(ev(a), ev(b), RULES) and types_compatible(ev(b), ev(a), RULES)
    for other in ("CONSULT", "ACCUSE", "AGREE"):
        assert not types_compatible(ev(a), ev(other), RULES) and not types_compatible(ev(other), ev(b), RULES)


@pytest.mark.parametrize("a, b, same", [
    (GAZA_CITY, GAZA_CITY, True),
    (GAZA_CITY, SHATI, True),  # two names 4 km apart: one place
    (GAZA_CITY, RAFAH, False),  # 30 km apart in the same province
    (GAZA_CITY, GAZA_STRIP, True),  # nested: the town is in the province
    (GAZA_CITY, PALESTINE, True),  # nested: the town is in the country
    (GAZA_CITY, JENIN, False),  # another province
    (GAZA_STRIP, Place("West Bank", country="PSE", admin1="West Bank", feature="admin1"), False),
    (GAZA_CITY, CAIRO, False),  # another country
    (None, RAFAH, True),  # unknown says nothing
    # admin1: two places in different provinces are two places, however near or alike their names
    (SPRINGFIELD_IL, SPRINGFIELD_MO, False),  # one name, two states
    (SPRINGFIELD_IL, SPRINGFIELD_IL_NO_ID, True),  # one name, one state, one without a gazetteer id
    (BORDER_EAST, BORDER_WEST, False),  # 6 km apart across a provincial border
    (BORDER_EAST, Place("East Province", country="XYZ", admin1="East", feature="admin1"), True),  # nested
    (BORDER_EAST, Place("West Province", country="XYZ", admin1="West", feature="admin1"), False),
    (GAZA_CITY, Place("West Bank", country="PSE", admin1="West Bank", feature="admin1"), False),
    (Place("Springfield", country="USA", admin1="IL"), SPRINGFIELD_MO, False),  # no point, no id
])
def test_places_equal_nested_or_near(a, b, same):
    """Mutation this catches: the admin1 check of ``places_compatible`` removed (``a.admin1 != b.admin1``
    no longer returns False): the two Springfields, the towns across a border and a town against
    another province became one place."""
    assert places_compatible(a, b, RULES) is same
    assert places_compatible(b, a, RULES) is same


def dated(art, date: str, precision: str = "day", basis: str = "explicit", sentence: str = "Hamas fighters attacked "
          "an Israeli post in Gaza City, the army said.", index: int = 0):
    return mention(art, sentence, actors=[HAMAS], recipients=[ISR_MIL], date=date, precision=precision, basis=basis,
                   location=GAZA_CITY, index=index)


@pytest.mark.parametrize("date_a, prec_a, basis_a, date_b, prec_b, basis_b, same", [
    ("2024-05-06", "day", "explicit", "2024-05-06", "day", "explicit", True),
    ("2024-05-06", "day", "explicit", "2024-05-07", "day", "relative", True),  # a day apart: time zones
    ("2024-05-06", "day", "explicit", "2024-05-08", "day", "explicit", False),
    ("2024-W19", "week", "relative", "2024-05-08", "day", "explicit", True),  # week 19 of 2024 is 6-12 May
    ("2024-W19", "week", "relative", "2024-05-14", "day", "explicit", False),
    ("2024-W19", "week", "relative", "2024-W21", "week", "relative", False),
    ("2024-05", "month", "relative", "2024-05-30", "day", "explicit", True),
    ("2024-05", "month", "relative", "2024-06-02", "day", "explicit", False),
    ("2024-05-08", "day", "publication", "2024-05-05", "day", "explicit", True),  # published 8 May: 5-8 May
    ("2024-05-08", "day", "publication", "2024-05-03", "day", "explicit", False),
])
def test_dates_overlap_at_their_precision(date_a, prec_a, basis_a, date_b, prec_b, basis_b, same):
    a = view(dated(A, date_a, prec_a, basis_a), infos(A, B), RULES)
    b = view(dated(B, date_b, prec_b, basis_b), infos(A, B), RULES)
    assert hard_compatible(a, b, RULES) is same


def test_date_intervals_by_precision():
    week = dated(A, "2024-W19", "week", "relative")
    assert [d.isoformat() for d in date_interval(week, slack=False)] == ["2024-05-06", "2024-05-12"]
    month = dated(A, "2024-05", "month", "relative")
    assert [d.isoformat() for d in date_interval(month, slack=False)] == ["2024-05-01", "2024-05-31"]
    pub = mention(A, "Israel struck Gaza.", actors=[ISR])  # dated by publication only
    assert [d.isoformat() for d in date_interval(pub, slack=False)] == ["2024-05-05", "2024-05-08"]


def test_who_an_actor_is():
    sentence = "Senate Minority Leader Chuck Schumer said James T. Hodgkinson was the gunman."
    assert identity(actor("Hamas", "PSE", "REB", name="Hamas"), sentence, RULES) == ("named", "hamas")
    assert identity(ISR_MIL, sentence, RULES) == ("state", "ISR/MIL")
    assert identity(PSE, sentence, RULES) == ("state", "PSE/")  # "Palestine" is the state itself
    assert identity(Actor("James T. Hodgkinson", start=31), sentence, RULES) == ("named", "james hodgkinson")
    assert identity(Actor("Senate Minority Leader", start=0), sentence, RULES) is None  # a title, not a name
    assert identity(Actor("the gunman"), sentence, RULES) is None
    assert identity(Actor("police", sector="COP"), sentence, RULES) is None
    assert identity(Actor("they", code="ISR", name="Israel"), sentence, RULES) is None  # a pronoun taken for a state


def test_country_code_matches_the_same_country_with_a_sector():
    assert side_match([ISR], [ISR_GOV], RULES) == "strong"
    assert side_match([ISR_GOV], [ISR_MIL], RULES) == "weak"  # same country, another part of it
    assert side_match([ISR], [EGY], RULES) == "conflict"
    assert side_match([], [EGY], RULES) == "unknown"
    un, eu = actor("the UN", "IGO", "IGO", name="United Nations"), actor("the EU", "IGO", "IGO", name="European Union")
    assert side_match([un], [eu], RULES) == "conflict"


def test_an_army_and_its_rebels_are_never_one_actor():
    army, rsf = actor("the army", "SDN", "MIL"), actor("the RSF", "SDN", "REB")
    assert side_match([army], [rsf], RULES) == "conflict"
    assert side_match([actor("its aircraft", sector="MIL")], [actor("its fighters", sector="REB")], RULES) == "conflict"
    shelled = mention(A, "Rebel fighters shelled the market in El Fasher, killing 12.", actors=[rsf])
    struck = mention(B, "The army struck rebel positions near the market in El Fasher.", actors=[army], recipients=[rsf])
    assert len(merge_events([shelled, struck], infos(A, B)).merged) == 2


def test_two_articles_reporting_one_strike_become_one_event_with_two_sources():
    m1 = dated(A, "2024-05-07", sentence="Hamas fighters attacked an Israeli post in Gaza City on Tuesday.")
    m2 = dated(B, "2024-05-07", sentence="An Israeli position in Gaza City came under Hamas fire on Tuesday.")
    other = mention(C, "Egyptian mediators met Israeli officials in Cairo.", "CONSULT", actors=[EGY], recipients=[ISR])
    result = merge_events([m1, m2, other], infos(A, B, C))
    assert len(result.merged) == 2
    strike = next(m for m in result.merged if m.event == "ASSAULT")
    assert sorted(strike.mention_ids) == sorted([m1.id, m2.id])
    assert (strike.num_mentions, strike.num_articles, strike.num_sources) == (2, 2, 2)
    assert strike.sources == ["news-one.example", "news-two.example"]


def test_two_reports_in_towns_of_different_provinces_stay_apart():
    """Everything ties them (one named group, one stated day, one figure) but the provinces differ.

    Mutation this catches: the admin1 check of ``places_compatible`` removed."""
    def report(art, place, text):
        return mention(art, text, actors=[HAMAS], recipients=[ISR_MIL], date="2024-05-07", location=place,
                       counts=[Count("killed", 3)])

    east = report(A, BORDER_EAST, "Hamas fighters attacked an Israeli post in Orla on Tuesday, killing 3.")
    west = report(B, BORDER_WEST, "Hamas fighters attacked an Israeli post in Verin on Tuesday, killing 3.")
    assert len(merge_events([east, west], infos(A, B)).merged) == 2
    again = report(B, BORDER_EAST, "Hamas fighters attacked an Israeli post in Orla on Tuesday, killing 3.")
    assert len(merge_events([east, again], infos(A, B)).merged) == 1  # the same town: one event


def test_conflicting_actors_or_types_stay_apart():
    m1 = mention(A, "Israeli jets struck targets in Gaza City.", actors=[ISR], recipients=[HAMAS], location=GAZA_CITY)
    m2 = mention(B, "Egyptian jets struck targets in Gaza City.", actors=[EGY], recipients=[HAMAS], location=GAZA_CITY)
    m3 = mention(B, "Israel accused Hamas over the strikes in Gaza City.", "ACCUSE", actors=[ISR], recipients=[HAMAS],
                 location=GAZA_CITY, index=1)
    assert len(merge_events([m1, m2, m3], infos(A, B)).merged) == 3


def test_generic_actors_and_shared_words_never_tie_two_reports():
    police = actor("police", sector="COP")
    crowd = actor("protesters", sector="OPP")
    m1 = mention(A, "Police fired tear gas at protesters near the parliament.", "COERCE", actors=[police],
                 recipients=[crowd], date="2024-05-07")
    m2 = mention(B, "Protesters were dispersed with tear gas by police near the parliament.", "COERCE", actors=[police],
                 recipients=[crowd], date="2024-05-07")
    assert len(merge_events([m1, m2], infos(A, B)).merged) == 2
    # the same report naming the town ties them
    m1.location = m2.location = GAZA_CITY
    assert len(merge_events([m1, m2], infos(A, B)).merged) == 1


def test_one_named_actor_alone_does_not_tie_two_statements():
    kim = actor("Kim Jong Un", "PRK", "GOV", name="Kim Jong Un")
    crews = mention(A, "Kim Jong Un praised the missile crews, state media said.", "SUPPORT", actors=[kim])
    plant = mention(B, "Kim Jong Un praised the workers of a fertiliser plant on Tuesday.", "SUPPORT", actors=[kim],
                    date="2024-05-07")
    assert not tied(view(crews, infos(A, B), RULES), view(plant, infos(A, B), RULES), RULES)
    # the same day stated on both sides is a second anchor
    crews.date, crews.date_basis = "2024-05-07", "relative"
    assert tied(view(crews, infos(A, B), RULES), view(plant, infos(A, B), RULES), RULES)


def test_two_actions_of_one_sentence_never_merge():
    sentence = "Hamas fighters attacked an Israeli post in Gaza City and shelled a checkpoint near it."
    m1 = mention(A, sentence, actors=[HAMAS], location=GAZA_CITY, date="2024-05-07")
    m2 = mention(A, sentence, actors=[HAMAS], location=GAZA_CITY, date="2024-05-07")
    m2.evidence[0].trigger = (57, 64)
    m2.id = m2.compute_id()
    assert len(merge_events([m1, m2], infos(A)).merged) == 2
    # one verb read two ways (the coder gave it two recipients) is one event
    m3 = mention(A, sentence, actors=[HAMAS], recipients=[actor("an Israeli post")], location=GAZA_CITY,
                 date="2024-05-07")
    assert m3.evidence[0].trigger == m1.evidence[0].trigger and m3.id != m1.id
    assert len(merge_events([m1, m3], infos(A)).merged) == 1


def test_no_chaining_through_weak_links():
    """m2 is tied to m1 (the named group and the town) and m3 to m2 (the town and a figure),
    but m3 shares nothing with m1: it may not join through m2."""
    sentence = "Hamas fighters attacked an Israeli post in Gaza City on Tuesday."
    m1 = mention(A, sentence, actors=[HAMAS], location=GAZA_CITY, date="2024-05-07", index=1)
    m2 = mention(B, "An attack on an Israeli post in Gaza City killed 3, officials said.", actors=[HAMAS],
                 location=GAZA_CITY, date="2024-05-07", counts=[Count("killed", 3)], index=2)
    m3 = mention(C, "Three people were killed in an attack on Tuesday, medics said.", actors=[actor("gunmen", sector="UAF")],
                 date="2024-05-07", counts=[Count("killed", 3)], index=3)
    views = [view(m, infos(A, B, C), RULES) for m in (m1, m2, m3)]
    assert tied(views[0], views[1], RULES) and tied(views[1], views[2], RULES)
    assert not tied(views[0], views[2], RULES)
    result = merge_events([m1, m2, m3], infos(A, B, C))
    assert len(result.merged) == 2
    assert not any({m1.id, m3.id} <= set(m.mention_ids) for m in result.merged)


def test_a_merged_event_never_spans_more_than_a_week():
    # a week-dated report (6-12 May) and a report published on the 15th (12-15 May) overlap on
    # the 12th, but together they would span 6-15 May: too long for one event
    week = dated(A, "2024-W19", "week", "relative")
    late_article = article("Hamas fighters attacked an Israeli post in Gaza City, officials said. " * 2,
                           "news-four.example", "2024-05-15")
    late = mention(late_article, "Hamas fighters attacked an Israeli post in Gaza City, officials said.",
                   actors=[HAMAS], recipients=[ISR_MIL], location=GAZA_CITY)
    day = dated(B, "2024-05-12")
    result = merge_events([week, late, day], infos(A, B, late_article))
    assert all(m.num_mentions < 3 for m in result.merged)


def test_near_duplicate_counts_once_and_unknown_outlets_count_as_one_source():
    copy = article("Israeli jets struck targets in Gaza overnight, the army said. " * 3 + "Copy.",
                   "republisher.example", "2024-05-09", duplicate_of=A.id)
    anon1 = article("Hamas fighters attacked an Israeli post in Gaza City, a witness said. " * 2, None, "2024-05-08")
    anon2 = article("An Israeli post in Gaza City was attacked by Hamas, a resident said. " * 2, None, "2024-05-08")
    ms = [dated(art, "2024-05-07", sentence=f"Hamas fighters attacked an Israeli post in Gaza City on Tuesday ({k}).")
          for k, art in enumerate((A, copy, B, anon1, anon2))]
    (merged,) = merge_events(ms, infos(A, B, copy, anon1, anon2)).merged
    assert merged.num_mentions == 5
    assert merged.num_articles == 4  # the copy counts with its original
    assert merged.sources == ["news-one.example", "news-two.example"]  # the republisher adds no outlet
    assert merged.num_sources == 3  # two named outlets and one "unknown"
    assert merged.last_seen == "2024-05-09"


def test_merging_does_not_depend_on_input_order():
    events = []
    arts = [A, B, C]
    for i in range(12):
        art = arts[i % 3]
        day = f"2024-05-{5 + (i % 4) * 2:02d}"
        side = [HAMAS] if i % 2 else [actor("Hamas gunmen", "PSE", "REB", name="Hamas")]
        events.append(mention(art, f"Hamas attacked a post in Gaza City, sentence {i}.", actors=side,
                              recipients=[ISR_MIL], date=day, index=i, location=GAZA_CITY))
    expected = merged_sets(merge_events(events, infos(*arts)))
    assert any(len(ids) > 1 for ids, _, _ in expected)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert merged_sets(merge_events(shuffled, infos(*arts))) == expected


def test_stored_candidates_are_read_for_the_days_a_batch_needs_only():
    from datetime import date as d

    from eventwire.across.merge import MAX_WINDOWS, date_windows

    pad = RULES.max_slack
    spread = [(d(2024, 1, 10), d(2024, 1, 10)), (d(2024, 1, 11), d(2024, 1, 12)), (d(2024, 9, 1), d(2024, 9, 30))]
    windows = date_windows(spread, RULES)
    assert len(windows) == 2  # January's two overlap once widened; September stands apart
    assert windows[0][0] == d.fromordinal(d(2024, 1, 10).toordinal() - pad).isoformat()
    assert windows[1][1] == d.fromordinal(d(2024, 9, 30).toordinal() + pad).isoformat()
    many = [(d.fromordinal(d(2020, 1, 1).toordinal() + 60 * k),) * 2 for k in range(100)]
    capped = date_windows(many, RULES)
    assert len(capped) == MAX_WINDOWS
    assert all(any(lo <= day.isoformat() <= hi for lo, hi in capped) for day, _ in many)  # nothing left out
