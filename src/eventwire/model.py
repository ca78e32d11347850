"""The one data model every stage takes and returns.

Stages never share private state: a reader yields ``RawDocument`` (or
``Problem``), the cleaner turns it into an ``Article``, the analyser adds
``Sentence``/``Mention`` objects, the coder produces ``Event`` objects that
carry their ``Evidence``, later stages add dates, places, counts and
``Story`` objects, and the store persists all of them.

Ids are hashes of content so that re-ingesting the same material is a no-op.
Dates are ISO strings (``YYYY-MM-DD``) or ``None``; precision and basis say
how much of the date is known and where it came from, so nothing is invented.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from copy import deepcopy
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "year", "unknown"]
#: where an article's publication date came from
PublishedBasis = Literal["metadata", "dateline", "option", "unknown"]
#: where an event's date came from
DateBasis = Literal["explicit", "relative", "publication", "unknown"]
Modality = Literal["asserted", "negated", "future", "hypothetical", "conditional", "historical"]
#: what two sources disagree on (``Contradiction.kind``)
ContradictionKind = Literal["count", "date", "negation"]
#: "actor_country" is no longer produced (an actor's country is not where it acts); kept for stored events
LocationBasis = Literal["clause", "sentence", "scene", "dateline", "actor_country", "unknown"]

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Canonical form used for content hashing: NFKC, casefolded, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WS.sub(" ", text).strip()


def stable_id(*parts: str, length: int = 16) -> str:
    """Hex digest of the given parts; the same content always gets the same id."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def to_dict(obj: Any) -> dict[str, Any]:
    """Plain-dict form of any model dataclass (for JSON, the store, exports).

    The same result as ``dataclasses.asdict`` without its deep copies of every
    leaf value (ours are strings and numbers): a batch's events serialise
    several times faster.
    """
    return _plain(obj)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if cls is list or cls is tuple:
        return cls(_plain(v) for v in value)
    if cls is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return asdict(value) if is_dataclass(value) else deepcopy(value)


@dataclass(frozen=True)
class Problem:
    """Why one input (a file, a line, a record) could not be used.

    ``locator`` narrows the place inside the source ("line 12", "record 3").
    ``code`` is a stable identifier from ``eventwire.errors``.
    """

    source: str
    reason: str
    code: str
    locator: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.locator}" if self.locator else self.source
        return f"{where}: {self.reason} [{self.code}]"


@dataclass
class RawDocument:
    """What a reader found, before any cleaning.

    ``content`` is text (already decoded); ``content_type`` says how to
    clean it ("text" or "html"). ``meta`` carries whatever metadata the
    container had (title, url, date, author, site) under those keys.
    """

    source: str  # file path, URL or "<stdin>"
    content: str
    content_type: Literal["text", "html"]
    format: str  # txt, html, json, jsonl, rss, warc, url, stdin
    locator: str | None = None  # line/record inside the source
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def raw_ref(self) -> str:
        return f"{self.source}#{self.locator}" if self.locator else self.source


@dataclass
class Article:
    """A cleaned news article. ``id`` is a hash of its normalised clean text."""

    id: str
    text: str  # clean body; paragraphs separated by blank lines
    title: str | None = None
    url: str | None = None
    source: str | None = None  # site / outlet (domain or feed title)
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD or None when unknown
    published_precision: DatePrecision = "unknown"
    published_basis: PublishedBasis = "unknown"
    dateline_place: str | None = None
    language: str | None = None  # ISO 639-1, e.g. "en"
    language_confidence: float | None = None
    format: str | None = None
    raw_ref: str | None = None  # where the raw input lives (path#locator / URL)
    #: character spans in ``text`` that are section headings, not sentences
    headings: list[tuple[int, int]] = field(default_factory=list)
    duplicate_of: str | None = None  # canonical article id when a near-duplicate
    duplicate_similarity: float | None = None

    @staticmethod
    def make_id(text: str) -> str:
        return stable_id(normalise_text(text))

    @property
    def is_english(self) -> bool:
        return self.language == "en"


@dataclass
class Sentence:
    """One sentence of an article; offsets are into ``Article.text``.

    The title is coded as the article's first sentence but is not part of the
    text: its sentence has ``is_title`` set, index -1 (``analyze.TITLE_INDEX``)
    and offsets into its own ``text`` (the title as coded, from ``Article.title``).
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str
    is_heading: bool = False
    is_title: bool = False


@dataclass
class Mention:
    """A named-entity (or gazetteer) mention; offsets into ``Article.text``."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, ...) or GAZETTEER


