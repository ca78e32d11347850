"""Choosing the place a name means from the article around it (texts written for these tests)."""

from __future__ import annotations

import pytest

from eventwire.resolve.where import places_in

pytestmark = pytest.mark.slow  # parses with spaCy


def resolved(analysis, name: str):
    found = [p for p in places_in(analysis) if p.text == name]
    assert found, f"{name!r} not found in {[p.text for p in places_in(analysis)]}"
    return found[0].place


def test_rafah_in_gaza(analyse):
    a = analyse("Israeli tanks pushed into Rafah on Tuesday, residents said, as air strikes hit Khan Younis "
                "and Deir al-Balah in the Gaza Strip.")
    rafah = resolved(a, "Rafah")
    assert rafah.country == "PSE" and rafah.geonameid == 281102
    assert resolved(a, "Khan Younis").country == "PSE"


def test_rafah_in_egypt(analyse):
    a = analyse("Egyptian officials in Rafah, a border town in North Sinai, said aid trucks waited at El Arish "
                "before crossing.")
    rafah = resolved(a, "Rafah")
    assert rafah.country == "EGY" and rafah.geonameid == 350350


def test_georgia_the_country_next_to_tbilisi(analyse):
    a = analyse("Prime Minister Irakli Kobakhidze said Georgia would not resume talks with Brussels, speaking "
                "to reporters in Tbilisi on Monday.")
    georgia = resolved(a, "Georgia")
    assert georgia.country == "GEO" and georgia.feature == "country"
    assert resolved(a, "Tbilisi").feature == "city"


def test_georgia_the_state_next_to_atlanta(analyse):
    a = analyse("Voters in Atlanta waited for hours as Georgia counted ballots, and officials in Savannah said "
                "turnout was high.")
    georgia = resolved(a, "Georgia")
    assert georgia.country == "USA" and georgia.feature == "admin1" and georgia.name == "Georgia"
    assert resolved(a, "Savannah").admin1 == "Georgia"


def test_paris_texas_and_paris_france(analyse):
    texas = resolved(analyse("The storm damaged dozens of homes in Paris, Texas, and in nearby Sulphur Springs."),
                     "Paris")
    assert texas.country == "USA" and texas.admin1 == "Texas"
    tennessee = resolved(analyse("A fire destroyed a warehouse in Paris, Tenn., late on Friday."), "Paris")
    assert tennessee.country == "USA" and tennessee.admin1 == "Tennessee"
    france = resolved(analyse("Talks resumed in Paris, where French officials met envoys from Berlin and Rome."),
                      "Paris")
    assert france.country == "FRA"


def test_one_sense_per_article(analyse):
    a = analyse("Flooding closed roads around Alexandria, Louisiana, on Sunday.\n\n"
                "Alexandria police said two bridges in Alexandria were shut.")
    places = [p.place for p in places_in(a) if p.text == "Alexandria"]
    assert len(places) == 3
    assert {(p.country, p.admin1) for p in places} == {("USA", "Louisiana")}


def test_every_mention_keeps_runner_up_readings(analyse):
    a = analyse("Crowds gathered in Rafah on Friday.")
    rafah = [p for p in places_in(a) if p.text == "Rafah"][0]
    assert {alt.country for alt in rafah.alternatives} == {"EGY"}
    assert 0.5 < rafah.confidence <= 1.0


def test_a_list_of_states_keeps_washington_a_state(analyse):
    a = analyse("Health officials reported new cases in Washington, Oregon and Idaho on Thursday.")
    washington = resolved(a, "Washington")
    assert washington.feature == "admin1" and washington.country == "USA"
    capital = resolved(analyse("Officials in Washington said the talks would continue."), "Washington")
    assert capital.feature == "city" and capital.admin1 is not None


def test_a_country_name_is_the_country(analyse):
    mexico = resolved(analyse("Drug violence in Mexico has killed hundreds this year."), "Mexico")
    assert mexico.feature == "country" and mexico.country == "MEX"
