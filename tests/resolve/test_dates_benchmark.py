"""The TimeML reader and scorer of benchmarks/dates.py, on a small document we wrote."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-08-08" temporalFunction="false" functionInDocument="CREATION_TIME">08/08/2024</TIMEX3></DCT>
<TEXT>
Rebels &amp; soldiers clashed <TIMEX3 tid="t1" type="DATE" value="2024-08-06">Tuesday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P3H">three hours</TIMEX3>.

Talks resume <TIMEX3 tid="t3" type="DATE" value="2024-W33">next week</TIMEX3>, officials said <TIMEX3 tid="t4" type="DATE" value="2024-08-08">today</TIMEX3>.
</TEXT>
</TimeML>
"""


def load_benchmark():
    spec = importlib.util.spec_from_file_location("dates_benchmark", ROOT / "benchmarks" / "dates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_reader_keeps_offsets_and_values(tmp_path):
    bench = load_benchmark()
    path = tmp_path / "T1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = bench.read_tml(path)
    assert doc.dct == "2024-08-08"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Tuesday", "DATE", "2024-08-06"), ("three hours", "DURATION", "P3H"),
        ("next week", "DATE", "2024-W33"), ("today", "DATE", "2024-08-08")]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
    assert "Rebels & soldiers" in doc.text


def test_scoring_counts_found_correct_spurious_and_other_types(tmp_path):
    bench = load_benchmark()
    path = tmp_path / "T1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = bench.read_tml(path)

    def at(text, value):
        start = doc.text.index(text)
        return (start, start + len(text), value, text)

    predictions = [at("Tuesday", "2024-08-06"), at("three hours", "P3H"), at("next week", "2024-W32"),
                   at("Rebels", "1999")]
    s = bench.score(doc, predictions)
    assert (s.gold, s.found, s.correct, s.spurious, s.other_type) == (3, 2, 1, 1, 1)
    assert round(s.precision, 3) == round(1 / 3, 3) and round(s.recall, 3) == round(1 / 3, 3)


def test_the_normaliser_on_the_sample(tmp_path, nlp):
    bench = load_benchmark()
    path = tmp_path / "T1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = bench.read_tml(path)
    s = bench.score(doc, bench.predict(nlp, doc))
    assert (s.gold, s.found, s.correct, s.spurious) == (3, 3, 3, 0)