@dataclass
class Actor:
    """An event participant: text as written plus its resolved code.

    ``code`` is ISO 3166 alpha-3 or an IGO/NGO code; ``sector`` one of GOV,
    MIL, REB, OPP, IGO, NGO, MED, CVL, POL, BUS, JUD, ... An actor that cannot
    be resolved keeps its text with ``resolved = False``.
    """

    text: str
    code: str | None = None
    sector: str | None = None
    name: str | None = None  # canonical name ("Benjamin Netanyahu", "Hamas")
    wikidata: str | None = None
    resolved: bool = False
    start: int | None = None  # offsets into the sentence text
    end: int | None = None
    role: str | None = None  # office held on the event date, e.g. "head of government"
    #: home country (ISO 3166 alpha-3) when ``code`` is a group's own code ("HAMAS" -> "PSE"),
    #: or the country a generic agent ("police", "gunmen") takes from the event's place
    country: str | None = None
    #: ACLED actor type: state, rebel, political militia, identity militia, rioters, protesters,
    #: civilians, external (see ontology/acled.py); None when nothing says
    kind: str | None = None


@dataclass
class Place:
    """A resolved place (GeoNames id where known)."""

    name: str
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None  # ISO 3166 alpha-3
    admin1: str | None = None
    feature: str | None = None  # city, country, admin1, camp, region, ...
    text: str | None = None  # as written
    start: int | None = None  # offsets into the sentence text
    end: int | None = None
    #: how exactly the point is the place (ACLED's geo_precision): 1 the town, village or site itself;
    #: 2 near it, or only its district (admin2) or the town the district is named after is known;
    #: 3 only its province (admin1) or a coarser area; a country gets 3 with feature "country"
    precision: int | None = None
    admin2: str | None = None  # second-level division (district, county) where known


@dataclass
class PlaceMention:
    """A place named in an article (for the map): where it is written and what it resolved to.

    ``start``/``end`` are offsets into ``Article.text``; ``place`` carries the
    resolved place with offsets into the sentence. ``alternatives`` keeps the
    runner-up readings so a wrong choice can be seen and corrected.
    """

    article_id: str | None
    sentence_index: int
    start: int
    end: int
    text: str
    place: Place
    recogniser: str = ""  # "ner:GPE", "ner:NORP", "gazetteer"
    confidence: float = 0.0
    alternatives: list[Place] = field(default_factory=list)


@dataclass
class Count:
    """A number attached to an event ("over 400 targets", "dozens killed")."""

    kind: str  # killed, injured, arrested, abducted, hostages, prisoners, displaced, targets, protesters
    number: int | None
    qualifier: str | None = None  # over, approximately, at least, dozens, ...
    text: str = ""
    source: str | None = None  # who gives the figure
    anonymous: bool = False
    outlet: str | None = None  # the news outlet an unnamed source spoke to ("told CNN")


@dataclass
class Evidence:
    """Where an event was found and why it was coded the way it was."""

    article_id: str | None
    sentence_index: int | None
    sentence: str
    trigger: tuple[int, int]  # offsets into ``sentence``
    arguments: dict[str, tuple[int, int]] = field(default_factory=dict)
    rule: str = ""
    confidence: float = 0.0


@dataclass
class Event:
    """One coded event (a mention, or after merging, a merged event)."""

    event: str  # PLOVER type
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None
    modality: Modality = "asserted"
    attribution: str | None = None  # who said it, for reported speech
    attribution_anonymous: bool = False
    date: str | None = None  # 2024-07-25, 2024-W31, 2024-07 or 2024, as date_precision says
    date_precision: DatePrecision = "unknown"
    date_basis: DateBasis = "unknown"
    date_text: str | None = None
    location: Place | None = None
    location_basis: LocationBasis = "unknown"
    counts: list[Count] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    id: str = ""
    date_end: str | None = None  # last date of a range ("between January 4 and February 7")
    attribution_outlet: str | None = None  # the news outlet the source spoke to ("told CNN")
    #: how central the event is to its sentence (1 = the main clause); picks the principal event
    salience: float = 0.0
    #: ACLED actor type codes of the two sides (1 state forces ... 8 external/other; 0 = no second actor)
    acled_inter1: int | None = None
    acled_inter2: int | None = None
    #: ACLED-style names of the two sides ("Police Forces of Kenya", "Protesters (Kenya)")
    acled_actor1: str | None = None
    acled_actor2: str | None = None
    #: ACLED's fatalities for the event (its killed figure, from every clause and sentence of it)
    fatalities: int | None = None

    def compute_id(self) -> str:
        """Id from the first evidence position and type (stable across runs)."""
        ev = self.evidence[0] if self.evidence else None
        key = (
            ev.article_id or "",
            str(ev.sentence_index),
            f"{ev.trigger[0]}-{ev.trigger[1]}",
        ) if ev else ("",)
        actors = ",".join(a.text for a in self.actor)
        recipients = ",".join(a.text for a in self.recipient)
        return stable_id(*key, self.event, actors, recipients)


