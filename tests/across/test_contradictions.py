"""Contradictions and updates: a corpus we wrote about one shelling of the Korva market.

Korva is a town we made up. The shelling happened on Sunday 2024-03-10.
Outlets publish on Monday 2024-03-11 and later; they disagree, update their
figures, and one source denies the shelling.
"""

from __future__ import annotations

import pytest
from story_helpers import actor, article, infos, mention

from eventwire.across.contradictions import find_contradictions
from eventwire.across.merge import merge_events
from eventwire.db import Eventwire
from eventwire.model import Count, Place
from eventwire.pipeline import across_articles
from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput

KORVA = Place("Korva", geonameid=9990001, latitude=12.5, longitude=24.3, country="XYZ", admin1="North", feature="city")
MILITIA = actor("the militia", "XYZ", "REB", name="Korva Militia")
MARKET = actor("the central market", name="Korva market")


def outlet(name: str, published: str, text: str):
    return article(f"{text}\n\nThe market was crowded with traders. " * 2, name, published, title=text[:40])


MON_A = outlet("Valley Tribune", "2024-03-11", "Shells hit the central market of Korva on Sunday, medics said.")
MON_B = outlet("Coastal Herald", "2024-03-11", "A local committee counted the dead after the Korva market shelling.")
TUE_C = outlet("Plains Daily", "2024-03-12", "The toll of the Korva market shelling rose, aid workers said.")
WED_D = outlet("Hill Courier", "2024-03-13", "A militia spokesman denied the Korva shelling.")


def shelling(art, sentence: str, *, counts=(), date="2024-03-10", basis="relative", modality="asserted",
             attribution=None, index=0, date_text="Sunday"):
    ev = mention(art, sentence, actors=[MILITIA], location=KORVA, date=date, basis=basis, counts=list(counts),
                 modality=modality, index=index)
    ev.attribution = attribution
    ev.date_text = date_text if basis != "publication" else None
    if basis == "publication":
        ev.date, ev.date_basis = art.published, "publication"
    return ev


def contradictions_of(*pairs):
    events = [e for e, _ in pairs]
    result = merge_events(events, infos(*{a.id: a for _, a in pairs}.values()))
    assert len(result.merged) == 1, [m.mention_ids for m in result.merged]
    (merged,) = result.merged
    return merged, find_contradictions(merged, result.members[merged.id])


def test_two_tolls_reported_the_same_day_are_a_dispute_with_its_reasons():
    a = shelling(MON_A, "Twelve people were killed when shells hit the Korva market on Sunday, medics said.",
                 counts=[Count("killed", 12, text="Twelve", source="medics")], attribution="medics")
    b = shelling(MON_B, "A local committee said 31 people were killed in the shelling of the Korva market on Sunday.",
                 counts=[Count("killed", 31, text="31", source="a local committee")], attribution="a local committee")
    _, found = contradictions_of((a, MON_A), (b, MON_B))
    (toll,) = found
    assert (toll.kind, toll.subject) == ("count", "killed")
    assert {(s.value, s.source, s.attribution, s.published, s.date) for s in toll.sides} == {
        ("12", "Valley Tribune", "medics", "2024-03-11", "2024-03-10"),
        ("31", "Coastal Herald", "a local committee", "2024-03-11", "2024-03-10")}
    assert toll.why.startswith("killed: ")
    assert "12 (Valley Tribune, citing medics, reported 2024-03-11)" in toll.why
    assert "31 (Coastal Herald, citing a local committee, reported 2024-03-11)" in toll.why
    assert "reported the same day" in toll.why and "place" in toll.why


