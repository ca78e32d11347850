"""The ``merge`` stage: mentions of one real-world event become one merged event.

Two mentions are the same event when their types are compatible, neither
side's actors contradict, their dates overlap within each date's precision,
their places are equal or nested, and something positively ties them: an
actor matched for sure, or evidence sentences sharing content words. The
rules' knobs live in ``merge.yaml``.

Results must not depend on how the input was split into runs, so the merged
events are a function of the set of mentions: mentions linked by any
compatible pair form a *group* (a connected component); inside a group,
mentions are taken in a fixed order and each joins the first merged event
whose every member it is compatible with (dates, places, actors: no chaining
across time), provided it is tied to at least one of them. A new batch
reloads only the stored groups it touches and recomputes them whole.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ..model import Actor, Count, Event, MergedEvent, Place, stable_id
from ..rules import read_rules

HERE = Path(__file__).parent
_PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, "unknown": 0}
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class MergeRules:
    publication_lookback_days: int
    date_slack_days: dict[str, int]
    week_half_days: int
    compatible_types: frozenset[frozenset[str]]
    generic_codes: frozenset[str]
    min_shared_terms: int
    ignored_terms: frozenset[str]
    state_sectors: frozenset[str] = frozenset()
    non_state_sectors: frozenset[str] = frozenset()

    def opposed(self, a: str | None, b: str | None) -> bool:
        """One sector belongs to the state and the other does not (army vs rebels)."""
        if not a or not b:
            return False
        return (a in self.state_sectors and b in self.non_state_sectors) or (
            b in self.state_sectors and a in self.non_state_sectors
        )

    @property
    def max_slack(self) -> int:
        return max(self.date_slack_days.values(), default=0)


@lru_cache(maxsize=1)
def default_rules() -> MergeRules:
    from spacy.lang.en.stop_words import STOP_WORDS

    data = read_rules(HERE / "merge.yaml", (
        "publication_lookback_days", "date_slack_days", "week_half_days", "compatible_types", "generic_codes",
        "min_shared_terms", "generic_terms",
    ))
    return MergeRules(
        publication_lookback_days=int(data["publication_lookback_days"]),
        date_slack_days={k: int(v) for k, v in data["date_slack_days"].items()},
        week_half_days=int(data["week_half_days"]),
        compatible_types=frozenset(frozenset(pair) for pair in data["compatible_types"]),
        generic_codes=frozenset(data["generic_codes"]),
        min_shared_terms=int(data["min_shared_terms"]),
        ignored_terms=frozenset(STOP_WORDS) | frozenset(data["generic_terms"]),
        state_sectors=frozenset(data.get("state_sectors", ())),
        non_state_sectors=frozenset(data.get("non_state_sectors", ())),
    )


@dataclass(frozen=True)
class ArticleInfo:
    """What merging needs to know about an article: whose it is and when."""

    id: str
    source: str | None = None
    published: str | None = None
    duplicate_of: str | None = None


class MergeLookup(Protocol):
    """What the merge stage reads from the store (``DuckDBStore`` implements it)."""

    def merge_candidates(
        self, windows: Sequence[tuple[str, str]], article_keys: Sequence[str]
    ) -> list[tuple[Event, str]]:
        """Stored mentions whose date interval meets one of the ``windows``
        ([day_lo, day_hi], ISO dates) or whose article is one of
        ``article_keys``, each with its group id."""

    def merge_groups(self, groups: Sequence[str]) -> list[tuple[Event, str]]:
        """Every stored mention of the given groups, with its group id."""

    def article_infos(self, ids: Sequence[str]) -> dict[str, ArticleInfo]:
        """``ArticleInfo`` of the given stored articles."""


# --- dates ------------------------------------------------------------------------
def parse_day(text: str | None) -> date | None:
    """A date from 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (the first day of a partial date)."""
    if not text:
        return None
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def date_interval(ev: Event, rules: MergeRules | None = None, *, slack: bool = True) -> tuple[date, date] | None:
    """The days an event's date allows, by precision and basis; None when unknown."""
    rules = rules or default_rules()
    start = parse_day(ev.date)
    if start is None or ev.date_precision == "unknown" and ev.date_basis == "unknown":
        return None
    if ev.date_basis == "publication":
        lo, hi = start - timedelta(days=rules.publication_lookback_days), start
    elif ev.date_precision == "week":
        lo, hi = start - timedelta(days=rules.week_half_days), start + timedelta(days=rules.week_half_days)
    elif ev.date_precision == "month":
        lo = start.replace(day=1)
        hi = (lo.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif ev.date_precision == "year":
        lo, hi = start.replace(month=1, day=1), start.replace(month=12, day=31)
    else:
        lo = hi = start
    if slack:
        pad = timedelta(days=rules.date_slack_days.get(ev.date_basis, 0))
        lo, hi = lo - pad, hi + pad
    return lo, hi


# --- one mention as the merger sees it -----------------------------------------------
@dataclass
class MentionView:
    """An event mention with what comparisons need precomputed."""

    event: Event
    article_key: str  # canonical article id (near-duplicates point to their original)
    source: str | None  # site of the canonical article
    published: str | None
    interval: tuple[date, date] | None
    terms: frozenset[str]
    group: str | None = None  # stored group id, None for new mentions

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.interval[0].isoformat() if self.interval else "9999-99-99", self.event.id)


