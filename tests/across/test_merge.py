"""Merging rules: which mentions are one real-world event, and what a merged event counts."""

from __future__ import annotations

import random

from story_helpers import actor, article, infos, mention

from eventwire.across.merge import date_interval, default_rules, merge_events, places_compatible, side_match
from eventwire.model import Place

RULES = default_rules()
ISR = actor("Israel", "ISR")
ISR_GOV = actor("the Israeli government", "ISR", "GOV", name="Israel")
ISR_MIL = actor("Israeli troops", "ISR", "MIL", name="Israel")
EGY = actor("Egypt", "EGY")
PSE = actor("Gaza", "PSE")

A = article("Israeli jets struck targets in Gaza overnight, the army said. " * 3, "news-one.example", "2024-05-08")
B = article("The Israeli military carried out strikes on Gaza, residents said. " * 3, "news-two.example", "2024-05-08")
C = article("Egyptian mediators met Israeli officials in Cairo on Tuesday. " * 3, "news-three.example", "2024-05-09")


def merged_sets(result):
    return sorted((sorted(m.mention_ids), m.num_sources, m.num_articles) for m in result.merged)


def test_country_code_matches_the_same_country_with_a_sector():
    assert side_match([ISR], [ISR_GOV], RULES) == "strong"
    assert side_match([ISR_GOV], [ISR_MIL], RULES) == "weak"  # same country, another part of it
    assert side_match([ISR], [EGY], RULES) == "conflict"
    assert side_match([], [EGY], RULES) == "unknown"
    # unresolved actors compare by text
    assert side_match([actor("the protesters")], [actor("protesters")], RULES) == "strong"
    # generic codes compare by name: the UN is not the EU
    un, eu = actor("the UN", "IGO", "IGO", name="United Nations"), actor("the EU", "IGO", "IGO", name="European Union")
    assert side_match([un], [eu], RULES) == "conflict"


def test_an_army_and_its_rebels_are_never_one_actor():
    army, rsf = actor("the army", "SDN", "MIL"), actor("the RSF", "SDN", "REB")
    assert side_match([army], [rsf], RULES) == "conflict"
    # without codes too: "its aircraft" (the army) vs "its fighters" (the rebels)
    assert side_match([actor("its aircraft", sector="MIL")], [actor("its fighters", sector="REB")], RULES) == "conflict"
    assert side_match([actor("the army", sector="MIL")], [actor("the ministry", sector="GOV")], RULES) != "conflict"
    shelled = mention(A, "Rebel fighters shelled the market in El Fasher, killing 12.", actors=[rsf])
    struck = mention(B, "The army struck rebel positions near the market in El Fasher.", actors=[army], recipients=[rsf])
    assert len(merge_events([shelled, struck], infos(A, B)).merged) == 2


def test_two_articles_reporting_one_strike_become_one_event_with_two_sources():
    m1 = mention(A, "Israeli jets struck targets in Gaza overnight.", actors=[ISR_MIL], recipients=[PSE])
    m2 = mention(B, "The Israeli military carried out strikes on Gaza.", actors=[ISR], recipients=[PSE])
    other = mention(C, "Egyptian mediators met Israeli officials in Cairo.", "CONSULT", actors=[EGY], recipients=[ISR])
    result = merge_events([m1, m2, other], infos(A, B, C))
    assert len(result.merged) == 2
    strike = next(m for m in result.merged if m.event == "ASSAULT")
    assert sorted(strike.mention_ids) == sorted([m1.id, m2.id])
    assert (strike.num_mentions, strike.num_articles, strike.num_sources) == (2, 2, 2)
    assert strike.first_seen == strike.last_seen == "2024-05-08"
    assert strike.sources == ["news-one.example", "news-two.example"]


def test_conflicting_actors_or_types_stay_apart():
    m1 = mention(A, "Israeli jets struck targets in Gaza overnight.", actors=[ISR], recipients=[PSE])
    m2 = mention(B, "Egyptian jets struck targets in Gaza overnight.", actors=[EGY], recipients=[PSE])
    m3 = mention(B, "Israel accused Gaza of firing targets overnight.", "ACCUSE", actors=[ISR], recipients=[PSE])
    assert len(merge_events([m1, m2, m3], infos(A, B)).merged) == 3


def test_compatible_types_merge():
    m1 = mention(A, "Shells hit the market in the city.", "ASSAULT", actors=[ISR], recipients=[PSE])
    m2 = mention(B, "Troops fired on the market in the city.", "COERCE", actors=[ISR], recipients=[PSE])
    assert len(merge_events([m1, m2], infos(A, B)).merged) == 1


