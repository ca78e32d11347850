"""Which outlet published an article: one name per outlet, however it is found.

The name comes, in this order, from the URL (its host or registrable domain
looked up in ``outlets.tsv``: feeds.reuters.com, in.reuters.com and
reuters.com are all "Reuters"), from the site name the page or feed declares
(checked: a headline fragment such as "Exclusive: U.S. & India consider
joint patrols" is no outlet; known aliases map to the canonical name), from
a copyright footer, from the agency in the dateline or byline ("(Reuters)"),
and last from the URL's registrable domain itself. No name at all is better
than a wrong one: articles of unknown outlet are counted as one "unknown"
source downstream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from ..rules import read_table

HERE = Path(__file__).parent
#: second-level labels under a country code that are registries, not owners ("co.uk", "com.au")
_REGISTRY_LABELS = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gob", "gouv", "nic",
                              "mil", "ltd", "plc", "info", "nom", "web"})
_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_HEADLINE_MARKS = re.compile(r":\s|[?!…]|\.\.\.|\s[\"“‘']|[\"”’']\s")
_DOMAINISH = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)/?$", re.IGNORECASE)
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60


@dataclass(frozen=True)
class OutletTable:
    by_domain: dict[str, str]
    by_name: dict[str, str]  # normalised name or alias -> canonical name


def _key(name: str) -> str:
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).casefold()
    return " ".join(re.findall(r"[\w&]+", text))


@lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for row in read_table(HERE / "outlets.tsv"):
        outlet = row["outlet"]
        by_domain[row["domain"].casefold()] = outlet
        for name in (outlet, row["domain"], *filter(None, row.get("aliases", "").split("|"))):
            by_name.setdefault(_key(name), outlet)
    return OutletTable(by_domain, by_name)


def is_outlet_name(name: str | None) -> bool:
    """Whether a name is a known outlet's name or alias (stages that must never take an outlet
    for an actor or a place ask this)."""
    return bool(name) and _key(name) in outlet_table().by_name


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").casefold().rstrip(".")
    except ValueError:
        return None
    return host or None


def registrable_domain(host: str | None) -> str | None:
    """The domain its owner registered: news.bbc.co.uk -> bbc.co.uk, in.reuters.com -> reuters.com."""
    if not host:
        return None
    labels = host.casefold().rstrip(".").split(".")
    if len(labels) < 2 or all(label.isdigit() for label in labels):
        return host
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _REGISTRY_LABELS else 2
    return ".".join(labels[-keep:])


def site_of(url: str | None) -> str | None:
    """The registrable domain of a URL (the outlet's name when nothing better is known)."""
    return registrable_domain(host_of(url))


def outlet_for_url(url: str | None) -> str | None:
    """The canonical outlet of a URL from the table: its host, then each parent domain."""
    host = host_of(url)
    if not host:
        return None
    table = outlet_table()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        found = table.by_domain.get(".".join(labels[i:]))
        if found:
            return found
    return None


def canonical_name(name: str | None) -> str | None:
    """The canonical name of a known outlet name or alias ("NYTimes" -> "The New York Times")."""
    if not name:
        return None
    return outlet_table().by_name.get(_key(name))


def site_name(value: str | None, title: str | None = None) -> str | None:
    """A declared site name, checked and canonicalised; None when it is no outlet's name."""
    if not value:
        return None
    value = " ".join(value.split())
    known = canonical_name(value)
    if known:
        return known
    domain = _DOMAINISH.match(value)
    if domain:
        host = domain.group(1).casefold()
        return outlet_for_url(host) or registrable_domain(host)
    if value.casefold().startswith(("copyright", "©", "(c)", "http")) or value[:1].isdigit():
        return None
    parts = [p for p in _SEPARATORS.split(value) if p]
    if len(parts) > 1:  # "LinkNaija | Nigeria's popular news platform": the name, not the tagline
        value = parts[0]
        known = canonical_name(value)
        if known:
            return known
    if _HEADLINE_MARKS.search(value) or len(value) > MAX_NAME_CHARS or len(value.split()) > MAX_NAME_WORDS:
        return None
    if title and len(value.split()) >= 3 and _key(value) in _key(title):
        return None  # a fragment of the headline
    if not any(ch.isalpha() for ch in value):
        return None
    return value


def outlet_name(url: str | None, declared: str | None = None, footer: str | None = None,
                agency: str | None = None, title: str | None = None) -> str | None:
    """One name for the outlet of an article (see the module docstring for the order)."""
    return (
        outlet_for_url(url)
        or site_name(declared, title)
        or site_name(footer, title)
        or canonical_name(agency)
        or site_of(url)
    )