def sentence_terms(ev: Event, rules: MergeRules) -> frozenset[str]:
    text = " ".join(e.sentence for e in ev.evidence).casefold()
    return frozenset(w for w in _WORD.findall(text) if w not in rules.ignored_terms)


def view(ev: Event, articles: dict[str, ArticleInfo], rules: MergeRules, group: str | None = None) -> MentionView:
    article_id = ev.evidence[0].article_id if ev.evidence else None
    info = articles.get(article_id or "") or ArticleInfo(article_id or "")
    canonical = articles.get(info.duplicate_of or "") if info.duplicate_of else None
    key = info.duplicate_of or info.id
    source = (canonical.source if canonical else None) or info.source
    return MentionView(ev, key, source, info.published, date_interval(ev, rules), sentence_terms(ev, rules), group)


# --- compatibility ---------------------------------------------------------------------
def types_compatible(a: Event, b: Event, rules: MergeRules) -> bool:
    if a.event == b.event:
        return True
    if a.cameo_root and a.cameo_root == b.cameo_root:
        return True
    return frozenset((a.event, b.event)) in rules.compatible_types


@lru_cache(maxsize=65536)  # asked for the same actor names in every pair comparison
def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def _actor_key(actor: Actor, rules: MergeRules) -> str | None:
    if not actor.code:
        return None
    if actor.code in rules.generic_codes:
        return f"{actor.code}:{_norm(actor.name or actor.text)}"
    return actor.code


def _texts_match(a: Actor, b: Actor) -> bool:
    na, nb = _norm(a.name or a.text), _norm(b.name or b.text)
    if not na or not nb:
        return False
    return na == nb or f" {na} " in f" {nb} " or f" {nb} " in f" {na} "


