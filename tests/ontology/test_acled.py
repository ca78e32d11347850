"""ACLED's typing table, one case per row of ontology/acled.tsv (a new row without a case fails)."""

from __future__ import annotations

import pytest

from eventwire import ontology
from eventwire.ontology import acled as A

#: (event, keys, actor, target) of a row -> a reading that row, and no row above it, decides:
#: (PLOVER types of the ACLED event, keys found, actor type, target type)
CASES = {
    ("*", "intercept", "*", "*"): (["ASSAULT"], {"intercept", "drone"}, "state", "external"),
    ("*", "defuse", "*", "*"): (["COERCE"], {"defuse", "explosives"}, "state", "none"),
    ("*", "barricades&!killed", "!nonstate", "*"): (["ASSAULT", "PROTEST"], {"barricades", "mob"}, "rioters", "state"),
    ("PROTEST", "riot-mode&clash", "armed", "*"): (["PROTEST"], {"riot-mode", "clash"}, "identity militia", "none"),
    ("PROTEST", "riot-mode&clash", "*", "!state"): (["PROTEST"], {"riot-mode", "clash"}, "protesters", "none"),
    ("*", "protest&violent", "!nonstate", "*"): (["PROTEST", "ASSAULT"], {"protest", "violent"}, "protesters", "state"),
    ("*", "protest&clash", "!nonstate", "*"): (["PROTEST"], {"protest", "clash"}, "protesters", "none"),
    ("*", "protest&harm&!intervention", "protesters|rioters", "*"): (
        ["PROTEST", "ASSAULT"], {"protest", "harm"}, "protesters", "civilians"),
    ("*", "violent&crowd-control&!mob", "*", "*"): (["ASSAULT"], {"violent", "crowd-control"}, "state", "civilians"),
    ("*", "protest&lethal-force&harm", "state|external", "*"): (
        ["ASSAULT", "PROTEST"], {"protest", "lethal-force", "harm", "killed"}, "state", "protesters"),
    ("*", "protest&intervention", "*", "*"): (["PROTEST", "COERCE"], {"protest", "intervention"}, "protesters", "state"),
    ("*", "protest&crowd-control", "*", "*"): (["PROTEST", "ASSAULT"], {"protest", "crowd-control"}, "protesters", "state"),
    ("PROTEST", "protest", "*", "*"): (["PROTEST"], {"protest"}, "protesters", "none"),
    ("*", "riot", "*", "!civilians"): (["PROTEST"], {"riot"}, "none", "none"),
    ("PROTEST", "riot-mode&mob", "*", "*"): (["PROTEST"], {"riot-mode", "mob"}, "rioters", "none"),
    ("PROTEST", "riot-mode", "rioters|protesters", "*"): (["PROTEST"], {"riot-mode"}, "rioters", "none"),
    ("PROTEST", "riot-mode", "civilians|party", "*"): (["PROTEST"], {"riot-mode"}, "civilians", "none"),
    ("PROTEST", "riot-mode", "*", "*"): (["PROTEST"], {"riot-mode"}, "political militia", "none"),
    ("ASSAULT", "suicide-attack", "*", "*"): (["ASSAULT"], {"suicide-attack", "explosion"}, "rebel", "civilians"),
    ("ASSAULT", "unconventional", "*", "*"): (["ASSAULT"], {"unconventional"}, "state", "civilians"),
    ("ASSAULT", "drone", "*", "*"): (["ASSAULT"], {"drone", "heavy-weapons"}, "external", "rebel"),
    ("ASSAULT", "aerial", "*", "*"): (["ASSAULT"], {"aerial"}, "state", "rebel"),
    ("ASSAULT", "explosives", "*", "*"): (["ASSAULT"], {"explosives", "explosion"}, "rebel", "state"),
    ("ASSAULT", "grenade&firearms", "*", "armed"): (["ASSAULT"], {"grenade", "firearms"}, "political militia", "state"),
    ("ASSAULT", "grenade", "*", "*"): (["ASSAULT"], {"grenade"}, "political militia", "civilians"),
    ("ASSAULT", "heavy-weapons&!clash", "*", "*"): (["ASSAULT"], {"heavy-weapons"}, "external", "none"),
    ("ASSAULT", "explosion&!clash", "state|external", "*"): (["ASSAULT"], {"explosion"}, "state", "rebel"),
    ("ASSAULT", "explosion&!clash", "*", "*"): (["ASSAULT"], {"explosion"}, "none", "civilians"),
    ("*", "regain&nonviolent", "*", "*"): (["ASSAULT"], {"regain", "nonviolent", "clash"}, "state", "none"),
    ("*", "territory&nonviolent", "*", "*"): (["RETREAT"], {"territory", "nonviolent"}, "external", "none"),
    ("ASSAULT", "regain", "state", "*"): (["ASSAULT"], {"regain", "clash"}, "state", "external"),
    ("ASSAULT", "territory", "state", "*"): (["ASSAULT"], {"territory"}, "state", "rebel"),
    ("ASSAULT", "territory", "*", "*"): (["ASSAULT"], {"territory"}, "rebel", "state"),
    ("ASSAULT", "sexual", "*", "*"): (["ASSAULT"], {"sexual"}, "state", "civilians"),
    ("ASSAULT", "abduct&!killed&!attacked&!clash", "armed|none", "*"): (["ASSAULT"], {"abduct"}, "rebel", "civilians"),
    ("COERCE", "deport", "armed", "*"): (["COERCE"], {"deport", "abduct"}, "external", "civilians"),
    ("ASSAULT", "property&!harm&!attacked&!clash", "!unarmed", "*"): (
        ["ASSAULT"], {"property", "destroy"}, "political militia", "none"),
    ("ASSAULT", "clash&communal&!attacked", "!state", "!state"): (
        ["ASSAULT"], {"clash", "communal", "harm"}, "none", "civilians"),
    ("ASSAULT", "clash&communal", "!state", "!state|civilians"): (
        ["ASSAULT"], {"clash", "communal", "attacked"}, "identity militia", "identity militia"),
    ("ASSAULT", "mob", "*", "*"): (["ASSAULT"], {"mob", "harm"}, "political militia", "civilians"),
    ("ASSAULT", "*", "protesters", "!protesters"): (["ASSAULT"], {"harm"}, "protesters", "civilians"),
    ("ASSAULT", "*", "unarmed", "*"): (["ASSAULT"], {"harm"}, "civilians", "civilians"),
    ("ASSAULT", "*", "armed", "armed"): (["ASSAULT"], {"harm"}, "rebel", "state"),
    ("ASSAULT", "clash", "*", "!civilians"): (["ASSAULT"], {"clash"}, "none", "none"),
    ("ASSAULT", "*", "armed", "*"): (["ASSAULT"], {"harm"}, "political militia", "civilians"),
    ("ASSAULT", "*", "none", "armed"): (["ASSAULT"], {"harm"}, "none", "state"),
    ("ASSAULT", "*", "*", "*"): (["ASSAULT"], {"harm"}, "none", "civilians"),
    ("*", "displacement", "*", "*"): (["RETREAT"], {"displacement", "nonviolent"}, "none", "civilians"),
    ("*", "surrender", "*", "*"): (["COERCE"], {"surrender"}, "rebel", "state"),
    ("AGREE", "*", "*", "*"): (["AGREE"], set(), "state", "rebel"),
    ("CONCEDE", "ceasefire", "*", "*"): (["CONCEDE"], {"ceasefire"}, "state", "none"),
    ("RETREAT", "ceasefire", "*", "*"): (["RETREAT"], {"ceasefire"}, "rebel", "state"),
    ("RETREAT", "release&agreement", "*", "*"): (["RETREAT"], {"release", "agreement"}, "state", "external"),
    ("COOPERATE", "group-change", "*", "*"): (["COOPERATE"], {"group-change"}, "state", "rebel"),
    ("COOPERATE", "agreement", "*", "*"): (["COOPERATE"], {"agreement"}, "rebel", "rebel"),
    ("MOBILIZE", "base", "*", "*"): (["MOBILIZE"], {"base"}, "rebel", "none"),
    ("MOBILIZE", "*", "*", "*"): (["MOBILIZE"], set(), "external", "none"),
    ("COERCE", "arrest", "*", "*"): (["COERCE"], {"arrest"}, "state", "civilians"),
    ("COERCE", "loot", "*", "*"): (["COERCE"], {"loot"}, "political militia", "civilians"),
    ("COERCE", "seize&property", "*", "*"): (["COERCE"], {"seize", "property"}, "rebel", "none"),
    ("COERCE", "*", "*", "*"): (["COERCE"], set(), "state", "civilians"),
    ("RETREAT", "withdraw&!displacement", "armed", "*"): (["RETREAT"], {"withdraw"}, "external", "none"),
    ("RETREAT", "*", "armed", "*"): (["RETREAT"], {"release"}, "rebel", "civilians"),
    ("THREATEN", "*", "nonstate", "*"): (["THREATEN"], set(), "political militia", "civilians"),
}