def test_a_later_higher_toll_is_an_update_not_a_dispute():
    a = shelling(MON_A, "At least 12 people were killed when shells hit the Korva market on Sunday, medics said.",
                 counts=[Count("killed", 12, qualifier="at least", text="At least 12", source="medics")])
    c = shelling(TUE_C, "Aid workers said 31 people had died in Sunday's shelling of the Korva market.",
                 counts=[Count("killed", 31, text="31", source="aid workers")])
    merged, found = contradictions_of((a, MON_A), (c, TUE_C))
    assert found == []
    (update,) = merged.updates
    assert update.subject == "killed"
    assert [(s.value, s.source, s.published) for s in update.steps] == [
        ("at least 12", "Valley Tribune", "2024-03-11"), ("31", "Plains Daily", "2024-03-12")]
    assert [(c.kind, c.number) for c in merged.counts] == [("killed", 31)]  # the latest figure is the event's


def test_figures_that_can_both_be_true_are_no_dispute():
    a = shelling(MON_A, "At least 12 people were killed when shells hit the Korva market on Sunday.",
                 counts=[Count("killed", 12, qualifier="at least")])
    b = shelling(MON_B, "The shelling of the Korva market on Sunday killed 31 people, a committee said.",
                 counts=[Count("killed", 31)])
    assert contradictions_of((a, MON_A), (b, MON_B))[1] == []  # "at least 12" and 31
    b.counts = [Count("killed", 13, qualifier="about")]
    b.id = b.compute_id() + "x"
    assert contradictions_of((a, MON_A), (b, MON_B))[1] == []  # "at least 12" and "about 13"


def test_killed_and_injured_are_never_a_dispute():
    a = shelling(MON_A, "Twelve people were killed when shells hit the Korva market on Sunday.",
                 counts=[Count("killed", 12)])
    b = shelling(MON_B, "The shelling of the Korva market on Sunday wounded 31 people, a committee said.",
                 counts=[Count("injured", 31)])
    assert contradictions_of((a, MON_A), (b, MON_B))[1] == []


def test_stated_dates_a_day_apart_are_a_dispute_but_a_publication_date_is_no_claim():
    sunday = shelling(MON_A, "Twelve people were killed when shells hit the Korva market on Sunday.",
                      counts=[Count("killed", 12)])
    saturday = shelling(TUE_C, "Twelve people were killed when shells hit the Korva market on Saturday.",
                        counts=[Count("killed", 12)], date="2024-03-09", date_text="Saturday")
    _, found = contradictions_of((sunday, MON_A), (saturday, TUE_C))
    (dates,) = found
    assert dates.kind == "date"
    assert {(s.value, s.source) for s in dates.sides} == {("2024-03-10", "Valley Tribune"), ("2024-03-09", "Plains Daily")}
    # the same report with no date of its own (only the article's publication date) claims no day
    undated = shelling(TUE_C, "Twelve people were killed when shells hit the Korva market, medics said.",
                       counts=[Count("killed", 12)], basis="publication")
    assert contradictions_of((sunday, MON_A), (undated, TUE_C))[1] == []
    # "yesterday" counts from the moment of publication: a day's difference is no claim
    yesterday = shelling(TUE_C, "Twelve people were killed when shells hit the Korva market yesterday.",
                         counts=[Count("killed", 12)], date="2024-03-11", date_text="yesterday")
    assert contradictions_of((sunday, MON_A), (yesterday, TUE_C))[1] == []


def test_a_denial_by_another_source_is_a_dispute_but_a_speakers_own_words_are_not():
    report = shelling(MON_A, "Militia fighters shelled the Korva market on Sunday, killing 12, medics said.",
                      counts=[Count("killed", 12)], attribution="medics")
    denial = shelling(WED_D, "A militia spokesman said its fighters had not shelled the Korva market on Sunday.",
                      modality="negated", attribution="a militia spokesman")
    merged, found = contradictions_of((report, MON_A), (denial, WED_D))
    (neg,) = found
    assert neg.kind == "negation" and merged.modality == "asserted"
    assert {(s.value, s.source) for s in neg.sides} == {("asserted", "Valley Tribune"), ("negated", "Hill Courier")}
    denial.attribution = "the medics"
    assert contradictions_of((report, MON_A), (denial, WED_D))[1] == []


