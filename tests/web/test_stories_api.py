"""Story routes (API and pages): lists, details, filters, paging, 422 on bad parameters, 404 on unknown ids."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from eventwire.db import Eventwire
from eventwire.web.app import create_app

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only


@pytest.fixture(scope="module")
def client(storied_store):
    return TestClient(create_app(storied_store), base_url=LOCAL)


@pytest.fixture(scope="module")
def gaza(client):
    """The storyline of the two Gaza reports."""
    return next(s for s in client.get("/api/stories").json()["items"] if s["num_articles"] == 2)


@pytest.fixture(scope="module")
def strike(client):
    return client.get("/api/merged-events?type=ASSAULT").json()["items"][0]


def chart_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_openapi_lists_the_story_routes(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/merged-events", "/api/merged-events/{merged_id}",
                 "/api/contradictions"):
        assert path in paths, path
    assert "story" in {p["name"] for p in paths["/api/events"]["get"]["parameters"]}


def test_stories_list_largest_first_with_counts(client):
    page = client.get("/api/stories").json()
    assert page["total"] == 2 and page["next_offset"] is None
    first, second = page["items"]
    assert (first["num_articles"], first["num_sources"], first["num_events"], first["num_chapters"]) == (2, 2, 2, 1)
    assert (first["start_day"], first["end_day"]) == ("2024-05-05", "2024-05-05")  # both report the strike that day
    assert (second["num_articles"], second["num_events"]) == (1, 1)
    assert client.get("/api/stories?limit=1&offset=1").json()["items"][0]["id"] == second["id"]
    assert client.get("/api/stories?limit=1").json()["next_offset"] == 1


def test_stories_filters(client, gaza):
    later = client.get("/api/stories?since=2024-06-01").json()["items"]
    assert len(later) == 1 and later[0]["id"] != gaza["id"] and later[0]["start_day"] == "2024-12-02"
    assert client.get("/api/stories?until=2024-05-05").json()["total"] == 1  # overlaps the Gaza span only
    assert client.get("/api/stories?min_articles=2").json()["total"] == 1
    label_word = gaza["label"].split()[0]
    assert gaza["id"] in {s["id"] for s in client.get(f"/api/stories?q={label_word.lower()}").json()["items"]}
    assert client.get("/api/stories?q=%25").json()["total"] == 0  # % is a character, not a wildcard
    chapters = client.get(f"/api/stories?kind=chapter&parent={gaza['id']}").json()
    assert chapters["total"] == 1 and chapters["items"][0]["parent_id"] == gaza["id"]


@pytest.mark.parametrize("query", [
    "kind=book", "limit=0", "limit=501", "offset=-1", "since=2024-02-30", "since=2024-06-01&until=2024-05-01",
    "min_articles=0", "parent=xyz", "parent=abcdef", "q=" + "x" * 201,
])
def test_bad_story_list_parameters_are_422(client, query):
    r = client.get(f"/api/stories?{query}")
    assert r.status_code == 422, query
    assert r.json()["error"]["code"] == "E600" and r.json()["error"]["details"][0]["param"]


def test_story_detail(client, gaza, strike):
    story = client.get(f"/api/stories/{gaza['id'][:8]}").json()  # a unique prefix works
    assert story["id"] == gaza["id"] and story["kind"] == "storyline"
    assert story["timeline_total"] == story["num_events"] == 2
    assert sorted(a["title"] for a in story["articles"]) == ["Story report A", "Story report B"]
    assert len(story["chapters"]) == 1 and story["chapters"][0]["num_events"] == 2
    row = next(r for r in story["timeline"] if r["id"] == strike["id"])
    assert row["num_sources"] == 2 and row["goldstein"] == -10.0
    assert row["location"]["name"] == "Gaza City" and abs(row["location"]["latitude"] - 31.50161) < 1e-4
    (dispute,) = story["contradictions"]
    assert dispute["kind"] == "count" and {s["value"] for s in dispute["sides"]} == {"7", "12"}
    capped = client.get(f"/api/stories/{gaza['id']}?list_limit=1").json()
    assert len(capped["articles"]) == 1 and capped["articles_total"] == 2 and capped["contradictions_total"] == 1
    paged = client.get(f"/api/stories/{gaza['id']}?limit=1&offset=1").json()
    assert len(paged["timeline"]) == 1 and paged["timeline_next_offset"] is None
    assert paged["timeline"][0]["id"] == story["timeline"][1]["id"]
    chapter = client.get(f"/api/stories/{story['chapters'][0]['id']}").json()
    assert chapter["kind"] == "chapter" and chapter["parent"]["id"] == gaza["id"] and chapter["num_events"] == 2


@pytest.mark.parametrize("url,status", [
    ("/api/stories/abcdef0123", 404), ("/api/stories/ABC", 422), ("/api/stories/xyz123", 422),
    ("/api/stories/abcdef0123?limit=0", 422), ("/api/stories/abcdef0123?limit=5001", 422),
    ("/api/stories/abcdef0123?list_limit=0", 422),
    ("/api/merged-events/abcdef0123", 404), ("/api/merged-events/not-hex", 422),
])
def test_unknown_story_ids_are_404_and_malformed_422(client, url, status):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == ("E404" if status == 404 else "E600")


def test_merged_events_list_and_filters(client, gaza, strike):
    every = client.get("/api/merged-events").json()
    assert every["count"] == 3 and every["next_offset"] is None
    assert [m["day"] for m in every["items"]] == sorted(m["day"] for m in every["items"])
    assert client.get("/api/merged-events?limit=2").json()["next_offset"] == 2
    assert {m["id"] for m in client.get(f"/api/merged-events?story={gaza['id']}").json()["items"]} >= {strike["id"]}
    assert client.get(f"/api/merged-events?story={gaza['id']}").json()["count"] == 2
    assert [m["id"] for m in client.get("/api/merged-events?min_sources=2").json()["items"]] == [strike["id"]]
    assert client.get("/api/merged-events?country=geo").json()["count"] == 1
    assert client.get("/api/merged-events?actor=Qatar").json()["items"][0]["event"] == "REQUEST"
    assert client.get("/api/merged-events?since=2024-12-01").json()["count"] == 1
    assert client.get("/api/merged-events?type=coerce").json()["count"] == 1


@pytest.mark.parametrize("query", [
    "type=FIGHT", "country=GEORGIA", "story=nope", "since=May", "since=2024-06-01&until=2024-05-01",
    "min_sources=0", "limit=501", "actor=" + "a" * 101,
])
def test_bad_merged_event_parameters_are_422(client, query):
    r = client.get(f"/api/merged-events?{query}")
    assert r.status_code == 422, query
    assert r.json()["error"]["message"].startswith("invalid request parameter")


def test_merged_event_detail_has_every_mention_highlighted(client, gaza, strike):
    merged = client.get(f"/api/merged-events/{strike['id']}").json()
    assert merged["num_mentions"] == len(merged["mentions"]) == 2
    assert {m["source"] for m in merged["mentions"]} == {"outlet-a.example", "outlet-b.example"}
    triggers = {"".join(s["text"] for s in m["segments"] if s["role"] == "trigger") for m in merged["mentions"]}
    assert triggers == {"struck", "air strike"}
    for m in merged["mentions"]:
        assert "".join(s["text"] for s in m["segments"]) == m["event"]["evidence"][0]["sentence"]
        assert {s["role"] for s in m["segments"]} >= {"trigger", "actor", "recipient", None}
    assert merged["stories"][0]["id"] == gaza["id"] and len(merged["stories"][0]["chapters"]) == 1
    assert merged["contradictions"][0]["subject"] == "killed"


def test_contradictions_list(client, gaza, strike):
    every = client.get("/api/contradictions").json()
    assert every["count"] == 1 and every["items"][0]["merged_id"] == strike["id"]
    assert client.get("/api/contradictions?kind=count").json()["count"] == 1
    assert client.get("/api/contradictions?kind=date").json()["count"] == 0
    assert client.get(f"/api/contradictions?story={gaza['id']}").json()["count"] == 1
    other = next(s for s in client.get("/api/stories").json()["items"] if s["id"] != gaza["id"])
    assert client.get(f"/api/contradictions?story={other['id']}").json()["count"] == 0
    for bad in ("kind=opinion", "story=zz", "limit=0"):
        assert client.get(f"/api/contradictions?{bad}").status_code == 422, bad


def test_event_lists_and_series_filter_by_story(client, gaza):
    assert client.get(f"/api/events?story={gaza['id']}").json()["total"] == 3  # two strike reports and the call
    assert client.get(f"/api/events?story={gaza['id'][:6]}").json()["total"] == 3
    series = client.get(f"/api/timeseries?story={gaza['id']}&interval=day").json()
    assert series["periods"] == ["2024-05-05"] and sum(series["series"][0]["events"]) == 3
    assert client.get("/api/events?story=G00D").status_code == 422


def test_story_detail_agrees_with_get_story(demo_store):
    """The page's fast query and the CLI's query describe every sample storyline the same way."""
    with Eventwire(demo_store, read_only=True) as ew:
        total, lines = ew.stories_page(limit=100)
        assert total == len(ew.stories(limit=None)) >= 5
        for line in lines:
            slow, fast = ew.story(line["id"]), ew.story_detail(line["id"])
            assert [r["id"] for r in fast["timeline"]] == [r["id"] for r in slow["timeline"]]
            assert {c["id"]: c["num_events"] for c in fast["chapters"]} == {c["id"]: c["num_events"] for c in slow["chapters"]}
            assert fast["articles"] == slow["articles"]
            assert line["num_events"] == slow["num_events"]
            assert {c["id"] for c in fast["contradictions"]} == {c["id"] for c in ew.contradictions(story=line["id"])}


def test_story_lists_match_label_text_alike(storied_store):
    """The CLI's story list and the pages' and API's share ``StoryFilter``: text in the label is
    plain text, so a user's ``%`` or ``_`` is a character, not a LIKE wildcard."""
    with Eventwire(storied_store, read_only=True) as ew:
        word = max(ew.stories()[0]["label"].split(), key=len)
        wild = word[0] + "_" + word[2:]  # matched the word when _ was a wildcard
        assert len(word) >= 3 and "_" not in word
        for search in (word.lower(), wild, "%", "_", f"%{word}", word.upper()):
            _, page = ew.stories_page(q=search)
            assert [s["id"] for s in ew.stories(search=search)] == [s["id"] for s in page], search
        assert ew.stories(search=word.lower()) and ew.stories(search=word.upper())
        assert ew.stories(search=wild) == [] and ew.stories(search="%") == [] and ew.stories(search="_") == []