def _key(row: A.AcledRow) -> tuple[str, str, str, str]:
    return row.event, "&".join(row.keys) or "*", row.actor, row.target


def test_every_row_has_a_case_and_every_case_a_row():
    keys = [_key(r) for r in A.rows()]
    assert len(keys) == len(set(keys)), "two rows read the same; the second can never win"
    assert set(keys) == set(CASES), {"rows without a case": set(keys) - set(CASES),
                                     "cases without a row": set(CASES) - set(keys)}


@pytest.mark.parametrize("row", A.rows(), ids=lambda r: f"line{r.line}:{r.acled_subtype}")
def test_the_row_decides_its_case(row):
    events, keys, actor, target = CASES[_key(row)]
    found = A.acled_type(events, keys, actor, target)
    assert found is not None and found[2] == row, (found[2].line if found else None, row.line)
    assert (found[0], found[1]) == (row.acled_type, row.acled_subtype)


def test_types_and_sub_types_are_acleds():
    subtypes = {"Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
                "Explosions/Remote violence": {"Air/drone strike", "Grenade", "Remote explosive/landmine/IED",
                                               "Shelling/artillery/missile attack", "Suicide bomb", "Chemical weapon"},
                "Protests": {"Excessive force against protesters", "Peaceful protest", "Protest with intervention"},
                "Riots": {"Mob violence", "Violent demonstration"},
                "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                                           "Headquarters or base established", "Looting/property destruction",
                                           "Non-violent transfer of territory", "Other"},
                "Violence against civilians": {"Abduction/forced disappearance", "Attack", "Sexual violence"}}
    for row in A.rows():
        assert row.acled_subtype in subtypes[row.acled_type], row.line
    assert {r.acled_subtype for r in A.rows()} == set().union(*subtypes.values())