def side_match(left: Sequence[Actor], right: Sequence[Actor], rules: MergeRules) -> str:
    """'strong', 'weak', 'unknown' or 'conflict' for one side (actors or recipients)."""
    if not left or not right:
        return "unknown"
    best = "none"
    opposed = 0
    for a in left:
        for b in right:
            ka, kb = _actor_key(a, rules), _actor_key(b, rules)
            if ka and kb:
                if ka != kb:
                    continue
                if rules.opposed(a.sector, b.sector):
                    opposed += 1
                    continue
                if a.sector and b.sector and a.sector != b.sector:
                    best = "weak" if best == "none" else best
                    continue
                return "strong"
            if _texts_match(a, b):
                return "strong"
            if not (ka and kb) and rules.opposed(a.sector, b.sector):
                opposed += 1  # "the army" vs "its fighters": opposite sides, whatever their country
                continue
            if a.sector and a.sector == b.sector and not (ka and kb):
                best = "weak" if best == "none" else best
    if best != "none":
        return best
    if opposed and opposed == len(left) * len(right):
        return "conflict"  # the same country's army and its rebels: never one actor
    all_coded = all(_actor_key(a, rules) for a in left) and all(_actor_key(b, rules) for b in right)
    return "conflict" if all_coded else "unknown"


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Equal or nested (country contains admin1 contains town); unknown is compatible."""
    if a is None or b is None:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if _place_level(a) == "country" or _place_level(b) == "country":
        return True
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False
    if _place_level(a) == "admin1" or _place_level(b) == "admin1":
        return True
    if a.geonameid is not None and b.geonameid is not None:
        return False
    return _norm(a.name) == _norm(b.name)


def _place_level(p: Place) -> str:
    if p.feature in ("country", "admin1"):
        return p.feature
    if p.geonameid is None and not p.admin1 and p.country:
        return "country"
    return "place"


def dates_compatible(a: MentionView, b: MentionView) -> bool:
    if a.interval is None or b.interval is None:
        return a.article_key == b.article_key  # undated: only within one article
    return a.interval[0] <= b.interval[1] and b.interval[0] <= a.interval[1]


def hard_compatible(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    """Nothing says these are different events (types, dates, places, actors)."""
    return (
        types_compatible(a.event, b.event, rules)
        and dates_compatible(a, b)
        and places_compatible(a.event.location, b.event.location)
        and side_match(a.event.actor, b.event.actor, rules) != "conflict"
        and side_match(a.event.recipient, b.event.recipient, rules) != "conflict"
    )


def tied(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    """Something says these are the same event: an actor matched for sure, or shared words."""
    if a.event.id == b.event.id:
        return True
    if "strong" in (
        side_match(a.event.actor, b.event.actor, rules),
        side_match(a.event.recipient, b.event.recipient, rules),
    ):
        return True
    return len(a.terms & b.terms) >= rules.min_shared_terms


def same_event(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    return hard_compatible(a, b, rules) and tied(a, b, rules)


# --- grouping and clustering ---------------------------------------------------------------
def _type_keys(ev: Event, rules: MergeRules) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(keys a mention is filed under, keys it looks up): two mentions have compatible
    types exactly when one's lookup keys meet the other's filed keys."""
    filed = {("type", ev.event)}
    if ev.cameo_root:
        filed.add(("root", ev.cameo_root))
    probe = set(filed)
    for pair in rules.compatible_types:
        if ev.event in pair:
            probe.update(("type", other) for other in pair if other != ev.event)
    return filed, probe