# --- pages -------------------------------------------------------------------------------------
def test_home_lists_the_storylines(client, gaza):
    page = client.get("/").text
    assert "Storylines" in page and f'href="/stories/{gaza["id"]}"' in page
    assert "2024-05-05" in page and 'href="/overview"' in page


def test_story_page_has_its_drawings_chapters_contradictions_and_articles(client, gaza, strike):
    r = client.get(f"/stories/{gaza['id']}")
    assert r.status_code == 200
    data = chart_data(r.text)
    points = {p["id"]: p for p in data["timeline"]["points"]}
    assert data["timeline"]["mode"] == "events" and set(points) == {strike["id"], *points} and len(points) == 2
    assert points[strike["id"]]["num_sources"] == 2 and points[strike["id"]]["evidence"] == f"/api/merged-events/{strike['id']}"
    assert {(e["source"], e["target"]) for e in data["network"]["edges"]} == {("ISR", "a house"), ("QAT", "both sides")}
    (place,) = data["map"]["places"]
    assert place["name"] == "Gaza City" and place["events"] == 1
    assert data["trend"]["periods"] == ["2024-05-05"]
    assert {s["key"]: s["goldstein"] for s in data["trend"]["series"]} == {"4": [-10.0], "1": [3.0]}
    assert 'data-evidence-panel="evidence"' in r.text and 'id="evidence"' in r.text
    assert "Story report B" in r.text and "outlet-a.example" in r.text and "12" in r.text  # articles, the dispute
    filtered = chart_data(client.get(f"/stories/{gaza['id']}?quad_class=4").text)
    assert [p["id"] for p in filtered["timeline"]["points"]] == [strike["id"]] and filtered["matched"] == 1


