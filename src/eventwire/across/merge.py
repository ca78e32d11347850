"""The ``merge`` stage: mentions of one real-world event become one merged event.

Merging is conservative. Two mentions are the same event only when nothing
says they differ (compatible types and modalities, dates that overlap at
their precision, places equal, nested or within a few kilometres, actors
that do not contradict, never two events of one sentence) *and* specific
anchors tie them: the same named person, organisation or armed group, the
same town-level place, the same figure, the same republished sentence, or
weaker ties that only count together (the same state actor, the same stated
day). Generic or unresolved actors ("police", "a suspect") are no anchor.
Two articles need more than one sentence of one article: a date the text
states on at least one side, and two anchors unless one is a town or a
figure of a physical event. The rules' knobs live in ``merge.yaml``.

Results must not depend on how the input was split into runs, so the merged
events are a function of the set of mentions: mentions linked by any tied,
compatible pair form a *group* (a connected component); inside a group,
mentions are taken in a fixed order and each joins the merged event it is
compatible with entirely and tied to for a majority of its members
(no chaining through weak links), within a capped day span. A new batch
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

from ..model import Actor, Event, MergedEvent, Place, stable_id
from ..rules import read_rules
from . import days
from .days import parse_day  # noqa: F401  (the store reads dates through here)
from .figures import figure_updates, latest_counts

HERE = Path(__file__).parent
_PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, "unknown": 0}
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_TOKEN = re.compile(r"[^\W_][\w.'’-]*", re.UNICODE)
_STATED = ("explicit", "relative")
#: modality families: mentions of one article merge only within a family
_FAMILY = {"asserted": "A", "historical": "A", "negated": "N", "future": "F", "hypothetical": "H", "conditional": "H"}
#: place features that are an area, not a town: nested, never an anchor
_AREAS = frozenset({"country", "admin1", "admin2", "region", "continent"})


@dataclass(frozen=True)
class MergeRules:
    publication_lookback_days: int
    date_slack_days: dict[str, int]
    compatible_types: frozenset[frozenset[str]]
    generic_codes: frozenset[str]
    state_sectors: frozenset[str] = frozenset()
    non_state_sectors: frozenset[str] = frozenset()
    max_span_days: int = 7
    place_radius_km: float = 25.0
    min_shared_figure: int = 2
    anchor_weights: dict[str, int] = field(default_factory=dict)
    side_mismatch_penalty: int = 1
    verbal_types: frozenset[str] = frozenset()
    sufficient_alone: frozenset[str] = frozenset()
    same_wording_share: float = 0.8
    titles: frozenset[str] = frozenset()
    tie_score: int = 2
    majority: float = 0.5
    pronouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()

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

    def weight(self, anchor: str) -> int:
        """The weight of an anchor ("actor named" weighs as "named")."""
        return self.anchor_weights.get(anchor.rsplit(" ", 1)[-1], 0)


@lru_cache(maxsize=1)
def default_rules() -> MergeRules:
    data = read_rules(HERE / "merge.yaml", (
        "publication_lookback_days", "date_slack_days", "max_span_days", "compatible_types", "generic_codes",
        "place_radius_km", "min_shared_figure", "anchor_weights", "tie_score", "majority", "side_mismatch_penalty",
        "verbal_types", "sufficient_alone", "same_wording_share",
    ))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in data.get(key, ()))

    return MergeRules(
        publication_lookback_days=int(data["publication_lookback_days"]),
        date_slack_days={k: int(v) for k, v in data["date_slack_days"].items()},
        compatible_types=frozenset(frozenset(pair) for pair in data["compatible_types"]),
        generic_codes=frozenset(data["generic_codes"]),
        state_sectors=frozenset(data.get("state_sectors", ())),
        non_state_sectors=frozenset(data.get("non_state_sectors", ())),
        max_span_days=int(data["max_span_days"]),
        place_radius_km=float(data["place_radius_km"]),
        min_shared_figure=int(data["min_shared_figure"]),
        anchor_weights={k: int(v) for k, v in data["anchor_weights"].items()},
        side_mismatch_penalty=int(data["side_mismatch_penalty"]),
        verbal_types=frozenset(data["verbal_types"]),
        sufficient_alone=frozenset(data["sufficient_alone"]),
        same_wording_share=float(data["same_wording_share"]),
        titles=words("titles"),
        tie_score=int(data["tie_score"]),
        majority=float(data["majority"]),
        pronouns=words("pronouns"),
        determiners=words("determiners"),
        name_particles=words("name_particles"),
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
def date_interval(ev: Event, rules: MergeRules | None = None, *, slack: bool = True) -> tuple[date, date] | None:
    """The days an event's date allows, by precision and basis; None when unknown.

    With ``slack``, both ends are widened by the slack of the date's basis
    (what two reports of one event may differ by)."""
    rules = rules or default_rules()
    if not ev.date or ev.date_precision == "unknown" and ev.date_basis == "unknown":
        return None
    if ev.date_basis == "publication":
        day = parse_day(ev.date)
        if day is None:
            return None
        lo, hi = days.shift(day, -rules.publication_lookback_days), day
    else:
        found = days.stated_interval(ev.date, ev.date_precision, ev.date_end)
        if found is None:
            return None
        lo, hi = found
    if slack:
        pad = rules.date_slack_days.get(ev.date_basis, 0)
        lo, hi = days.shift(lo, -pad), days.shift(hi, pad)
    return lo, hi


def stated_day(ev: Event) -> date | None:
    """The day the text states for the event (day precision, from the text itself), if any."""
    if ev.date_precision == "day" and ev.date_basis in _STATED:
        return parse_day(ev.date)
    return None


# --- one mention as the merger sees it -----------------------------------------------
@dataclass
class MentionView:
    """An event mention with what comparisons need precomputed."""

    event: Event
    article_key: str  # canonical article id (near-duplicates point to their original)
    source: str | None  # outlet of the canonical article
    published: str | None
    interval: tuple[date, date] | None  # without slack
    group: str | None = None  # stored group id, None for new mentions
    slack: int = 0
    actor_ids: tuple[tuple[str, str] | None, ...] = ()
    recipient_ids: tuple[tuple[str, str] | None, ...] = ()
    wording: tuple[str, frozenset[str]] | None = None  # trigger and sentence words (a quote republished)

    @property
    def id(self) -> str:
        return self.event.id

    sentence_key: tuple[str | None, int | None] | None = None  # (article, sentence) of the evidence

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.interval[0].isoformat() if self.interval else "9999-99-99", self.event.id)


def view(ev: Event, articles: dict[str, ArticleInfo], rules: MergeRules, group: str | None = None) -> MentionView:
    article_id = ev.evidence[0].article_id if ev.evidence else None
    info = articles.get(article_id or "") or ArticleInfo(article_id or "")
    canonical = articles.get(info.duplicate_of or "") if info.duplicate_of else None
    key = info.duplicate_of or info.id
    source = (canonical.source if canonical else None) or info.source
    sentence = ev.evidence[0].sentence if ev.evidence else ""
    return MentionView(
        ev, key, source, info.published, date_interval(ev, rules, slack=False), group,
        slack=rules.date_slack_days.get(ev.date_basis, 0),
        actor_ids=tuple(identity(a, sentence, rules) for a in ev.actor),
        recipient_ids=tuple(identity(a, sentence, rules) for a in ev.recipient),
        wording=_wording(ev),
        sentence_key=(ev.evidence[0].article_id, ev.evidence[0].sentence_index) if ev.evidence else None,
    )


def _wording(ev: Event) -> tuple[str, frozenset[str]] | None:
    """The trigger and the words of the evidence sentence (long sentences only): two reports
    that share nearly every word of a sentence and its trigger carry one statement (a wire
    sentence or a quote republished by two outlets)."""
    if not ev.evidence:
        return None
    first = ev.evidence[0]
    start, end = first.trigger
    words = frozenset(_TOKEN.findall(first.sentence.casefold()))
    if len(words) < 8:
        return None
    return " ".join(_TOKEN.findall(first.sentence[start:end].casefold())), words


def same_wording(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    if a.wording is None or b.wording is None or a.wording[0] != b.wording[0]:
        return False
    wa, wb = a.wording[1], b.wording[1]
    return len(wa & wb) >= rules.same_wording_share * len(wa | wb)


# --- who an actor is -------------------------------------------------------------------
@lru_cache(maxsize=1)
def _state_names() -> dict[str, frozenset[str]]:
    """Per country code, the names that mean the state itself ("Palestine", "Israel", "United States")."""
    from ..actors import default_resolver

    resolver = default_resolver()
    names: dict[str, set[str]] = {code: {_norm(name)} for code, name in resolver.country_names.items()}
    for entry in resolver.index.values():
        if entry.kind in ("country", "demonym", "metonym"):
            names.setdefault(entry.code, set()).add(_norm(entry.name))
    return {code: frozenset(found) for code, found in names.items()}


@lru_cache(maxsize=65536)  # asked for the same actor names in every pair comparison
def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def identity(actor: Actor, sentence: str, rules: MergeRules) -> tuple[str, str] | None:
    """What an actor says about who acted: ("named", name) for a specific person,
    organisation or armed group; ("state", "ISR/MIL") for a state or one of its
    parts; None for a generic or unresolved one ("police", "a suspect", "they")."""
    pronoun = (actor.text or "").casefold().strip() in rules.pronouns
    if actor.code:
        name = _norm(actor.name)
        if actor.code in rules.generic_codes:
            return ("named", name) if name else None
        if name and name not in _state_names().get(actor.code, ()):
            return ("named", name)
        if pronoun:
            return None  # "we", "our" taken for a whole country: too loose to tie two reports
        return ("state", f"{actor.code}/{actor.sector or ''}")
    proper = None if pronoun else _proper_name(actor, sentence, rules)
    return ("named", proper) if proper else None


def _proper_name(actor: Actor, sentence: str, rules: MergeRules) -> str | None:
    """An unresolved actor written as a proper name ("James T. Hodgkinson"), casefolded; else None."""
    tokens = _TOKEN.findall(actor.text or "")
    while tokens and tokens[0].casefold() in rules.determiners:
        tokens = tokens[1:]
    if not tokens or any(t.casefold() in rules.pronouns for t in tokens):
        return None
    if any(not t[0].isupper() and t.casefold() not in rules.name_particles for t in tokens):
        return None
    roles = _role_words() | rules.titles
    name = [t for t in tokens if t[0].isupper() and _norm(t) not in roles]
    if not name:
        return None  # "Senate Minority Leader": a title, not a name
    at_start = actor.start == 0 or (actor.start is None and sentence.lstrip().startswith(actor.text or "\0"))
    if at_start and len(tokens) == 1:
        return None  # "Police said ...": a capital that only starts the sentence
    return _norm(" ".join(name)) or None


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """One-word sector names ("police", "leader", "senate") from the actor knowledge base."""
    from ..actors import default_resolver

    return frozenset(w for w in default_resolver().sectors if " " not in w)


def _same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return set(shorter) <= set(longer) or wa[-1] == wb[-1] and len(wa[-1]) > 2


def side_anchor(left: Sequence[tuple[str, str] | None], right: Sequence[tuple[str, str] | None]) -> str | None:
    """"named", "state" or None: the best specific match between two sides' identities."""
    best = None
    for a in left:
        for b in right:
            if a is None or b is None:
                continue
            if a[0] == b[0] == "named" and _same_name(a[1], b[1]):
                return "named"
            if a[0] == b[0] == "state":
                ca, sa = a[1].split("/")
                cb, sb = b[1].split("/")
                if ca == cb and (sa == sb or not sa or not sb):
                    best = "state"
    return best


