"""Choosing which place a name means, from the rest of the article.

Every candidate gets a score: a population prior, a preference for countries
and states over towns of the same name, a penalty for alternate or
transliteration-only matches, and context: the share of the article's other
places and actors in the candidate's country, whether its first-level
division is named or implied elsewhere, its distance to the other places,
"town, state" patterns and the dateline. Mentions of one name in one article
mean one place (one sense per discourse). The choice is refined over a few
rounds, each using the previous round's choices as context, weighted by how
confident they were. Weights live in ``context.yaml``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import Entry, Gazetteer, Match, feature_rank
from .names import name_key, strip_suffix
from .recognise import Toponym, knowledge

EARTH_DIAMETER_KM = 12742.0
LOCAL_FEATURES = ("city", "admin2", "camp")
#: feature classes names in one list tend to share: "Washington, Oregon and Idaho" are all states
LIST_CLASS = {"city": "local", "admin2": "local", "camp": "local", "admin1": "division", "region": "division",
              "country": "country", "continent": "continent"}
TWIN_SHARE = 0.4  # a city with at least this share of a same-named division's population is its twin


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class ArticleContext:
    """What the article says about where it is, besides its place names."""

    countries: Counter[str] = field(default_factory=Counter)  # alpha-2 -> weight (actors' countries)
    dateline: list[Match] = field(default_factory=list)  # candidates of the dateline place


@dataclass
class _Group:
    key: str
    toponyms: list[Toponym]
    matches: list[Match]
    containers: list[object]
    is_container: bool = False
    siblings: list["_Group"] = field(default_factory=list)
    weight: float = 1.0
    chosen: Match | None = None
    confidence: float = 0.0


def _contains(container: Entry, entry: Entry) -> bool:
    if container.feature == "country":
        return entry.cc == container.cc
    if container.feature == "admin1":
        return entry.cc == container.cc and entry.admin1code == container.admin1code and entry is not container
    if container.feature == "admin2":
        return entry.cc == container.cc and distance_km(container.latitude, container.longitude,
                                                         entry.latitude, entry.longitude) < 60
    return False


#: how far a town's surroundings reach when it names the district a village lies in (km)
TOWN_REACH_KM = 60.0
#: how far from a division's point a place of that division may lie when its code is unknown (km)
DIVISION_REACH_KM = 250.0


def inside(container: Entry, entry: Entry) -> bool:
    """Whether ``entry`` lies in the place a context names: the same country and first-level
    division, or near the town or district (what an ACLED-style "(Gueskerou, Diffa)" means)."""
    if not container.cc or entry.cc != container.cc:
        return False
    if container.feature == "country":
        return True
    if container.feature == "admin2" and entry.admin2:
        return name_key(entry.admin2) == name_key(container.name) or name_key(entry.admin2) == name_key(
            strip_suffix(container.name)[0])
    near = distance_km(container.latitude, container.longitude, entry.latitude, entry.longitude)
    if container.feature in ("admin1", "region"):
        if container.admin1code and entry.admin1code:
            return entry.admin1code == container.admin1code
        return near <= DIVISION_REACH_KM
    return near <= TOWN_REACH_KM


DIVISIONS = ("admin1", "admin2", "region", "country")
#: a city this big after a comma names the region around it (recognise.REGION_CAPITAL)
REGION_CAPITAL = 100_000


def _container_entry(top: Toponym) -> Entry | None:
    """The place a name's context puts it in; after a comma only a division holds a place
    ("Izium, Kharkiv" the oblast; "Wajir, Mandera" is a list of towns, not a containment)."""
    container = top.container
    if not isinstance(container, Toponym):
        return container
    if container.chosen is None:
        return None
    if top.coordination is not None and top.coordination == container.coordination:
        return None  # "Greece, Bulgaria, Italy": one list
    entry = container.chosen.entry
    if top.container_link == "comma" and entry.feature not in DIVISIONS:
        division = [m.entry for m in container.matches if m.entry.feature in DIVISIONS and m.entry.cc == entry.cc]
        if division:
            return max(division, key=lambda e: e.population)
        if entry.feature == "city" and entry.population >= REGION_CAPITAL and container.chosen.quality == 0:
            # "Andriivka, Kyiv": the region around a big city, read as a division at the city's point
            return entry._replace(feature="region", admin1code="")
        return None
    return entry


def place_in_containers(toponyms: list[Toponym]) -> None:
    """A name followed by where it lies ("Kindjandi (Gueskerou, Diffa)", "Izium, Kharkiv", "Yak
    Lingah of Tarinkot district") is read inside that place: the reading inside it when there is
    one; else, when the gazetteer does not know the name there, the place it lies in stands for it
    (``Match.fallback``), never a namesake on another continent. Containers come after the names
    they contain, so the list is walked from the end."""
    for top in sorted(toponyms, key=lambda t: (t.sentence_index, t.start), reverse=True):
        if top.container is None:
            continue
        where = _container_entry(top)
        if where is None:
            continue
        own = top.chosen.entry if top.chosen is not None and not top.chosen.fallback else None
        if own is not None and own.feature in DIVISIONS and feature_rank(own.feature) >= feature_rank(where.feature):
            continue  # "Austria, Germany": a country is not held by a country
        if top.chosen is not None and not top.chosen.fallback and inside(where, top.chosen.entry):
            continue
        within = [m for m in top.matches if inside(where, m.entry)]
        if within:
            top.chosen = max(within, key=lambda m: (m.quality == 0, m.entry.population))
            top.confidence = max(top.confidence, 0.8)
        else:
            top.chosen = Match(where, 0, top.chosen.feature if top.chosen else None, False, True)
            top.confidence = 0.6
        top.alternatives = [m for m in top.matches if m is not top.chosen][:3]


def _without_twins(matches: list[Match]) -> list[Match]:
    """Drop alternate-name readings of a country's or alias's name, and a division that is a city's twin ("Tbilisi", "Berlin", "Moscow": the city and the region
    around it share name and point); the city is what news means."""
    if any(m.quality == 0 and (m.preferred or m.entry.feature in ("country", "continent")) for m in matches):
        # "Mexico" is the country; Mexico City only lists it among its alternate names
        matches = [m for m in matches if m.quality == 0]
    cities = [m.entry for m in matches if m.entry.feature == "city"]
    out = []
    for m in matches:
        e = m.entry
        if e.feature in ("admin1", "admin2") and any(
                c.cc == e.cc and c.population >= TWIN_SHARE * e.population
                and distance_km(c.latitude, c.longitude, e.latitude, e.longitude) < 100 for c in cities):
            continue
        out.append(m)
    return out


class Disambiguator:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.w = knowledge()["scoring"]

    def _groups(self, toponyms: list[Toponym]) -> list[_Group]:
        by_key: dict[str, _Group] = {}
        for top in toponyms:
            key = name_key(top.text)
            if key not in self.gaz.exact:  # "London city" and "London" are one name; "Kansas City" is not "Kansas"
                key = name_key(strip_suffix(top.text)[0])
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = _Group(key, [], _without_twins(top.matches), [])
            group.toponyms.append(top)
            if top.container is not None:
                group.containers.append(top.container)
        lists: dict[tuple[int, int], list[_Group]] = {}
        for group in by_key.values():
            for top in group.toponyms:
                if top.coordination is not None:
                    lists.setdefault(top.coordination, []).append(group)
        for members in lists.values():
            for group in members:
                group.siblings.extend(g for g in members if g is not group and g not in group.siblings)
        containers = {id(t.container) for t in toponyms if isinstance(t.container, Toponym)}
        for group in by_key.values():
            group.is_container = any(id(t) in containers for t in group.toponyms)
            group.weight = min(3.0, 1.0 + 0.5 * (len(group.toponyms) - 1))
        return list(by_key.values())

    def _prior(self, match: Match, group: _Group) -> float:
        e = match.entry
        score = self.w["population"] * math.log10(e.population + 100)
        score += self.w["feature"].get(e.feature, 0.0)
        score -= self.w["quality"][match.quality]
        if match.preferred:
            score += self.w["preferred"]
        if e.geonameid in self.gaz.capitals:
            score += self.w["capital"]
        hint = match.feature
        if hint and (hint == e.feature or (hint in ("camp", "city") and e.feature == "city")
                     or (hint == "region" and e.feature == "admin1")):
            score += self.w["kind_word"]
        if group.is_container and e.feature in ("admin1", "admin2", "country"):
            score += self.w["container_kind"]
        return score

    def _container_bonus(self, match: Match, group: _Group, groups_by_toponym: dict[int, _Group]) -> float:
        for container in group.containers:
            if isinstance(container, Toponym):
                cgroup = groups_by_toponym.get(id(container))
                entries = [cgroup.chosen.entry] if cgroup and cgroup.chosen else [m.entry for m in container.matches]
            else:
                entries = [container]
            if any(_contains(c, match.entry) for c in entries):
                return self.w["container"]
        return 0.0

    def resolve(self, toponyms: list[Toponym], context: ArticleContext | None = None) -> None:
        """Set ``chosen``, ``confidence`` and ``alternatives`` on every toponym."""
        context = context or ArticleContext()
        groups = self._groups(toponyms)
        groups_by_toponym = {id(t): g for g in groups for t in g.toponyms}
        dateline = _Group("<dateline>", [], list(context.dateline), [], weight=self.w["dateline_weight"])
        everyone = groups + ([dateline] if dateline.matches else [])
        # closeness to the other names' readings does not change between rounds
        near = {(id(g), i): self._near_candidates(m.entry, g, everyone) if len(g.matches) > 1 else 0.0
                for g in everyone for i, m in enumerate(g.matches)}
        for round_no in range(self.w["rounds"]):
            contributions = {id(g): self._contribution(g) for g in everyone if g.chosen is not None}
            for group in everyone:
                countries, admin1s, points = self._context(context, contributions, exclude=id(group))
                total = sum(countries.values())
                scored = []
                for i, match in enumerate(group.matches):
                    score = self._prior(match, group) + near[(id(group), i)]
                    if round_no > 0 or group is not dateline:
                        score += self._context_score(match.entry, countries, total, admin1s, points)
                    score += self._container_bonus(match, group, groups_by_toponym)
                    if round_no > 0 and group.siblings:
                        score += self._list_bonus(match.entry, group)
                    scored.append((score, match.entry.population, match))
                scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
                group.chosen = scored[0][2] if scored else None
                if len(scored) > 1:
                    group.confidence = 1.0 / (1.0 + math.exp(-(scored[0][0] - scored[1][0])))
                elif scored:
                    group.confidence = 0.95 if scored[0][2].quality < 2 else 0.6
                group_alternatives = [s[2] for s in scored[1:4]]
                for top in group.toponyms:
                    top.chosen, top.confidence, top.alternatives = group.chosen, group.confidence, group_alternatives
        context.dateline = [dateline.chosen] if dateline.chosen else []
        place_in_containers(toponyms)
        self._drop_strangers(groups, context)

    def _drop_strangers(self, groups: list[_Group], context: ArticleContext) -> None:
        """A weak reading (a transliteration match, or a small town only the gazetteer found, with
        no place after it to say where) in a country nothing else in the article is in, while
        the article's other places (and nationality words) point to another country, is not taken: "Namanga"
        in a Kenyan note is not Namangan in Uzbekistan."""
        support: Counter[str] = Counter()  # other places only: an attacker's country is not where it attacks
        for g in groups:
            chosen = g.toponyms[0].chosen if g.toponyms else None  # after containers placed it
            if chosen is not None and chosen.entry.cc and not self._weak(g) \
                    and not all(t.source == "demonym" for t in g.toponyms):
                support[chosen.entry.cc] += g.weight
        if not support:
            return
        for g in groups:
            if g.chosen is None or not self._weak(g) or support.get(g.chosen.entry.cc) \
                    or any(t.chosen is not None and t.chosen.fallback for t in g.toponyms):
                continue
            g.chosen = None
            for top in g.toponyms:
                top.chosen, top.confidence, top.alternatives = None, 0.0, []

    def _weak(self, group: _Group) -> bool:
        chosen = group.chosen
        if chosen is None or group.containers or group.is_container or chosen.entry.feature not in LOCAL_FEATURES:
            return False
        if chosen.quality == 2:
            return True
        return chosen.entry.population < self.w["stranger_population"] and all(
            t.source in ("gazetteer", "article", "context") or t.source.startswith("ner:PERSON")
            or t.source.startswith("ner:NORP") or t.source.startswith("ner:ORG") for t in group.toponyms)

    def _list_bonus(self, entry: Entry, group: _Group) -> float:
        chosen = [g.chosen.entry for g in group.siblings if g.chosen is not None]
        if not chosen:
            return 0.0
        same = sum(1 for e in chosen if LIST_CLASS.get(e.feature) == LIST_CLASS.get(entry.feature))
        return self.w["list_class"] * same / len(chosen)

    def _near_candidates(self, entry: Entry, group: _Group, groups: list[_Group]) -> float:
        """Closeness to any reading of the other ambiguous names: "Paris" and "Henry County" pull
        each other to Tennessee even before either is settled."""
        if entry.feature not in LOCAL_FEATURES:
            return 0.0
        bonus = 0.0
        for other in groups:
            if other is group or len(other.matches) < 2:
                continue
            nearest = min((distance_km(entry.latitude, entry.longitude, m.entry.latitude, m.entry.longitude)
                           for m in other.matches if m.entry.feature in LOCAL_FEATURES), default=None)
            if nearest is None:
                continue
            for limit, value in self.w["near"]:
                if nearest <= limit:
                    bonus += value * self.w["near_candidates"]
                    break
        return min(bonus, self.w["near_candidates_cap"])

    def _contribution(self, group: _Group) -> tuple[Entry, float]:
        return group.chosen.entry, group.weight * group.confidence

    def _context(self, context: ArticleContext, contributions: dict[int, tuple[Entry, float]], exclude: int):
        countries: Counter[str] = Counter()
        for cc, weight in context.countries.items():
            countries[cc] += weight * self.w["actor_weight"]
        admin1s: Counter[tuple[str, str]] = Counter()
        points: list[tuple[float, float, float]] = []
        for key, (entry, weight) in contributions.items():
            if key == exclude or entry.feature == "continent":
                continue
            countries[entry.cc] += weight
            if entry.feature != "country" and entry.admin1code:
                admin1s[(entry.cc, entry.admin1code)] += weight
            if entry.feature in LOCAL_FEATURES:
                points.append((entry.latitude, entry.longitude, weight))
        return countries, admin1s, points

    def _context_score(self, entry: Entry, countries: Counter[str], total: float,
                       admin1s: Counter[tuple[str, str]], points: list[tuple[float, float, float]]) -> float:
        score = 0.0
        if entry.feature == "continent" or not entry.cc:
            return score
        if countries.get(entry.cc):
            score += self.w["country_seen"] + self.w["country_share"] * countries[entry.cc] / total
        if entry.feature != "country" and admin1s.get((entry.cc, entry.admin1code)):
            score += self.w["admin1_seen"]
        if entry.feature in LOCAL_FEATURES and points:
            nearest = min(distance_km(entry.latitude, entry.longitude, lat, lon) for lat, lon, _ in points)
            for limit, bonus in self.w["near"]:
                if nearest <= limit:
                    score += bonus
                    break
        return score


__all__ = ["ArticleContext", "Disambiguator", "distance_km"]
