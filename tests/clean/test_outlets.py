"""One name per outlet: from the URL's domain, the declared site name, a footer or the dateline."""

from __future__ import annotations

import pytest

from eventwire.clean import clean
from eventwire.clean.outlets import canonical_name, outlet_name, registrable_domain, site_name
from eventwire.model import RawDocument

BODY = ("The two delegations met in the capital on Tuesday and agreed to meet again next week, officials said. "
        "Neither side gave details of the proposals discussed during the four-hour meeting.")


@pytest.mark.parametrize("url, outlet", [
    ("https://www.reuters.com/world/some-story-idUSKBN1", "Reuters"),
    ("http://feeds.reuters.com/~r/Reuters/worldNews/~3/abc", "Reuters"),
    ("https://in.reuters.com/article/idINKBN2", "Reuters"),
    ("https://edition.cnn.com/2024/05/07/world/story", "CNN"),
    ("https://mobile.nytimes.com/2016/11/06/us/story.html", "The New York Times"),
    ("https://www.bbc.co.uk/news/world-123", "BBC News"),
    ("https://feeds.bbci.co.uk/news/rss.xml", "BBC News"),
    ("https://abcnews.go.com/International/story", "ABC News"),
    ("https://www.abc.net.au/news/2024-05-07/story", "ABC News (Australia)"),
    ("https://usa.chinadaily.com.cn/world/story.html", "China Daily"),
    ("https://news.some-paper.co.uk/world/story", "some-paper.co.uk"),  # unknown: its registrable domain
])
def test_a_url_names_its_outlet(url, outlet):
    assert outlet_name(url) == outlet


@pytest.mark.parametrize("host, domain", [
    ("news.bbc.co.uk", "bbc.co.uk"), ("in.reuters.com", "reuters.com"), ("www.smh.com.au", "smh.com.au"),
    ("example.org", "example.org"), ("japannews.yomiuri.co.jp", "yomiuri.co.jp"),
])
def test_registrable_domains(host, domain):
    assert registrable_domain(host) == domain


@pytest.mark.parametrize("declared, title, outlet", [
    ("NYTimes", None, "The New York Times"),  # an alias of a known outlet
    ("RT International", None, "RT"),
    ("The Valley Tribune", "Talks resume", "The Valley Tribune"),  # an unknown outlet keeps its own name
    ("LinkNaija | Nigeria's popular news platform", None, "LinkNaija"),  # the name, not the tagline
    ("https://www.valleytribune.example", None, "valleytribune.example"),
    ("Exclusive: U.S. & India consider joint patrols", None, None),  # a headline fragment
    ("U.S. & India consider joint patrols", "Exclusive: U.S. & India consider joint patrols in Indian Ocean", None),
    ("Copyright 2014", None, None),
    ("", None, None),
])
def test_a_declared_site_name_is_checked(declared, title, outlet):
    assert site_name(declared, title) == outlet


def test_the_url_wins_over_other_names_and_the_dateline_agency_comes_last():
    assert outlet_name("https://www.reuters.com/x", declared="Reuters India: Top News") == "Reuters"
    assert outlet_name(None, declared=None, footer="The Valley Tribune") == "The Valley Tribune"
    assert outlet_name(None, agency="AP") == "Associated Press"
    assert outlet_name(None, agency="a staff writer") is None  # no outlet is better than a wrong one
    assert canonical_name("the associated press") == "Associated Press"


def test_clean_names_the_outlet_once():
    doc = RawDocument(source="a.json", content=f"Talks resume\n\n{BODY}", content_type="text", format="json",
                      meta={"url": "https://feeds.reuters.com/r/world/123", "source": "Reuters: World News"})
    assert clean(doc).source == "Reuters"
    dateline = RawDocument(source="b.txt", content=f"Talks resume\n\nGENEVA (AP) - {BODY}", content_type="text",
                           format="txt")
    assert clean(dateline).source == "Associated Press"
    fragment = RawDocument(source="c.json", content=f"{BODY}", content_type="text", format="json",
                           meta={"title": "Exclusive: U.S. & India consider joint patrols in Indian Ocean",
                                 "source": "Exclusive: U.S. & India consider joint patrols"})
    assert clean(fragment).source is None