def named_conflict(left: Sequence[tuple[str, str] | None], right: Sequence[tuple[str, str] | None]) -> bool:
    """Both sides name specific actors and none of them is the same (Obama vs Trump)."""
    named_l = [a[1] for a in left if a and a[0] == "named"]
    named_r = [b[1] for b in right if b and b[0] == "named"]
    if not named_l or not named_r or len(named_l) != len(left) or len(named_r) != len(right):
        return False
    return not any(_same_name(a, b) for a in named_l for b in named_r)


def side_match(left: Sequence[Actor], right: Sequence[Actor], rules: MergeRules) -> str:
    """'strong', 'weak', 'unknown' or 'conflict' for one side (actors or recipients) by codes and sectors."""
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


# --- places ------------------------------------------------------------------------------
def _place_level(p: Place) -> str:
    if p.feature in _AREAS:
        return "country" if p.feature in ("country", "continent") else "admin1"
    if p.geonameid is None and not p.admin1 and p.country and p.latitude is None:
        return "country"
    return "place"


def _distance(a: Place, b: Place) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    from ..resolve.where.disambiguate import distance_km

    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def places_compatible(a: Place | None, b: Place | None, rules: MergeRules | None = None) -> bool:
    """Equal, nested (country contains province contains town) or within the radius; unknown is compatible."""
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
    if _norm(a.name) == _norm(b.name):
        return True
    km = _distance(a, b)
    if km is not None:
        return km <= (rules or default_rules()).place_radius_km
    return a.geonameid is None or b.geonameid is None