def test_merged_event_page_and_event_page_link_the_story(client, gaza, strike):
    page = client.get(f"/merged/{strike['id']}").text
    assert page.count('class="mention"') == 2 and "<mark class=\"trigger\" title=\"trigger\">air strike</mark>" in page
    assert f'href="/stories/{gaza["id"]}"' in page and "the civil defence" in page
    mention = client.get(f"/api/events?story={gaza['id']}&type=ASSAULT").json()["items"][0]
    event_page = client.get(f"/events/{mention['id']}").text
    assert f'href="/merged/{strike["id"]}"' in event_page and f'href="/stories/{gaza["id"]}"' in event_page
    assert "Contradictions" in event_page and "killed" in event_page
    article_page = client.get(f"/articles/{mention['article_id']}").text
    assert f'href="/stories/{gaza["id"]}"' in article_page


@pytest.mark.parametrize("url,status", [
    ("/stories", 200), ("/stories?kind=chapter", 200), ("/merged", 200), ("/contradictions", 200),
    ("/contradictions?kind=count", 200), ("/overview", 200),
    ("/stories/abcdef0123", 404), ("/stories/nope!", 422), ("/merged/abcdef0123", 404),
    ("/stories?kind=book", 422), ("/merged?type=FIGHT", 422), ("/merged?since=2024-06-01&until=2024-05-01", 422),
    ("/contradictions?kind=opinion", 422), ("/?since=soon", 422),
])
def test_story_pages_status(client, url, status):
    r = client.get(url)
    assert r.status_code == status, url
    assert r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("url", [
    "/?q=&since=&until=", "/stories?kind=chapter&q=&since=&until=", "/merged?since=&until=&country=&type=&actor=",
    "/contradictions?kind=", "/events?since=&until=&country=&type=&quad_class=", "/overview?since=&country=",
])
def test_blank_form_fields_mean_no_filter_on_pages(client, url):
    """A filter form sends every field; blank ones must not turn into a 422 page (the API stays strict)."""
    assert client.get(url).status_code == 200, url


def test_blank_story_page_fields_keep_the_filled_ones(client, gaza, strike):
    r = client.get(f"/stories/{gaza['id']}?since=&until=&country=&type=&quad_class=4")
    assert [p["id"] for p in chart_data(r.text)["timeline"]["points"]] == [strike["id"]]
    assert client.get("/api/events?since=").status_code == 422


def test_pages_of_a_store_without_stories_still_work(located_store):
    client = TestClient(create_app(located_store), base_url=LOCAL)
    home = client.get("/")
    assert home.status_code == 200 and "No stories yet" in home.text
    assert client.get("/overview").status_code == 200
    assert client.get("/api/stories").json()["total"] == 0
