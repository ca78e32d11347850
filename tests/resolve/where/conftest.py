"""Fixtures for the where tests: the gazetteer and a place finder, built once per session."""

from __future__ import annotations

import pytest

from eventwire.analyze import analyze
from eventwire.model import Article


@pytest.fixture(scope="session")
def gazetteer():
    from eventwire.resolve.where import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def finder(gazetteer):
    from eventwire.resolve.where import PlaceFinder

    return PlaceFinder(gazetteer)


@pytest.fixture(scope="session")
def analyse(nlp):
    """Parse a text we wrote into an Analysis, as the analyze stage does."""

    def run(text: str, dateline: str | None = None, published: str | None = None):
        article = Article(id=Article.make_id(text), text=text, language="en", dateline_place=dateline,
                          published=published)
        return next(analyze(nlp, [article]))

    return run