@dataclass
class Story:
    """A storyline: articles and their events grouped over time."""

    id: str
    label: str
    article_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    linked_story_ids: list[str] = field(default_factory=list)
    #: "storyline" (a whole story over time) or "chapter" (one burst of it)
    kind: str = "storyline"
    parent_id: str | None = None  # a chapter's storyline
    num_articles: int = 0  # near-duplicates counted once
    num_sources: int = 0  # distinct sites of the canonical articles


@dataclass
class MergedEvent:
    """One real-world event: every mention of it, across sentences and articles.

    The descriptive fields come from the most informative mention (see
    ``eventwire.across.merge``); ``mention_ids`` keeps every mention as evidence.
    ``num_articles`` counts a near-duplicate with its original, and
    ``num_sources`` counts distinct sites of the original articles, so a
    re-published copy never inflates either.
    """

    id: str
    event: str
    cameo: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    modality: Modality = "asserted"
    date: str | None = None
    date_precision: DatePrecision = "unknown"
    location: Place | None = None
    counts: list[Count] = field(default_factory=list)
    mention_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # canonical article ids
    sources: list[str] = field(default_factory=list)
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0
    first_seen: str | None = None  # earliest publication date among its articles
    last_seen: str | None = None
    confidence: float = 0.0
    #: figures that changed between reports (a later, higher toll), oldest report first;
    #: ``counts`` holds the latest figure of each kind
    updates: list[Update] = field(default_factory=list)


@dataclass
class ContradictionSide:
    """What one source says: the value, who says it, and the evidence sentence."""

    value: str
    event_id: str
    article_id: str | None
    source: str | None  # site of the article
    attribution: str | None = None  # who gives the figure / claim inside the article
    sentence: str = ""
    published: str | None = None  # when the article reported it
    date: str | None = None  # the event date this mention states


@dataclass
class Contradiction:
    """Two sources disagree about the same merged event.

    ``kind`` is "count" (different figures for the same count kind), "date"
    (different dates beyond their precision) or "negation" (asserted by one
    source, denied by another); ``subject`` names what is disputed ("killed",
    "date", "CONSULT").
    """

    id: str
    merged_event_id: str
    kind: str
    subject: str
    sides: list[ContradictionSide] = field(default_factory=list)
    why: str = ""  # why it was flagged: the values, their report dates and sources, what ties them


@dataclass
class Update:
    """A figure of one merged event that changed between reports (not a dispute).

    ``steps`` are the reports in the order they were published, each with its
    value, outlet, article, sentence and publication date; the last is the
    event's current figure.
    """

    subject: str  # the count kind ("killed", "injured", ...)
    steps: list[ContradictionSide] = field(default_factory=list)





def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an ``Event`` from ``to_dict`` output (the store keeps events as JSON).

    Keys this version does not know are ignored, so a store written by a later
    minor version still reads.
    """
    known = set(Event.__dataclass_fields__)
    fields_ = {k: v for k, v in data.items() if k in known}
    fields_["actor"] = [_known(Actor, a) for a in data.get("actor") or []]
    fields_["recipient"] = [_known(Actor, a) for a in data.get("recipient") or []]
    fields_["counts"] = [_known(Count, c) for c in data.get("counts") or []]
    fields_["location"] = _known(Place, data["location"]) if data.get("location") else None
    evidence = []
    for ev in data.get("evidence") or []:
        ev = dict(ev)
        ev["trigger"] = tuple(ev.get("trigger") or (0, 0))
        ev["arguments"] = {k: tuple(v) for k, v in (ev.get("arguments") or {}).items()}
        evidence.append(_known(Evidence, ev))
    fields_["evidence"] = evidence
    fields_["context"] = list(data.get("context") or [])
    return Event(**fields_)


def _known(cls: type, data: dict[str, Any]) -> Any:
    names = set(cls.__dataclass_fields__)
    return cls(**{k: v for k, v in data.items() if k in names})