def test_date_windows_respect_precision():
    day = mention(A, "Israel struck Gaza on Sunday.", actors=[ISR], recipients=[PSE], date="2024-05-05")
    next_day = mention(B, "Israel struck Gaza on Monday.", actors=[ISR], recipients=[PSE], date="2024-05-06")
    far = mention(C, "Israel struck Gaza on May 20.", actors=[ISR], recipients=[PSE], date="2024-05-20", index=1)
    month = mention(C, "Israel struck Gaza in May.", actors=[ISR], recipients=[PSE], date="2024-05", precision="month",
                    index=2)
    # a day apart is within the slack of explicit dates; two weeks apart is another event
    assert len(merge_events([day, next_day], infos(A, B, C)).merged) == 1
    assert len(merge_events([day, far], infos(A, B, C)).merged) == 2
    # "in May" fits either, but the two days do not fit each other: no chaining through the month
    result = merge_events([day, far, month], infos(A, B, C))
    assert len(result.merged) == 2
    lo, hi = date_interval(month, slack=False)
    assert (lo.isoformat(), hi.isoformat()) == ("2024-05-01", "2024-05-31")
    pub = mention(A, "Israel struck Gaza.", actors=[ISR], recipients=[PSE])  # dated by publication only
    lo, hi = date_interval(pub, slack=False)
    assert (lo.isoformat(), hi.isoformat()) == ("2024-05-05", "2024-05-08")


def test_places_equal_or_nested():
    gaza_city = Place("Gaza City", geonameid=281133, country="PSE", admin1="Gaza", feature="city")
    rafah = Place("Rafah", geonameid=281129, country="PSE", admin1="Gaza", feature="city")
    palestine = Place("Palestine", country="PSE", feature="country")
    cairo = Place("Cairo", geonameid=360630, country="EGY", admin1="Cairo", feature="city")
    assert places_compatible(gaza_city, gaza_city)
    assert places_compatible(gaza_city, palestine)
    assert places_compatible(None, rafah)
    assert not places_compatible(gaza_city, rafah)
    assert not places_compatible(gaza_city, cairo)
    m1 = mention(A, "Israel struck Gaza City.", actors=[ISR], location=gaza_city)
    m2 = mention(B, "Israel struck Rafah.", actors=[ISR], location=rafah)
    m3 = mention(C, "Israel struck Palestine.", actors=[ISR], location=palestine)
    result = merge_events([m1, m2, m3], infos(A, B, C))
    assert len(result.merged) == 2  # the country-level report joins one of the two towns, not both


def test_unknown_actors_need_shared_words():
    m1 = mention(A, "Shelling of the El Fasher market killed traders.")
    m2 = mention(B, "Traders died when shells hit the El Fasher market.")
    m3 = mention(C, "A bomb exploded at a wedding in the capital.", index=3)
    result = merge_events([m1, m2, m3], infos(A, B, C))
    assert merged_sets(result) == sorted([(sorted([m1.id, m2.id]), 2, 2), ([m3.id], 1, 1)])


def test_near_duplicate_counts_once_and_adds_no_source():
    copy = article("Israeli jets struck targets in Gaza overnight, the army said. " * 3 + "Copy.",
                   "republisher.example", "2024-05-09", duplicate_of=A.id)
    m1 = mention(A, "Israeli jets struck targets in Gaza overnight.", actors=[ISR], recipients=[PSE])
    m2 = mention(copy, "Israeli jets struck targets in Gaza overnight.", actors=[ISR], recipients=[PSE])
    m3 = mention(B, "The Israeli military carried out strikes on Gaza.", actors=[ISR], recipients=[PSE])
    (merged,) = merge_events([m1, m2, m3], infos(A, B, copy)).merged
    assert merged.num_mentions == 3
    assert merged.num_articles == 2
    assert merged.num_sources == 2
    assert "republisher.example" not in merged.sources
    assert merged.last_seen == "2024-05-09"


def test_merging_does_not_depend_on_input_order():
    events = []
    arts = [A, B, C]
    for i in range(12):
        art = arts[i % 3]
        day = f"2024-05-{5 + (i % 4) * 2:02d}"
        side = [ISR] if i % 2 else [ISR_MIL]
        events.append(mention(art, f"Israel struck Gaza, sentence {i}.", actors=side, recipients=[PSE], date=day,
                              index=i))
    expected = merged_sets(merge_events(events, infos(*arts)))
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