def same_place(a: Place | None, b: Place | None, rules: MergeRules) -> bool:
    """Both name one town-level place (an anchor; a shared country or province is not)."""
    if a is None or b is None or _place_level(a) != "place" or _place_level(b) != "place":
        return False
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    km = _distance(a, b)
    if km is not None:
        return km <= rules.place_radius_km and (not a.country or not b.country or a.country == b.country)
    return bool(_norm(a.name)) and _norm(a.name) == _norm(b.name) and a.country == b.country


# --- compatibility ---------------------------------------------------------------------
def types_compatible(a: Event, b: Event, rules: MergeRules) -> bool:
    if a.event == b.event:
        return True
    if a.cameo_root and a.cameo_root == b.cameo_root:
        return True
    return frozenset((a.event, b.event)) in rules.compatible_types


def modalities_compatible(a: MentionView, b: MentionView) -> bool:
    """Within one article a modality family must agree (what will happen is not what happened);
    across articles only a possibility ("could", "if") never meets a report."""
    fa, fb = _FAMILY.get(a.event.modality, "A"), _FAMILY.get(b.event.modality, "A")
    if a.article_key == b.article_key:
        return fa == fb
    return (fa == "H") == (fb == "H")


def dates_compatible(a: MentionView, b: MentionView) -> bool:
    if a.interval is None or b.interval is None:
        return a.article_key == b.article_key  # undated: only within one article
    return days.gap_days(a.interval, b.interval) <= max(a.slack, b.slack)


