"""What a person sees: drawings drawn, evidence highlighted, hostile text inert, keyboard works."""

from __future__ import annotations

import httpx
import pytest

from eventwire.ontology import QUAD_NAMES

pytestmark = pytest.mark.slow


def wait_for_drawings(page, names=("timeline", "network", "map", "trend")):
    for name in names:
        page.wait_for_selector(f"#{name}[data-drawn]", state="attached")
    if "map" in names:
        page.wait_for_selector("#map[data-outline-drawn]", state="attached")


def test_overview_draws_timeline_network_map_and_trend(page, demo_server, shots):
    page.goto(demo_server + "/overview")
    wait_for_drawings(page)
    assert page.locator("#timeline circle.dot").count() > 50
    assert page.locator("#network path.edge").count() > 5 and page.locator("#network circle.node").count() > 5
    assert page.locator("#trend rect.bar").count() > 10
    lanes = page.evaluate("Array.from(document.querySelectorAll('#timeline text'), t => t.textContent)")
    assert {f"{q} {name}" for q, name in QUAD_NAMES.items()} <= set(lanes)  # names from the ontology, via the page
    outline = int(page.get_attribute("#map", "data-outline-drawn"))
    if outline == 0:
        pytest.fail("world outline missing: run scripts/setup.sh (it builds src/eventwire/web/static/world/)")
    assert page.locator("#map path.land").count() == outline > 200
    assert page.locator("#map path.land title", has_text="Palestine").count() == 1  # Gaza and the West Bank
    page.screenshot(path=str(shots / "overview.png"), full_page=True)


def chart_points(page) -> list[dict]:
    return page.evaluate("JSON.parse(document.getElementById('chart-data').textContent).timeline.points")


def open_largest_story(page, base):
    """From the storylines overview (home), follow the first (largest) storyline."""
    page.goto(base + "/")
    page.locator("table.stories tbody a[href^='/stories/']").first.click()
    page.wait_for_url("**/stories/*")
    wait_for_drawings(page)


def test_story_page_draws_timeline_network_map_and_trend(page, demo_server, shots):
    open_largest_story(page, demo_server)
    points = chart_points(page)
    assert page.locator("#timeline circle.dot").count() == len(points) > 10
    assert page.locator("#network path.edge").count() > 0 and page.locator("#network circle.node").count() > 1
    assert page.locator("#trend rect.bar").count() > 0
    outline = int(page.get_attribute("#map", "data-outline-drawn"))
    assert page.locator("#map path.land").count() == outline > 200  # the world outline, even before places are known
    assert page.locator("#map path.land title", has_text="Palestine").count() == 1
    assert page.locator("h2", has_text="Chapters").is_visible() and page.locator("h2", has_text="Articles").is_visible()
    page.screenshot(path=str(shots / "story.png"), full_page=True)
    page.select_option("#f-quad", "4")  # the filter form, as a person uses it (other fields left blank)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**quad_class=4**")
    wait_for_drawings(page, ("timeline",))
    conflict = chart_points(page)
    assert 0 < len(conflict) < len(points) and all(p["quad_class"] == 4 for p in conflict)


def test_click_a_story_event_to_see_every_mention_highlighted(page, demo_server, shots):
    open_largest_story(page, demo_server)
    points = chart_points(page)
    index = max(range(len(points)), key=lambda i: (points[i]["mentions"], -i))  # the most-mentioned event
    assert points[index]["mentions"] >= 2
    page.locator("#timeline g.points a").nth(index).click()
    panel = page.locator("#evidence")
    panel.locator("mark.trigger").first.wait_for()
    assert "/stories/" in page.url  # the evidence opened in place
    assert panel.locator("article.mention").count() == points[index]["mentions"]
    for i in range(points[index]["mentions"]):
        trigger = panel.locator("article.mention").nth(i).locator("mark.trigger")
        assert trigger.count() == 1 and trigger.is_visible() and trigger.inner_text().strip()
    assert points[index]["event"] in panel.locator("h2").inner_text()
    assert page.evaluate("document.activeElement.closest('#evidence') !== null")  # focus moved to the panel
    page.screenshot(path=str(shots / "story-evidence.png"), full_page=False)
    panel.locator("a", has_text="open the event page").click()
    page.wait_for_url("**/merged/*")
    assert page.locator(".mention mark.trigger").count() == points[index]["mentions"]
    page.screenshot(path=str(shots / "merged-event.png"), full_page=True)


