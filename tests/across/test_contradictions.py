"""Contradictions: a corpus we wrote where two sources disagree on a death toll and a date."""

from __future__ import annotations

from story_helpers import actor, article, infos, mention

from eventwire.across.contradictions import find_contradictions
from eventwire.across.merge import merge_events
from eventwire.db import Eventwire
from eventwire.model import Count
from eventwire.pipeline import across_articles
from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput

# Two outlets report one shelling of a market. The first article was published
# on Monday 2024-03-11 and says "on Sunday" (2024-03-10); the second, published
# on Tuesday, says "on Saturday" (2024-03-09). One counts at least 12 dead
# (medics), the other 31 (a local committee). A third outlet gives "about 30",
# which is close enough to 31 not to be a dispute with it (but is one with 12),
# and a militia denies the shelling.
MEDICS = article(
    "KORVA - At least 12 people were killed when shells hit the central market of Korva on Sunday, medics said.\n\n"
    "The market was crowded with traders.", "Valley Tribune", "2024-03-11", title="Shelling kills 12 in Korva market")
COMMITTEE = article(
    "A local committee said 31 people were killed in the shelling of the Korva market on Saturday.\n\n"
    "The committee blamed the militia for the attack.", "Coastal Herald", "2024-03-12",
    title="Committee says 31 killed in Korva market shelling")
THIRD = article(
    "About 30 people died when shelling hit the Korva market, aid workers said.\n\n"
    "Aid workers said hospitals were overwhelmed.", "Plains Daily", "2024-03-12",
    title="Aid workers count about 30 dead in Korva")
DENIAL = article(
    "A militia spokesman said its fighters had not shelled the Korva market and blamed the army.\n\n"
    "He gave no evidence.", "Plains Daily", "2024-03-13", title="Militia denies Korva shelling")
MILITIA = actor("the militia", "XYZ", "REB", name="Korva Militia")


def corpus_events():
    medics = mention(MEDICS, "At least 12 people were killed when shells hit the central market of Korva on Sunday, "
                     "medics said.", actors=[MILITIA], date="2024-03-10", basis="relative",
                     counts=[Count("killed", 12, qualifier="at least", text="At least 12", source="medics")])
    committee = mention(COMMITTEE, "A local committee said 31 people were killed in the shelling of the Korva market "
                        "on Saturday.", actors=[MILITIA], date="2024-03-09", basis="relative",
                        counts=[Count("killed", 31, text="31", source="a local committee")])
    third = mention(THIRD, "About 30 people died when shelling hit the Korva market, aid workers said.",
                    actors=[MILITIA], counts=[Count("killed", 30, qualifier="about", text="About 30")])
    denial = mention(DENIAL, "A militia spokesman said its fighters had not shelled the Korva market.",
                     actors=[MILITIA], modality="negated", date="2024-03-10", precision="week", basis="relative")
    return medics, committee, third, denial


def by_kind(contradictions):
    return {c.kind: c for c in contradictions}


def test_death_toll_and_date_disagreements_are_both_flagged_with_their_sources():
    medics, committee, third, _ = corpus_events()
    result = merge_events([medics, committee, third], infos(MEDICS, COMMITTEE, THIRD))
    (merged,) = result.merged
    found = by_kind(find_contradictions(merged, result.members[merged.id]))
    assert set(found) == {"count", "date"}
    toll = found["count"]
    assert toll.subject == "killed"
    sides = {(s.value, s.source, s.attribution) for s in toll.sides}
    # "about 30" is close to 31 but not to "at least 12": it joins the dispute as a third side
    assert sides == {("at least 12", "Valley Tribune", "medics"), ("31", "Coastal Herald", "a local committee"),
                     ("about 30", "Plains Daily", None)}
    assert {s.article_id for s in toll.sides} == {MEDICS.id, COMMITTEE.id, THIRD.id}
    assert any("medics said" in s.sentence for s in toll.sides)
    date = found["date"]
    assert {(s.value, s.source) for s in date.sides} == {("2024-03-10", "Valley Tribune"), ("2024-03-09", "Coastal Herald")}


def test_estimates_close_to_a_figure_and_one_outlets_own_reports_are_no_dispute():
    _, committee, third, _ = corpus_events()
    result = merge_events([committee, third], infos(COMMITTEE, THIRD))
    (merged,) = result.merged
    assert find_contradictions(merged, result.members[merged.id]) == []
    follow_up = article("Medics in Korva said on Tuesday that the toll from the market shelling stood at 14. " * 2,
                        "Valley Tribune", "2024-03-12")
    medics, *_ = corpus_events()
    again = mention(follow_up, "The toll from the market shelling in Korva stood at 14, medics said.", actors=[MILITIA],
                    counts=[Count("killed", 14, source="medics")])
    result = merge_events([medics, again], infos(MEDICS, follow_up))
    (merged,) = result.merged
    assert find_contradictions(merged, result.members[merged.id]) == []  # same outlet updating its figure


def test_asserted_by_one_source_and_denied_by_another():
    medics, _, _, denial = corpus_events()
    result = merge_events([medics, denial], infos(MEDICS, DENIAL))
    (merged,) = result.merged
    assert merged.modality == "asserted"
    found = by_kind(find_contradictions(merged, result.members[merged.id]))
    assert set(found) == {"negation"}
    assert {(s.value, s.source) for s in found["negation"].sides} == {
        ("asserted", "Valley Tribune"), ("negated", "Plains Daily")}


def test_contradictions_are_stored_and_listed_through_the_api(store_location, monkeypatch):
    """Stored in the batch transaction and read back with both sides; two runs, one per article."""
    import numpy as np

    monkeypatch.setattr("eventwire.across.embed.embed", lambda texts: np.eye(len(texts), 384, dtype=np.float32))
    medics, committee, third, denial = corpus_events()
    with Eventwire(store_location) as ew:
        for art, ev in ((MEDICS, medics), (COMMITTEE, committee), (THIRD, third), (DENIAL, denial)):
            across = across_articles(ew.store, [art], [ev], {})
            ew.store.write_batch(Batch([art], stages=StageOutput([ev]), across=across))
        rows = ew.contradictions()
        assert sorted(r["kind"] for r in rows) == ["count", "date", "negation"]
        toll = next(r for r in rows if r["kind"] == "count")
        assert "at least 12 (Valley Tribune)" in toll["summary"] and "31 (Coastal Herald)" in toll["summary"]
        (merged,) = ew.merged_events()
        assert merged["num_mentions"] == 4 and merged["num_sources"] == 3
        detail = ew.merged_event(merged["id"][:8])
        assert len(detail["mentions"]) == 4 and len(detail["contradictions"]) == 3