def test_verbal_events_have_no_acled_type():
    assert ontology.acled_for("ACCUSE", "allege") is None
    assert ontology.acled_for("CONSULT") is None


@pytest.mark.parametrize(
    "side, code",
    [("state", 1), ("rebel", 2), ("political militia", 3), ("identity militia", 4), ("rioters", 5),
     ("protesters", 6), ("civilians", 7), ("external", 8), ("none", 0)],
)
def test_inter_codes(side, code):
    assert A.inter_code(side) == code


def test_a_states_forces_abroad_are_external():
    assert A.side_type("state", "RUS", "UKR") == "external"
    assert A.side_type("state", "UKR", "UKR") == "state"
    assert A.kind_of(None, "MIL", "IGO") == "external"  # UN peacekeepers
    assert A.kind_of(None, "IGO", "IGO") == "civilians"  # an agency's staff


@pytest.mark.parametrize(
    "text, feature",
    [
        ("Unknown gunmen threw a hand grenade at the house.", "grenade"),
        ("The town was shelled with 122mm artillery.", "heavy-weapons"),
        ("A roadside bomb hit the convoy.", "explosives"),
        ("A suicide bomber blew himself up at the gate.", "suicide-attack"),
        ("A drone struck a car.", "drone"),
        ("Warplanes carried out air strikes on the camp.", "aerial"),
        ("Police used tear gas to disperse the crowd.", "intervention"),
        ("Demonstrators burned tyres and blocked the main road.", "violent"),
        ("Soldiers defused an IED found near the market.", "defuse"),
    ],
)
def test_features_from_words(text, feature):
    assert feature in A.features_in(text)


@pytest.mark.parametrize("text", ["Russia fired cruise missiles at the city.", "A ballistic missile hit the port.",
                                  "Militants fired rockets at the town."])
def test_missiles_and_rockets_are_heavy_weapons_not_air_strikes(text):
    """Mutation this catches: "missiles?" moved from heavy-weapons to aerial in acled_words.yaml."""
    found = A.features_in(text)
    assert "heavy-weapons" in found and "aerial" not in found and "drone" not in found


def test_the_month_march_is_not_a_protest():
    assert "protest" not in A.features_in("On 10 March 2022, the army shelled the town.")
