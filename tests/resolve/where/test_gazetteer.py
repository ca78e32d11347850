"""The gazetteer index: transliterations, aliases, regions, cache."""

from __future__ import annotations

import pickle

from eventwire.resolve.where import gazetteer as gazetteer_module
from eventwire.resolve.where.gazetteer import Gazetteer, usable_alternate

JABALYA, DEIR_AL_BALAH, GAZA_CITY, KHAN_YOUNIS = 281129, 281141, 281133, 281124


def ids(matches):
    return {m.entry.geonameid for m in matches}


def test_jabalya_spellings_and_the_camp(gazetteer):
    for text in ("Jabalya", "Jabalia", "Jabaliya", "Jabālyā", "Jabalya refugee camp", "Jabalia camp"):
        assert JABALYA in ids(gazetteer.lookup(text)), text
    camp = gazetteer.lookup("Jabalya refugee camp")
    assert camp[0].feature == "camp" and camp[0].entry.cc == "PS"


def test_deir_al_balah_and_gaza_city(gazetteer):
    assert ids(gazetteer.lookup("Deir al-Balah")) == ids(gazetteer.lookup("Deir el-Balah")) == {DEIR_AL_BALAH}
    assert GAZA_CITY in ids(gazetteer.lookup("Gaza City"))
    assert GAZA_CITY in ids(gazetteer.lookup("Gaza"))
    assert KHAN_YOUNIS in ids(gazetteer.lookup("Khan Younis"))


def test_a_transliteration_not_listed_anywhere_meets_by_the_loose_key(gazetteer):
    # "Khan Younes" is in GeoNames; "Khaan Yunus" is not, and only the loose key finds it
    found = gazetteer.lookup("Khaan Yunus")
    assert found and found[0].quality == 2 and KHAN_YOUNIS in ids(found)
    assert gazetteer.lookup("Khaan Yunus", loose=False) == []


def test_ambiguous_names_have_all_their_readings(gazetteer):
    rafah = {(m.entry.cc, m.entry.feature) for m in gazetteer.lookup("Rafah")}
    assert {("PS", "city"), ("EG", "city")} <= rafah
    georgia = {(m.entry.cc, m.entry.feature) for m in gazetteer.lookup("Georgia")}
    assert {("GE", "country"), ("US", "admin1")} <= georgia


def test_countries_from_our_aliases_and_pycountry(gazetteer):
    for text, cc in (("Turkey", "TR"), ("Türkiye", "TR"), ("Palestinian Territories", "PS"), ("U.S.", "US"),
                     ("Britain", "GB"), ("Russian Federation", "RU"), ("Korea, Republic of", "KR")):
        assert any(m.entry.feature == "country" and m.entry.cc == cc for m in gazetteer.lookup(text)), text
    # pycountry's fuzzy search sends "Gaza" to Mozambique; ours prefers the city
    assert next(m for m in gazetteer.lookup("Gaza") if m.preferred).entry.geonameid == GAZA_CITY


def test_regions_have_points_and_admin1_names(gazetteer):
    laurel = gazetteer.lookup("Laurel County")[0].entry
    assert laurel.feature == "admin2" and laurel.cc == "US" and 36 < laurel.latitude < 38
    louisiana = gazetteer.admin1("US", "LA")
    assert louisiana.name == "Louisiana" and 29 < louisiana.latitude < 33 and louisiana.geonameid == 4331987
    assert gazetteer.admin1_name("PS", "GZ") == "Gaza Strip"
    us = gazetteer.country("USA")
    assert us is gazetteer.country("US") and 39 < us.latitude < 40.5
    assert gazetteer.state_for_abbreviation("Tenn.").name == "Tennessee"
    assert gazetteer.state_for_abbreviation("TX").name == "Texas"


def test_unknown_names_find_nothing(gazetteer):
    assert gazetteer.lookup("Concerns") == []
    assert gazetteer.lookup("") == []
    assert gazetteer.lookup("Xqzzyvillezz") == []


def test_alternate_name_filter():
    assert usable_alternate("Jabalia")
    assert not usable_alternate("GZA")  # an airport code
    assert not usable_alternate("ba li")  # a lowercase romanisation
    assert not usable_alternate("Джабалия")  # another script


def test_the_index_is_cached_and_a_broken_cache_is_rebuilt(tmp_path, monkeypatch):
    built = []

    def fake_build(cls, city_population=500):
        built.append(city_population)
        gaz = Gazetteer()
        gaz._add_name("Testville", gaz._add_entry(gazetteer_module.Entry(1, "Testville", 1.0, 2.0, "XX", "", "city", 5)),
                      alternate=False)
        return gaz

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(Gazetteer, "build", classmethod(fake_build))
    stale = tmp_path / "gazetteer-15000-0000000000000000.pickle"
    stale.write_bytes(b"from older inputs")
    other_size = tmp_path / "gazetteer-500-0000000000000000.pickle"
    other_size.write_bytes(b"another city size")
    load = gazetteer_module.load_gazetteer.__wrapped__
    first = load(15000)
    assert not stale.exists() and other_size.exists()
    cached = list(tmp_path.glob("gazetteer-15000-*.pickle"))
    assert built == [15000] and len(cached) == 1
    second = load(15000)
    assert built == [15000] and second.lookup("Testville")[0].entry.latitude == 1.0
    cached[0].write_bytes(b"not a pickle")
    third = load(15000)
    assert built == [15000, 15000] and third.lookup("Testville")
    assert pickle.loads(cached[0].read_bytes()).lookup("Testville")
    assert first.lookup("Testville")


def test_a_read_only_cache_directory_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file where the directory should be")
    monkeypatch.setattr(Gazetteer, "build", classmethod(lambda cls, city_population=500: Gazetteer()))
    assert isinstance(gazetteer_module.load_gazetteer.__wrapped__(15000), Gazetteer)
