"""Toponym recognition: spaCy's entities plus the gazetteer, without false hits."""

from __future__ import annotations

import pytest

from eventwire.resolve.where import PlaceFinder, places_in

pytestmark = pytest.mark.slow  # parses with spaCy


def texts(analysis, finder=None):
    return [p.text for p in (finder.places_in(analysis) if finder else places_in(analysis))]


def test_camp_and_transliterations_spacy_mislabels(analyse):
    a = analyse("The Jabalya refugee camp in northern Gaza was hit overnight. "
                "Residents fled Jabalia and Beit Lahia for Deir el-Balah.")
    places = {p.text: p for p in places_in(a)}
    camp = places["Jabalya refugee camp"].place
    assert camp.feature == "camp" and camp.geonameid == 281129 and camp.country == "PSE"
    assert camp.latitude == pytest.approx(31.527, abs=0.01) and camp.longitude == pytest.approx(34.483, abs=0.01)
    assert places["Jabalia"].place.geonameid == 281129
    assert places["Beit Lahia"].place.geonameid == 281145
    assert places["Deir el-Balah"].place.geonameid == 281141


def test_offsets_point_into_the_article_and_the_sentence(analyse):
    text = "Heading\n\nTroops left Gaza City. Officials met in Doha."
    a = analyse(text)
    for mention in places_in(a):
        assert text[mention.start:mention.end] == mention.text
        sentence = a.sentences[mention.sentence_index].text
        assert sentence[mention.place.start:mention.place.end] == mention.text
    assert texts(a) == ["Gaza City", "Doha"]


def test_no_flood_of_towns_named_like_common_words(analyse):
    a = analyse("The Mission was a Grand success, said Hope Alexander, who thanked the Police and the Union "
                "for their Concerns.")
    assert texts(a) == []


def test_untagged_words_need_a_preposition_or_a_state(analyse):
    a = analyse("Officials from Mansfield met on Friday. Mansfield said nothing, and Reading was cancelled.")
    found = texts(a)
    assert found[0] == "Mansfield" and "Reading" not in found  # the second Mansfield: same name, same place


def test_demonyms_are_country_mentions_but_marked(analyse):
    a = analyse("Egyptian mediators met Qatari envoys in Cairo.")
    by_text = {p.text: p for p in places_in(a)}
    assert by_text["Egyptian"].recogniser == "demonym" and by_text["Egyptian"].place.country == "EGY"
    assert by_text["Cairo"].recogniser.startswith("ner:")


def test_recognition_modes(analyse, gazetteer):
    a = analyse("Strikes hit Khan Younis and Jabalia on Monday, officials in Gaza said. "
                "The Jabalya refugee camp was shelled.")
    ner_only = texts(a, PlaceFinder(gazetteer, use_gazetteer=False))
    gazetteer_only = texts(a, PlaceFinder(gazetteer, use_ner=False))
    both = texts(a)
    assert set(ner_only) <= set(both) and set(gazetteer_only) <= set(both)
    assert {"Khan Younis", "Jabalia", "Gaza", "Jabalya refugee camp"} <= set(both)
    assert "Gaza" in gazetteer_only  # capitalised, after "in": the gazetteer alone finds it


def test_bad_input_gives_no_places_and_no_error(analyse):
    assert places_in(analyse("\u200b\u200b ... ;;; 12345 \x00")) == []
    assert places_in(analyse("a" * 5000)) == []
    skipped = analyse("Texto en español sobre Madrid.")
    skipped.skipped = "not English (es)"
    assert places_in(skipped) == []


def test_entities_widen_to_the_longest_known_name(analyse):
    a = analyse("Researchers from Belgium, Australia, Democratic Republic of the Congo and Denmark took part.")
    congo = [p for p in places_in(a) if "Congo" in p.text]
    assert congo and congo[0].text == "Democratic Republic of the Congo" and congo[0].place.country == "COD"


def test_part_of_an_unknown_longer_name_is_not_taken(analyse):
    a = analyse("Nineteen people have died of the disease in Upper Wobbleshire Midlands since May.")
    assert "Midlands" not in texts(a)
