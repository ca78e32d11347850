"""Places the text places: villages by their bracketed or comma divisions, fallbacks with a precision,
and never an actor's country for the place. Sentences written for these tests."""

from __future__ import annotations

import pytest

from eventwire.model import Event, Evidence
from eventwire.resolve.where import locate_events, places_in
from eventwire.resolve.where.disambiguate import distance_km

pytestmark = pytest.mark.slow  # parses with spaCy


def place_of(analysis, text: str):
    found = [m.place for m in places_in(analysis) if m.text == text]
    assert found, [(m.text, m.place.name) for m in places_in(analysis)]
    return found[0]


def located(analysis, trigger: str, kind: str = "ASSAULT", quad: int = 4) -> Event:
    sentence = analysis.sentences[0].text
    start = sentence.index(trigger)
    ev = Event(event=kind, quad_class=quad,
               evidence=[Evidence(analysis.article.id, 0, sentence, (start, start + len(trigger)))])
    locate_events([ev], analysis, places_in(analysis))
    return ev


def test_a_village_the_gazetteer_lacks_is_placed_at_its_district_town(analyse):
    a = analyse("Gunmen burned granaries in Bandoula (Tchaourou, Borgou) on Monday.")
    village = place_of(a, "Bandoula")
    assert (village.name, village.country, village.precision, village.geonameid) == ("Bandoula", "BEN", 2, None)
    town = place_of(a, "Tchaourou")
    assert (village.latitude, village.longitude) == (town.latitude, town.longitude) and town.precision == 1
    ev = located(a, "burned")
    assert ev.location.name == "Bandoula" and ev.location.precision == 2


def test_a_village_with_an_unknown_district_falls_back_to_the_province(analyse):
    a = analyse("Militiamen attacked Kelemdi village (Mambasa, Nord-Kivu), killing four farmers.")
    ev = located(a, "attacked")
    # Mambasa is not in the gazetteer (Mombasa in Kenya is only its spelling neighbour): the province
    assert (ev.location.name, ev.location.country, ev.location.feature, ev.location.precision) == (
        "Kelemdi", "COD", "admin1", 3)


def test_niger_not_nigeria_and_never_the_actors_country(analyse):
    a = analyse("Nigerian troops repelled an attack on Kindjandi (Gueskerou, Diffa) on Friday.")
    ev = located(a, "repelled")
    assert ev.location.country == "NER" and ev.location.precision in (2, 3)
    assert distance_km(ev.location.latitude, ev.location.longitude, 13.32, 12.61) < 100  # Diffa
    nowhere = analyse("Nigerian troops repelled an attack on their base on Friday.")
    ev = located(nowhere, "repelled")
    assert (ev.location, ev.location_basis) == (None, "unknown")


def test_a_district_written_with_its_province(analyse):
    a = analyse("Insurgents clashed with soldiers in Khogyani district, Nangarhar, killing three.")
    ev = located(a, "clashed")
    assert (ev.location.country, ev.location.feature, ev.location.precision) == ("AFG", "admin1", 3)
    known = analyse("Insurgents clashed with soldiers in Tagab district, Kapisa.")
    ev = located(known, "clashed")  # the district's town stands for the district: precision 2
    assert (ev.location.name, ev.location.country, ev.location.precision) == ("Tagāb", "AFG", 2)


def test_near_a_town_is_precision_two(analyse):
    a = analyse("Artillery units exchanged fire near Izium, Kharkiv.")
    ev = located(a, "exchanged")
    assert (ev.location.name, ev.location.country, ev.location.precision) == ("Izyum", "UKR", 2)
    at = analyse("A shell hit a school in Kabul city.")
    ev = located(at, "hit")
    assert (ev.location.name, ev.location.precision) == ("Kabul", 1)


def test_a_namesake_on_another_continent_is_not_taken(analyse):
    a = analyse("Herders and farmers fought in Kokobou (Toucountouna, Atacora).")
    place = place_of(a, "Kokobou")
    assert place.country == "BEN" and place.precision == 2


def test_a_list_of_countries_is_not_a_chain_of_containers(analyse):
    a = analyse("Tests confirmed the virus in wild swans in Greece, Bulgaria, Italy and Austria.")
    assert [place_of(a, n).country for n in ("Greece", "Bulgaria", "Italy")] == ["GRC", "BGR", "ITA"]


def test_a_country_place_is_marked_as_such(analyse):
    a = analyse("Soldiers clashed with rebels in Mali.")
    ev = located(a, "clashed")
    assert (ev.location.feature, ev.location.precision) == ("country", 3)


def test_the_place_of_a_post_and_of_an_attacked_town(analyse):
    a = analyse("Gunmen attacked a Mandera police post overnight.")
    assert located(a, "attacked").location.name == "Mandera"
    b = analyse("Artillery shelled Avdiivka, Donetsk, overnight.")
    ev = located(b, "shelled")
    assert ev.location.country == "UKR" and ev.location.precision == 1


def test_a_village_after_a_verb_with_its_region_capital(analyse):
    # "Andriivka, Kyiv": the region around Kyiv (the gazetteer knows no division called "Kyiv")
    a = analyse("Artillery shelled Hlibivka, Kyiv, overnight.")
    ev = located(a, "shelled")
    assert (ev.location.name, ev.location.country, ev.location.precision) == ("Hlibivka", "UKR", 3)
    assert distance_km(ev.location.latitude, ev.location.longitude, 50.45, 30.52) < 5  # Kyiv's point