def test_click_a_timeline_event_to_see_its_highlighted_evidence(page, demo_server, shots):
    page.goto(demo_server + "/actors/ISR")
    wait_for_drawings(page)
    page.screenshot(path=str(shots / "actor-ISR.png"), full_page=True)
    first = page.locator("#timeline a").first
    label = first.get_attribute("aria-label")
    first.click()
    page.wait_for_url("**/events/*")
    trigger = page.locator(".mention mark.trigger").first
    assert trigger.is_visible() and trigger.inner_text().strip()
    assert label.split(" ")[1].rstrip(":") in page.locator("h1").inner_text()  # the event type the point showed
    page.screenshot(path=str(shots / "event.png"), full_page=True)


def test_article_page_highlights_triggers_linked_to_events(page, demo_server, shots):
    hit = httpx.get(demo_server + "/api/search", params={"q": "Rafah crossing"}).json()["items"][0]
    page.goto(f"{demo_server}/articles/{hit['id']}")
    triggers = page.locator(".article-text a.trigger")
    assert triggers.count() > 0
    triggers.first.click()
    page.wait_for_url("**/events/*")
    page.go_back()
    page.screenshot(path=str(shots / "article.png"), full_page=True)


def test_map_zooms_to_event_places_and_shows_gaza(page, located_server, shots):
    page.goto(located_server + "/places")
    wait_for_drawings(page, ("map",))
    assert page.locator("#map circle.place").count() == 2
    x, y, w, h = (float(v) for v in page.get_attribute("#map", "viewBox").split())
    assert x <= 34.47 <= x + w and y <= -31.5 <= y + h  # Gaza City inside the view
    assert w < 60  # zoomed to the places, not the whole world
    palestine = page.locator("#map path.land", has=page.locator("title", has_text="Palestine"))
    box = palestine.bounding_box()
    assert box and box["width"] > 2 and box["height"] > 2  # Gaza and the West Bank are drawn, visibly
    page.screenshot(path=str(shots / "places-map.png"), full_page=True)


HOSTILE_PAGES = ["/", "/overview", "/articles", "/events?since=2024-06-03&until=2024-06-03", "/search?q=Marsa",
                 "/stories?kind=chapter", "/merged?since=2024-06-01&until=2024-06-05"]


def test_html_and_script_in_articles_render_as_inert_text(page, demo_server, shots):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hit = httpx.get(demo_server + "/api/search", params={"q": "Marsa"}).json()["items"][0]
    assert "<script>" in hit["title"]
    events = httpx.get(demo_server + "/api/events", params={"article": hit["id"]}).json()["items"]
    stories = httpx.get(demo_server + "/api/stories", params={"limit": 100}).json()["items"]
    story = next(s["id"] for s in stories
                 if hit["id"] in httpx.get(f"{demo_server}/api/stories/{s['id']}").json()["article_ids"])
    merged = httpx.get(demo_server + "/api/merged-events", params={"story": story}).json()["items"]
    urls = HOSTILE_PAGES + [f"/articles/{hit['id']}", f"/stories/{story}"] + [f"/events/{e['id']}" for e in events[:3]]
    urls += [f"/merged/{m['id']}" for m in merged[:3]]
    for url in urls:
        page.goto(demo_server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.locator("img").count() == 0, url  # no <img onerror> element was created
        assert page.locator("main script").count() <= 1, url  # only the chart data block
    page.goto(f"{demo_server}/stories/{story}")
    wait_for_drawings(page)
    assert "<script>" in page.locator("table").last.inner_text()  # the article title, as text
    for i in range(page.locator("#timeline g.points a").count()):  # every event's evidence, opened in place
        page.locator("#timeline g.points a").nth(i).click()
        page.locator("#evidence article.mention").first.wait_for()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img").count() == 0
    page.goto(f"{demo_server}/articles/{hit['id']}")
    assert "<script>" in page.locator("h1").inner_text()
    assert "onerror=" in page.locator(".article-text").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0  # its javascript: URL is not linked
    page.screenshot(path=str(shots / "hostile-article.png"), full_page=True)
    assert dialogs == []


def test_keyboard_reaches_a_story_event_and_opens_its_evidence(page, demo_server):
    open_largest_story(page, demo_server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#timeline')"):
            break
    else:
        pytest.fail("Tab never reached a timeline point")
    outline = page.evaluate("getComputedStyle(document.activeElement.querySelector('circle')).strokeWidth")
    assert outline == "3px"  # visible focus
    page.keyboard.press("Enter")
    page.locator("#evidence mark.trigger").first.wait_for()
    assert page.evaluate("document.activeElement.tagName") == "H2"  # focus is on the evidence's heading
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Close"
    page.keyboard.press("Enter")
    assert page.locator("#evidence").is_hidden()
    assert page.evaluate("!!document.activeElement.closest('#timeline')")  # back on the point


def test_keyboard_follows_a_timeline_point_elsewhere(page, demo_server):
    page.goto(demo_server + "/actors/AZE")
    wait_for_drawings(page)
    page.locator("#timeline a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/*")
