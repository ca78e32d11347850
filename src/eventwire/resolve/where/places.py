"""Every place an article names, resolved: ``places_in(analysis)``.

Toponyms are recognised sentence by sentence, then disambiguated together
with the article's context: its other places, the countries of the people,
groups and nationalities it names (through the actors stage's public
resolver) and its dateline.
"""

from __future__ import annotations

from functools import lru_cache

from ...analyze import Analysis
from ...model import Place, PlaceMention
from .disambiguate import ArticleContext, Disambiguator
from .gazetteer import Gazetteer, Match, load_gazetteer
from .names import strip_suffix
from .recognise import Recogniser, Toponym

#: spaCy labels whose mentions tell which countries an article is about ("Egyptian", "Hamas", "Netanyahu")
ACTOR_LABELS = ("NORP", "PERSON", "ORG")


class PlaceFinder:
    """Recogniser and disambiguator over one gazetteer; build once, reuse for many articles."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, use_ner: bool = True, use_gazetteer: bool = True,
                 use_actors: bool = True) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.use_actors = use_actors
        self.recogniser = Recogniser(self.gaz, use_ner=use_ner, use_gazetteer=use_gazetteer,
                                     demonym_country=self.demonym_country if use_actors else None)
        self.disambiguator = Disambiguator(self.gaz)

    def demonym_country(self, text: str) -> str | None:
        """ISO alpha-2 of a nationality word ("Egyptian", "Palestinians"), by the actors stage's resolver."""
        from ...actors import default_resolver

        found = default_resolver().find(text)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(text) and not found[0].role:
            return self.gaz.alpha2.get(found[0].country or found[0].code or "")
        return None

    def to_place(self, match: Match, text: str | None = None, start: int | None = None,
                 end: int | None = None) -> Place:
        e = match.entry
        if e.feature == "admin1":
            admin1 = e.name
        elif e.feature in ("country", "continent"):
            admin1 = None
        else:
            admin1 = self.gaz.admin1_name(e.cc, e.admin1code) or (e.admin1code or None)
        admin2 = e.name if e.feature == "admin2" else (e.admin2 or None)
        country = self.gaz.alpha3.get(e.cc) if e.cc else None
        if match.fallback:
            # a place the gazetteer does not know, at the point of the town or division it lies in
            name = strip_suffix(text)[0] if text else e.name
            return Place(name=name, geonameid=None, latitude=e.latitude, longitude=e.longitude, country=country,
                         admin1=admin1, feature=e.feature, text=text, start=start, end=end,
                         precision=precision_of(e.feature, fallback=True), admin2=admin2)
        feature = match.feature if match.feature in ("camp",) else e.feature
        return Place(name=e.name, geonameid=e.geonameid, latitude=e.latitude, longitude=e.longitude,
                     country=country, admin1=admin1, feature=feature, text=text, start=start, end=end,
                     precision=precision_of(feature, kind_word=match.feature), admin2=admin2)

    def context_of(self, analysis: Analysis) -> ArticleContext:
        """Countries the article's people, groups and nationalities belong to, and its dateline."""
        context = ArticleContext()
        if self.use_actors:
            from ...actors import default_resolver

            resolver = default_resolver()
            for mention in analysis.mentions:
                if mention.label not in ACTOR_LABELS:
                    continue
                for actor in resolver.find(mention.text, analysis.article.published):
                    cc = self.gaz.alpha2.get(actor.country or actor.code or "")
                    if cc:
                        context.countries[cc] += 1
        if analysis.article.dateline_place:
            context.dateline = self.gaz.lookup(analysis.article.dateline_place)
        return context

    def toponyms(self, analysis: Analysis) -> tuple[list[Toponym], ArticleContext]:
        """Recognised and disambiguated toponyms (with token positions, for ``locate_events``)."""
        found = self.recogniser.in_sentences([(s.index, span) for s, span in analysis.sentence_spans()])
        context = self.context_of(analysis)
        self.disambiguator.resolve(found, context)
        return found, context

    def places_in(self, analysis: Analysis) -> list[PlaceMention]:
        toponyms, _ = self.toponyms(analysis)
        sentences = {s.index: s for s in analysis.sentences}
        out: list[PlaceMention] = []
        for top in toponyms:
            if top.chosen is None:
                continue
            offset = sentences[top.sentence_index].start
            out.append(PlaceMention(
                article_id=analysis.article.id,
                sentence_index=top.sentence_index,
                start=offset + top.start,
                end=offset + top.end,
                text=top.text,
                place=self.to_place(top.chosen, top.text, top.start, top.end),
                recogniser=top.source,
                confidence=round(top.confidence, 3),
                alternatives=[self.to_place(m) for m in top.alternatives],
            ))
        return out

    def resolve_name(self, text: str, places: list[PlaceMention] | None = None) -> Place | None:
        """One place name outside the text (a dateline), resolved with the article's places as context."""
        matches = self.gaz.lookup(text)
        if not matches:
            return None
        context = ArticleContext()
        for mention in places or ():
            cc = self.gaz.alpha2.get(mention.place.country or "")
            if cc:
                context.countries[cc] += 1
        top = Toponym(-1, 0, len(text), text, "dateline", matches)
        self.disambiguator.resolve([top], context)
        return self.to_place(top.chosen, text) if top.chosen else None

    def country_place(self, code: str) -> Place | None:
        """The country (ISO alpha-3 or alpha-2) as a place at its representative point."""
        entry = self.gaz.country(code)
        if entry is None:
            return None
        return self.to_place(Match(entry, 0))


#: ACLED geo_precision of a place by its feature: the town itself, its district, its province or coarser
PRECISION = {"city": 1, "camp": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3, "continent": 3}


def precision_of(feature: str | None, fallback: bool = False, kind_word: str | None = None) -> int:
    """1 for a town or site, 2 for a district (or a town written as a district: "Tagab district"),
    3 for a province, region or country; a place standing in for one the gazetteer does not know
    is one step coarser when it is a town (2: "near Gueskerou"), and as coarse when a division."""
    level = PRECISION.get(feature or "", 3)
    if level == 1 and (fallback or kind_word in ("admin2", "admin1", "region")):
        return 2
    return level


@lru_cache(maxsize=1)
def default_finder() -> PlaceFinder:
    return PlaceFinder()


def places_in(analysis: Analysis, finder: PlaceFinder | None = None) -> list[PlaceMention]:
    """Every place mentioned in the article, resolved, in article order (for the map)."""
    if analysis.skipped:
        return []
    return (finder or default_finder()).places_in(analysis)


__all__ = ["PlaceFinder", "default_finder", "places_in"]