def candidate_pairs(
    views: Sequence[MentionView], rules: MergeRules, probing: int | None = None
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) whose types are compatible and whose dates overlap (or, undated,
    that come from one article): a superset of the pairs ``same_event`` can accept.

    With ``probing``, only pairs with at least one of the first ``probing``
    views are wanted (new mentions against stored ones), and only those views
    look for partners: both tests are symmetric, so no such pair is missed,
    and the stored mentions are not compared with each other.

    Mentions are filed by event type and CAMEO root, each file sorted by date,
    so a mention is only compared with the few that overlap it in time,
    instead of with every mention of the batch and its groups (which made
    merging quadratic in the number of mentions per date window).
    """
    files: dict[tuple[str, str], list[int]] = {}
    probes: list[set[tuple[str, str]]] = []
    for i, v in enumerate(views):
        filed, probe = _type_keys(v.event, rules)
        probes.append(probe)
        for key in filed:
            files.setdefault(key, []).append(i)
    dated: dict[tuple[str, str], tuple[list[date], list[int], int]] = {}
    by_article: dict[tuple[tuple[str, str], str], list[int]] = {}
    for key, members in files.items():
        with_dates = sorted((views[i].interval[0], i) for i in members if views[i].interval)
        longest = max((views[i].interval[1] - views[i].interval[0]).days for _, i in with_dates) if with_dates else 0
        dated[key] = ([d for d, _ in with_dates], [i for _, i in with_dates], longest)
        for i in members:
            by_article.setdefault((key, views[i].article_key), []).append(i)
    seen: set[tuple[int, int]] = set()
    for i, v in enumerate(views[:probing] if probing is not None else views):
        for key in probes[i]:
            if key not in dated:
                continue
            if v.interval is None:  # undated: only mentions of its own article
                others = by_article.get((key, v.article_key), [])
            else:
                starts, order, longest = dated[key]
                lo = bisect_left(starts, v.interval[0] - timedelta(days=longest))
                hi = bisect_right(starts, v.interval[1])
                others = [j for j in order[lo:hi] if views[j].interval[1] >= v.interval[0]]
            for j in others:
                pair = (i, j) if i < j else (j, i)
                if i != j and pair not in seen:
                    seen.add(pair)
                    yield pair


def groups_of(views: Sequence[MentionView], rules: MergeRules) -> list[list[MentionView]]:
    """Connected components of the same-event graph, each in sort order."""
    ordered = sorted(views, key=lambda v: v.sort_key)
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in candidate_pairs(ordered, rules):
        if find(i) != find(j) and same_event(ordered[i], ordered[j], rules):
            parent[find(j)] = find(i)
    comps: dict[int, list[MentionView]] = {}
    for i, v in enumerate(ordered):
        comps.setdefault(find(i), []).append(v)
    return list(comps.values())


def cluster_group(group: Sequence[MentionView], rules: MergeRules) -> list[list[MentionView]]:
    """Split one group into events: each mention joins the first event it fits entirely."""
    clusters: list[list[MentionView]] = []
    for m in sorted(group, key=lambda v: v.sort_key):
        for members in clusters:
            if all(hard_compatible(m, o, rules) for o in members) and any(tied(m, o, rules) for o in members):
                members.append(m)
                break
        else:
            clusters.append([m])
    return clusters


def group_id(members: Iterable[MentionView]) -> str:
    return stable_id("event-group", min(m.id for m in members))


# --- building merged events -------------------------------------------------------------
def _informativeness(m: MentionView) -> tuple:
    ev = m.event
    resolved = sum(1 for a in ev.actor + ev.recipient if a.code)
    return (
        ev.modality == "asserted",
        _PRECISION_RANK.get(ev.date_precision, 0) + (1 if ev.date_basis in ("explicit", "relative") else 0),
        resolved,
        ev.location is not None,
        ev.confidence,
        # ties: the earliest mention
        tuple(-ord(c) for c in m.id),
    )


def _best_place(members: Sequence[MentionView]) -> Place | None:
    places = [m.event.location for m in members if m.event.location is not None]
    if not places:
        return None
    return max(places, key=lambda p: (p.geonameid is not None and p.feature not in ("country", "admin1"),
                                      bool(p.admin1), bool(p.country), p.name))


def build_merged(members: Sequence[MentionView]) -> MergedEvent:
    ordered = sorted(members, key=lambda v: v.sort_key)
    rep = max(ordered, key=_informativeness).event
    actor = rep.actor or next((m.event.actor for m in ordered if m.event.actor), [])
    recipient = rep.recipient or next((m.event.recipient for m in ordered if m.event.recipient), [])
    counts: list[Count] = []
    seen_counts: set[tuple[str, int | None, str | None]] = set()
    for m in ordered:
        for c in m.event.counts:
            key = (c.kind, c.number, c.qualifier)
            if key not in seen_counts:
                seen_counts.add(key)
                counts.append(c)
    article_ids = list(dict.fromkeys(m.article_key for m in ordered))
    # one source per original article: a near-duplicate never adds a site
    by_article = {m.article_key: m.source for m in ordered}
    sources = sorted({s for s in by_article.values() if s})
    published = sorted(m.published for m in ordered if m.published)
    modalities = Counter(m.event.modality for m in ordered)
    modality = "asserted" if modalities["asserted"] else modalities.most_common(1)[0][0]
    return MergedEvent(
        id=stable_id("merged", ordered[0].id),
        event=rep.event, cameo=rep.cameo, cameo_root=rep.cameo_root, quad_class=rep.quad_class,
        goldstein=rep.goldstein, actor=list(actor), recipient=list(recipient), modality=modality,
        date=rep.date, date_precision=rep.date_precision, location=_best_place(ordered), counts=counts,
        mention_ids=[m.id for m in ordered], article_ids=article_ids, sources=sources,
        num_mentions=len(ordered), num_articles=len(article_ids),
        num_sources=len(sources) + sum(1 for s in by_article.values() if not s),
        first_seen=published[0] if published else None, last_seen=published[-1] if published else None,
        confidence=max(m.event.confidence for m in ordered),
    )


@dataclass
class MentionLink:
    """Where one mention went: its merged event and group, and its date interval (for lookups)."""

    event_id: str
    merged_id: str
    group: str
    article_key: str
    day_lo: str | None
    day_hi: str | None


@dataclass
class MergeResult:
    """Merged events to (re)write; everything stored under ``replaced_groups`` goes first."""

    merged: list[MergedEvent] = field(default_factory=list)
    links: list[MentionLink] = field(default_factory=list)
    replaced_groups: set[str] = field(default_factory=set)
    #: per merged event id, its mentions (to find contradictions without reloading)
    members: dict[str, list[MentionView]] = field(default_factory=dict)


def merge_events(
    events: Sequence[Event],
    articles: dict[str, ArticleInfo],
    lookup: MergeLookup | None = None,
    rules: MergeRules | None = None,
) -> MergeResult:
    """Merge a batch of new mentions into the stored merged events (or among themselves).

    ``articles`` must describe the batch's articles; stored ones are fetched
    through ``lookup``.
    """
    rules = rules or default_rules()
    result = MergeResult()
    if not events:
        return result
    infos = dict(articles)
    _add_canonicals(infos, lookup)
    new = [view(ev, infos, rules) for ev in events]
    stored: list[MentionView] = []
    if lookup is not None:
        stored = _touched_groups(new, infos, lookup, rules)
    new_ids = {v.id for v in new}
    everything = new + [v for v in stored if v.id not in new_ids]
    result.replaced_groups = {v.group for v in stored if v.group}
    for members in groups_of(everything, rules):
        gid = group_id(members)
        for cluster in cluster_group(members, rules):
            merged = build_merged(cluster)
            result.merged.append(merged)
            result.members[merged.id] = cluster
            for m in cluster:
                lo_hi = date_interval(m.event, rules, slack=False)
                result.links.append(MentionLink(
                    m.id, merged.id, gid, m.article_key,
                    lo_hi[0].isoformat() if lo_hi else None, lo_hi[1].isoformat() if lo_hi else None,
                ))
    return result


def _add_canonicals(infos: dict[str, ArticleInfo], lookup: MergeLookup | None) -> None:
    missing = [i.duplicate_of for i in infos.values() if i.duplicate_of and i.duplicate_of not in infos]
    if missing and lookup is not None:
        infos.update(lookup.article_infos(sorted(set(missing))))


def _touched_groups(
    new: Sequence[MentionView], infos: dict[str, ArticleInfo], lookup: MergeLookup, rules: MergeRules
) -> list[MentionView]:
    """Every stored mention of each stored group that a new mention would join."""
    keys = sorted({v.article_key for v in new})
    candidates = lookup.merge_candidates(date_windows([v.interval for v in new if v.interval], rules), keys)
    if not candidates:
        return []
    _need_infos(candidates, infos, lookup)
    cand_views = [view(ev, infos, rules, group) for ev, group in candidates]
    both = list(new) + cand_views
    touched: set[str | None] = set()
    for i, j in candidate_pairs(both, rules, probing=len(new)):
        if i < len(new) <= j:  # a new mention and a stored one
            c = both[j]
            if c.group not in touched and same_event(new[i], c, rules):
                touched.add(c.group)
    touched.discard(None)
    if not touched:
        return []
    members = lookup.merge_groups(sorted(touched))
    _need_infos(members, infos, lookup)
    return [view(ev, infos, rules, group) for ev, group in members]


MAX_WINDOWS = 32


def date_windows(intervals: Sequence[tuple[date, date]], rules: MergeRules) -> list[tuple[str, str]]:
    """The days a stored mention must meet to be a candidate: the new mentions'
    intervals widened by the largest slack, overlapping ones joined, and the
    closest ones joined further until at most ``MAX_WINDOWS`` remain (a batch
    that spans a year of news but only some of its days need not read the
    whole year back from the store)."""
    pad = timedelta(days=rules.max_slack)
    windows: list[list[date]] = []
    for lo, hi in sorted(intervals):
        if windows and lo - pad <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi + pad)
        else:
            windows.append([lo - pad, hi + pad])
    while len(windows) > MAX_WINDOWS:
        k = min(range(len(windows) - 1), key=lambda i: windows[i + 1][0] - windows[i][1])
        windows[k][1] = max(windows[k][1], windows[k + 1][1])
        del windows[k + 1]
    return [(lo.isoformat(), hi.isoformat()) for lo, hi in windows]


def _need_infos(pairs: Sequence[tuple[Event, Any]], infos: dict[str, ArticleInfo], lookup: MergeLookup) -> None:
    ids = {ev.evidence[0].article_id for ev, _ in pairs if ev.evidence and ev.evidence[0].article_id}
    missing = sorted(i for i in ids if i not in infos)
    if missing:
        infos.update(lookup.article_infos(missing))
    _add_canonicals(infos, lookup)