def test_different_moments_of_a_story_are_no_dispute():
    """Talks that resumed on Tuesday and ended on Thursday are two events, not one disputed date."""
    cairo = Place("Cairo", geonameid=360630, latitude=30.06, longitude=31.25, country="EGY", admin1="Cairo",
                  feature="city")
    hamas = actor("Hamas negotiators", "PSE", "REB", name="Hamas")
    resumed = mention(MON_A, "Talks between Hamas and Egyptian mediators resumed in Cairo on Tuesday.", "CONSULT",
                      actors=[hamas], location=cairo, date="2024-03-12")
    ended = mention(WED_D, "The Cairo talks with Hamas ended on Thursday without an agreement.", "CONSULT",
                    actors=[hamas], location=cairo, date="2024-03-14")
    result = merge_events([resumed, ended], infos(MON_A, WED_D))
    assert len(result.merged) == 2
    assert all(find_contradictions(m, result.members[m.id]) == [] for m in result.merged)


def test_one_outlets_own_reports_are_no_dispute():
    a = shelling(MON_A, "Twelve people were killed when shells hit the Korva market on Sunday.",
                 counts=[Count("killed", 12)])
    again = outlet("Valley Tribune", "2024-03-11", "Medics in Korva gave a new toll for the market shelling.")
    b = shelling(again, "The shelling of the Korva market on Sunday killed 14 people, medics said.",
                 counts=[Count("killed", 14)])
    assert contradictions_of((a, MON_A), (b, again))[1] == []


def test_contradictions_and_updates_are_stored_and_listed_through_the_api(store_location, monkeypatch):
    """Stored in the batch transaction and read back with both sides; one run per article."""
    import numpy as np

    monkeypatch.setattr("eventwire.across.embed.embed", lambda texts: np.eye(len(texts), 384, dtype=np.float32))
    a = shelling(MON_A, "Twelve people were killed when shells hit the Korva market on Sunday, medics said.",
                 counts=[Count("killed", 12, source="medics")])
    b = shelling(MON_B, "A local committee said 31 people were killed in the shelling of the Korva market on Sunday.",
                 counts=[Count("killed", 31, source="a local committee")])
    c = shelling(TUE_C, "Aid workers said 40 people had died in Sunday's shelling of the Korva market.",
                 counts=[Count("killed", 40, source="aid workers")])
    with Eventwire(store_location) as ew:
        for art, ev in ((MON_A, a), (MON_B, b), (TUE_C, c)):
            across = across_articles(ew.store, [art], [ev], {})
            ew.store.write_batch(Batch([art], stages=StageOutput([ev]), across=across))
        rows = ew.contradictions()
        assert [r["kind"] for r in rows] == ["count"]
        assert "12 (Valley Tribune)" in rows[0]["summary"] and "31 (Coastal Herald)" in rows[0]["summary"]
        (merged,) = ew.merged_events()
        assert merged["num_mentions"] == 3 and merged["num_sources"] == 3
        detail = ew.merged_event(merged["id"][:8])
        assert len(detail["mentions"]) == 3 and len(detail["contradictions"]) == 1
        assert "reported the same day" in detail["contradictions"][0]["why"]
        (update,) = detail["updates"]
        assert [(s["value"], s["published"]) for s in update["steps"]] == [("31", "2024-03-11"), ("40", "2024-03-12")]
        assert [(c["kind"], c["number"]) for c in detail["counts"]] == [("killed", 40)]


