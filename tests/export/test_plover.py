"""PLOVER records from one event: PLOVER's own quad classes, end dates, no duplicate side, codebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.export import plover
from eventwire.export.plover import CODEBOOK, plover_record, quad_codes
from eventwire.export.rows import SourceIndex
from eventwire.ontology import PLOVER_TYPES
from eventwire.rules import read_table

#: PLOVER's own grouping of its categories into quad classes (the manual's table), written out apart from the data
PLOVER_QUADS = {
    1: ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    2: ("COOPERATE", "AID", "RETREAT"),
    3: ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    4: ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}


def event_row(event="ASSAULT", *, cameo="190", quad_class=4, **data):
    data = {"id": "e1", "event": event, "cameo": cameo, "cameo_root": cameo[:2], "quad_class": quad_class,
            "actor": [{"text": "the army", "code": "SDN", "sector": "MIL"}], "recipient": [], "evidence": [],
            "location": None, **data}
    return {"id": "e1", "date": "2024-01-04", "day": "2024-01-04", "data": data}


def record(row):
    return plover_record(row, SourceIndex(lambda ids: {}))


@pytest.mark.parametrize(("quad", "event"), [(q, e) for q, events in PLOVER_QUADS.items() for e in events])
def test_quad_code_is_plovers_own(quad, event):
    # the CAMEO quad class stored with the event (here always 1) is not what PLOVER's table says
    assert record(event_row(event, cameo="020", quad_class=1))["quad_code"] == quad


def test_every_plover_type_has_a_quad_class_and_no_other():
    assert set(quad_codes()) == set(PLOVER_TYPES) == {e for events in PLOVER_QUADS.values() for e in events}
    table = read_table(Path(plover.__file__).parent / "plover_quad.tsv")
    assert len(table) == len(PLOVER_TYPES)  # one row per type, none twice


def test_enddate_only_for_an_event_with_an_end():
    assert "enddate" not in record(event_row())
    assert record(event_row(date_end="2024-02-07"))["enddate"] == "2024-02-07"
    assert record(event_row(date_end="2024-02"))["enddate"] == "2024-02-29"  # a month ends on its last day


def test_one_acting_side_with_entity_text_and_a_codebook():
    rec = record(event_row())
    assert "source" not in rec and rec["actor"] == [{"code": "SDN", "sector": "MIL", "entity_text": "the army"}]
    assert rec["cite_info"]["codebook"] == CODEBOOK and rec["cite_info"]["version"]
    assert rec["cite_info"]["url"] is None