def hard_compatible(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    """Nothing says these are different events (sentence, types, modality, dates, places, actors)."""
    if a.event.id != b.event.id and a.sentence_key is not None and a.sentence_key == b.sentence_key \
            and _trigger(a) != _trigger(b):
        return False  # two actions of one sentence are two events (one verb read twice is one)
    return (
        types_compatible(a.event, b.event, rules)
        and modalities_compatible(a, b)
        and dates_compatible(a, b)
        and places_compatible(a.event.location, b.event.location, rules)
        and side_match(a.event.actor, b.event.actor, rules) != "conflict"
        and side_match(a.event.recipient, b.event.recipient, rules) != "conflict"
        and not named_conflict(a.actor_ids, b.actor_ids)
        and not named_conflict(a.recipient_ids, b.recipient_ids)
    )


def shared_figure(a: Event, b: Event, rules: MergeRules) -> bool:
    return any(
        ca.kind == cb.kind and ca.number is not None and ca.number == cb.number and ca.number >= rules.min_shared_figure
        for ca in a.counts for cb in b.counts
    )


def anchors(a: MentionView, b: MentionView, rules: MergeRules) -> list[str]:
    """The specific things two mentions share: "actor named", "recipient state", "place",
    "figure", "same_day", "same_article" (the last word is the kind ``anchor_weights`` weighs)."""
    found = []
    actors = set(a.actor_ids) | set(b.actor_ids)
    for where, left, right in (("actor", a.actor_ids, b.actor_ids), ("recipient", a.recipient_ids, b.recipient_ids)):
        if where == "recipient":
            # a recipient that is also the actor ("Trump ... encouraged him") is one anchor, not two
            left = tuple(x for x in left if x not in actors)
            right = tuple(x for x in right if x not in actors)
        side = side_anchor(left, right)
        if side:
            found.append(f"{where} {side}")
    if same_place(a.event.location, b.event.location, rules):
        found.append("place")
    if shared_figure(a.event, b.event, rules):
        found.append("figure")
    elif {c.kind for c in a.event.counts if c.number} & {c.kind for c in b.event.counts if c.number}:
        found.append("figure_kind")  # both give a toll of the same kind (the figures may differ)
    da, db = stated_day(a.event), stated_day(b.event)
    if da is not None and da == db and a.event.event == b.event.event:
        found.append("same_day")
    if a.article_key == b.article_key:
        found.append("same_article")
        if a.sentence_key is not None and a.sentence_key == b.sentence_key and _trigger(a) == _trigger(b):
            found.append("same_trigger")  # one verb of one sentence, its arguments read two ways
    elif same_wording(a, b, rules):
        found.append("same_wording")
    return found


def _trigger(m: MentionView) -> tuple[int, int] | None:
    return tuple(m.event.evidence[0].trigger) if m.event.evidence else None


def anchor_kind(anchor: str) -> str:
    """"named" for "actor named": the kind an anchor is weighed by."""
    return anchor.rsplit(" ", 1)[-1]


def _side_differs(left: Sequence[Actor], right: Sequence[Actor], ids_l, ids_r) -> bool:
    """Both name someone on this side, and the two share no identity and no word
    ("many more girls" vs "entire villages", "Senate Minority Leader" vs "several members")."""
    if not left or not right or side_anchor(ids_l, ids_r):
        return False
    words_l = {w for r in left for w in (_norm(r.text).split() + _norm(r.name).split())}
    words_r = {w for r in right for w in (_norm(r.text).split() + _norm(r.name).split())}
    return bool(words_l) and bool(words_r) and not words_l & words_r


def _pinned(m: MentionView) -> bool:
    """The text itself dates the mention to a day or a week."""
    return m.event.date_basis in _STATED and m.event.date_precision in ("day", "week")


def tie_score(a: MentionView, b: MentionView, rules: MergeRules, found: Sequence[str] | None = None) -> int:
    """The anchors' weights, less what speaks against one event (a side named differently in each).

    Two articles' mentions need more: a stated date on at least one side (two publication
    dates only guess the time), and two anchors, unless one is a place or a figure of a
    physical event (an actor takes part in many events; a town on a day, or a toll, is
    one). A republished sentence is enough alone."""
    found = anchors(a, b, rules) if found is None else found
    score = sum(rules.weight(x) for x in found)
    if _side_differs(a.event.actor, b.event.actor, a.actor_ids, b.actor_ids):
        score -= rules.side_mismatch_penalty
    if _side_differs(a.event.recipient, b.event.recipient, a.recipient_ids, b.recipient_ids):
        score -= rules.side_mismatch_penalty
    if a.article_key != b.article_key and "same_wording" not in found:
        if not (_pinned(a) or _pinned(b)):
            return min(score, rules.tie_score - 1)
        verbal = a.event.event in rules.verbal_types or b.event.event in rules.verbal_types
        alone = not verbal and any(anchor_kind(x) in rules.sufficient_alone for x in found)
        if not alone and len(found) < 2:
            return min(score, rules.tie_score - 1)
    return score


def tied(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    """Specific anchors say these are the same event (generic actors and shared words never do)."""
    if a.event.id == b.event.id:
        return True
    return tie_score(a, b, rules) >= rules.tie_score


def same_event(a: MentionView, b: MentionView, rules: MergeRules) -> bool:
    if not dates_compatible(a, b):  # the cheapest test first: most candidate pairs fail it
        return False
    return tied(a, b, rules) and hard_compatible(a, b, rules)


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


LONG_DAYS = 62  # intervals longer than this (a year, a range) are looked up apart


def candidate_pairs(
    views: Sequence[MentionView], rules: MergeRules, probing: int | None = None
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) whose types are compatible and whose dates may meet (or, undated,
    that come from one article): a superset of the pairs ``same_event`` can accept.

    With ``probing``, only pairs with at least one of the first ``probing``
    views are wanted (new mentions against stored ones), and only those views
    look for partners: both tests are symmetric, so no such pair is missed,
    and the stored mentions are not compared with each other.

    Mentions are filed by event type and CAMEO root, each file sorted by date,
    so a mention is only compared with the few that overlap it in time,
    instead of with every mention of the batch and its groups.
    """
    pad = timedelta(days=rules.max_slack)
    files: dict[tuple[str, str], list[int]] = {}
    probes: list[set[tuple[str, str]]] = []
    for i, v in enumerate(views):
        filed, probe = _type_keys(v.event, rules)
        probes.append(probe)
        for key in filed:
            files.setdefault(key, []).append(i)
    dated: dict[tuple[str, str], tuple[list[date], list[int], int, list[int]]] = {}
    by_article: dict[tuple[tuple[str, str], str], list[int]] = {}
    for key, members in files.items():
        # short intervals (days, weeks, months) sorted by start; the few long ones (years) apart,
        # so that one "in 2016" does not widen every lookup to a year
        short = sorted((views[i].interval[0], i) for i in members
                       if views[i].interval and (views[i].interval[1] - views[i].interval[0]).days <= LONG_DAYS)
        long = [i for i in members if views[i].interval and (views[i].interval[1] - views[i].interval[0]).days > LONG_DAYS]
        longest = max((views[i].interval[1] - views[i].interval[0]).days for _, i in short) if short else 0
        dated[key] = ([d for d, _ in short], [i for _, i in short], longest, long)
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
                starts, order, longest, long = dated[key]
                lo = bisect_left(starts, v.interval[0] - pad - timedelta(days=longest))
                hi = bisect_right(starts, v.interval[1] + pad)
                others = [j for j in order[lo:hi] if views[j].interval[1] >= v.interval[0] - pad]
                others += [j for j in long if views[j].interval[0] <= v.interval[1] + pad
                           and views[j].interval[1] >= v.interval[0] - pad]
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


def _span_interval(m: MentionView) -> tuple[date, date] | None:
    """The part of a mention's date that counts towards a merged event's span."""
    ev = m.event
    if m.interval is None or not (ev.date_precision in ("day", "week") or ev.date_basis == "publication"):
        return None
    return m.interval


def within_span(members: Sequence[MentionView], m: MentionView, rules: MergeRules) -> bool:
    intervals = [iv for iv in (_span_interval(o) for o in (*members, m)) if iv]
    return days.span_days(intervals) <= rules.max_span_days


def cluster_group(group: Sequence[MentionView], rules: MergeRules) -> list[list[MentionView]]:
    """Split one group into events: a mention joins the event it fits entirely and is tied to
    for a majority of its members; otherwise it starts one. Among several such
    events it takes the one it is tied to most, then the one whose reports give a figure of
    the same kind (a toll goes with the toll), then the one with the most anchors."""
    clusters: list[list[MentionView]] = []
    for m in sorted(group, key=lambda v: v.sort_key):
        best, best_key = None, (0.0, 0, 0)
        kinds = {c.kind for c in m.event.counts}
        for members in clusters:
            if not all(hard_compatible(m, o, rules) for o in members) or not within_span(members, m, rules):
                continue
            scores = [tie_score(m, o, rules) for o in members]
            ties = sum(1 for s in scores if s >= rules.tie_score)
            same_kind = sum(1 for o in members if kinds & {c.kind for c in o.event.counts})
            key = (ties / len(members), same_kind, sum(scores))
            if ties and key[0] > rules.majority and key > best_key:
                best, best_key = members, key
        if best is None:
            clusters.append([m])
        else:
            best.append(m)
    return clusters


def group_id(members: Iterable[MentionView]) -> str:
    return stable_id("event-group", min(m.id for m in members))


# --- building merged events -------------------------------------------------------------
def _informativeness(m: MentionView) -> tuple:
    ev = m.event
    resolved = sum(1 for a in ev.actor + ev.recipient if a.code)
    return (
        ev.modality == "asserted",
        _PRECISION_RANK.get(ev.date_precision, 0) + (1 if ev.date_basis in _STATED else 0),
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
    return max(places, key=lambda p: (p.geonameid is not None and p.feature not in _AREAS,
                                      bool(p.admin1), bool(p.country), p.name))


UNKNOWN_SOURCE = "unknown"


def count_sources(by_article: dict[str, str | None]) -> tuple[list[str], int]:
    """(named outlets, number of sources): articles of unknown outlet count as one "unknown" source."""
    named = sorted({s for s in by_article.values() if s})
    return named, len(named) + (1 if any(not s for s in by_article.values()) else 0)


def build_merged(members: Sequence[MentionView]) -> MergedEvent:
    ordered = sorted(members, key=lambda v: v.sort_key)
    rep = max(ordered, key=_informativeness).event
    actor = rep.actor or next((m.event.actor for m in ordered if m.event.actor), [])
    recipient = rep.recipient or next((m.event.recipient for m in ordered if m.event.recipient), [])
    updates = figure_updates(ordered)
    article_ids = list(dict.fromkeys(m.article_key for m in ordered))
    # one source per original article: a near-duplicate never adds an outlet
    by_article = {m.article_key: m.source for m in ordered}
    sources, num_sources = count_sources(by_article)
    published = sorted(m.published for m in ordered if m.published)
    modalities = Counter(m.event.modality for m in ordered)
    modality = "asserted" if modalities["asserted"] else modalities.most_common(1)[0][0]
    return MergedEvent(
        id=stable_id("merged", ordered[0].id),
        event=rep.event, cameo=rep.cameo, cameo_root=rep.cameo_root, quad_class=rep.quad_class,
        goldstein=rep.goldstein, actor=list(actor), recipient=list(recipient), modality=modality,
        date=rep.date, date_precision=rep.date_precision, location=_best_place(ordered),
        counts=latest_counts(ordered), updates=updates,
        mention_ids=[m.id for m in ordered], article_ids=article_ids, sources=sources,
        num_mentions=len(ordered), num_articles=len(article_ids), num_sources=num_sources,
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