# --- table-driven: which pairs of figures and of dates are a dispute ------------------------------
@pytest.mark.parametrize("left, right, kinds", [
    # (kind, number, qualifier) reported by Valley Tribune and by Coastal Herald on the same day
    (("killed", 12, None), ("killed", 31, None), ["killed"]),
    (("injured", 12, None), ("injured", 31, None), ["injured"]),
    (("killed", 12, None), ("injured", 31, None), []),        # killed vs injured: never compared
    (("injured", 12, None), ("killed", 31, None), []),
    (("killed", 12, None), ("arrested", 31, None), []),
    (("killed", 12, None), ("casualties", 31, None), []),     # casualties are killed and injured together
    (("killed", 12, None), ("killed", 12, None), []),          # the same figure
    (("killed", 12, "at least"), ("killed", 31, None), []),   # a lower bound and a higher figure
    (("killed", 31, "at least"), ("killed", 12, None), ["killed"]),  # a lower bound above the other figure
    (("killed", 30, "about"), ("killed", 31, None), []),      # an estimate within 20 %
    (("killed", 20, "about"), ("killed", 31, None), ["killed"]),
    (("killed", 30, "up to"), ("killed", 5, None), []),       # "up to" says little
    (("killed", 24, "dozens"), ("killed", 31, None), []),     # vague quantities are no figure
])
def test_which_figures_are_a_dispute(left, right, kinds):
    """Mutations this catches: the ``ca.kind != cb.kind`` test dropped from count_contradictions
    (killed vs injured became a count dispute); ``approximate_tolerance`` set to 0."""
    a = shelling(MON_A, "People were killed when shells hit the Korva market on Sunday, medics said.",
                 counts=[Count(left[0], left[1], qualifier=left[2])])
    b = shelling(MON_B, "The shelling of the Korva market on Sunday hit many people, a committee said.",
                 counts=[Count(right[0], right[1], qualifier=right[2])])
    _, found = contradictions_of((a, MON_A), (b, MON_B))
    assert [(c.kind, c.subject) for c in found] == [("count", k) for k in kinds]


@pytest.mark.parametrize("other, dispute", [
    # how the second report (Plains Daily, published Tuesday 2024-03-12) dates the shelling that the
    # first (Valley Tribune) states was on Sunday 2024-03-10: (date, precision, basis, words)
    (("2024-03-09", "day", "relative", "Saturday"), True),
    (("2024-03-09", "day", "explicit", "9 March 2024"), True),
    (("2024-03-10", "day", "relative", "Sunday"), False),           # the same day
    (("2024-03-12", "day", "publication", None), False),            # only the publication date: no claim
    (("2024-03-13", "day", "publication", None), False),
    (("2024-03", "month", "relative", "in March"), False),          # not stated to the day
    (("2024-W10", "week", "relative", "last week"), False),
    (("2024-03-11", "day", "relative", "yesterday"), False),        # "yesterday": a day off is no claim
    (("2024-03-11", "day", "relative", "on Monday"), True),         # a weekday named is a claim
])
def test_which_dates_are_a_dispute(other, dispute):
    """Mutations this catches: ``publication`` added to ``claimed_date_bases`` (a publication-dated
    mention became a date claim); the deictic exception dropped (``yesterday`` a day off became a
    dispute). Stated dates more than a day apart never merge, so every dispute here is a day apart
    (and dropping the day-precision check of ``_claimed_day`` is an equivalent mutant here: a week or
    a month that merges with a day contains it or touches it)."""
    date, precision, basis, words = other
    sunday = shelling(MON_A, "Twelve people were killed when shells hit the Korva market on Sunday.",
                      counts=[Count("killed", 12)])
    if basis == "publication":
        art = outlet("Plains Daily", date, "The toll of the Korva market shelling rose, aid workers said.")
        second = shelling(art, "Twelve people were killed when shells hit the Korva market, medics said.",
                          counts=[Count("killed", 12)], basis="publication")
    else:
        art = TUE_C
        second = shelling(art, f"Twelve people were killed when shells hit the Korva market {words}.",
                          counts=[Count("killed", 12)], date=date, basis=basis, date_text=words)
        second.date_precision = precision
    _, found = contradictions_of((sunday, MON_A), (second, art))
    assert [c.kind for c in found] == (["date"] if dispute else [])
    if dispute:
        (c,) = found
        assert {s.value for s in c.sides} == {"2024-03-10", date}
