"""The ontology tables and the lexicon are consistent and cover PLOVER and CAMEO."""

from __future__ import annotations

from eventwire import ontology
from eventwire.code import lexicon
from eventwire.ontology import _acled, _cameo


def test_every_cameo_code_maps_to_a_plover_type_and_one_of_its_modes():
    for code in _cameo().values():
        assert code.plover in ontology.PLOVER_TYPES, code
        assert code.plover_mode is None or code.plover_mode in ontology.plover_modes(code.plover), code
        assert code.root == code.code[:2] and code.quad_class in (1, 2, 3, 4)
        assert -10 <= code.goldstein <= 10


def test_conversion_facts():
    # CAMEO to PLOVER conversion (PLOVER manual 2021) and the codebook's definitions
    expected = {"042": ("CONSULT", "visit"), "0841": ("RETREAT", "release"), "057": ("SUPPORT", None),
                "163": ("SANCTION", "discontinue"), "173": ("COERCE", "arrest"), "195": ("ASSAULT", "aerial"),
                "116": ("SANCTION", "convict"), "145": ("PROTEST", "riot"), "1831": ("ASSAULT", "suicide-attack")}
    for code, (event, mode) in expected.items():
        found = ontology.cameo(code)
        assert (found.plover, found.plover_mode) == (event, mode)


def test_quad_and_pentaclass():
    assert [ontology.quad_class(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [ontology.pentaclass(r) for r in ("02", "03", "07", "12", "18")] == [0, 1, 2, 3, 4]


def test_nearest_parent_code():
    assert ontology.cameo("1952").code == "195" and ontology.cameo("99") is None


def test_every_plover_type_has_a_default_cameo_code():
    for event in ontology.PLOVER_TYPES:
        assert ontology.cameo_for_plover(event).plover == event


def test_acled_rows_use_known_types_and_sectors_decide():
    for rule in _acled():
        assert rule.event == "*" or rule.event in ontology.PLOVER_TYPES
    assert ontology.acled_for("ASSAULT", "aerial") == ("Explosions/Remote violence", "Air/drone strike")
    assert ontology.acled_for("ASSAULT", None, (), "MIL", "CVL") == ("Violence against civilians", "Attack")
    assert ontology.acled_for("ASSAULT", None, (), "MIL", "REB") == ("Battles", "Armed clash")
    assert ontology.acled_for("ASSAULT", None, ("territory",), "REB", None)[1] == "Non-state actor overtakes territory"
    assert ontology.acled_for("PROTEST", "riot") == ("Riots", "Violent demonstration")
    assert ontology.acled_for("COERCE", "arrest")[1] == "Arrests"
    assert ontology.acled_for("ACCUSE", "allege") is None


def test_acled_sub_event_types_named_in_the_issue_are_all_reachable():
    wanted = {"Armed clash", "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
              "Grenade", "Suicide bomb", "Chemical weapon", "Attack", "Abduction/forced disappearance",
              "Sexual violence", "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
              "Violent demonstration", "Mob violence", "Arrests", "Agreement", "Change to group/activity",
              "Headquarters or base established", "Non-state actor overtakes territory", "Government regains territory",
              "Non-violent transfer of territory", "Looting/property destruction", "Disrupted weapons use", "Other"}
    assert wanted <= {rule.acled_subtype for rule in _acled()}


def test_lexicon_covers_every_plover_type_and_cameo_root():
    triggers = [t for table in (lexicon.verbs(), lexicon.nouns()) for ts in table.values() for t in ts if t.is_event]
    assert {t.event for t in triggers} == set(ontology.PLOVER_TYPES)
    assert {t.cameo.root for t in triggers} >= {f"{r:02d}" for r in range(1, 21)}
    assert len({t.words for t in triggers if t.kind == "verb"}) > 700


def test_lexicon_rows_are_checked_when_loaded():
    # every mode in the lexicon belongs to its type (the loader raises otherwise)
    for table in (lexicon.verbs(), lexicon.nouns()):
        for ts in table.values():
            for t in ts:
                if t.is_event and t.mode:
                    assert t.mode in ontology.plover_modes(t.event)
