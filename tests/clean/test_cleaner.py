"""The cleaner on the seeds and on boilerplate we write for each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.clean import clean, detect_language, split_article
from eventwire.model import Article, Problem, RawDocument

PARA = "The foreign minister said on Tuesday that the talks with the rebels would resume in Geneva next week."
PARA2 = "Aid agencies warned that supplies in the border towns would run out within days unless trucks were let through."


def text_doc(text: str, **meta) -> RawDocument:
    return RawDocument(source="t.txt", content=text, content_type="text", format="txt", meta=meta)


def seed(seeds: Path, prefix: str) -> Article:
    [path] = seeds.glob(f"{prefix}_*.txt")
    result = clean(text_doc(path.read_text(encoding="utf-8")))
    assert isinstance(result, Article)
    return result


def test_seed_002(seeds):
    a = seed(seeds, "002")
    assert a.title == "Gaza Ceasefire Talks Collapse: US Pulls Out, Israel Recalls Negotiators"
    assert (a.published, a.published_basis, a.dateline_place) == ("2024-08-08", "dateline", "Gaza City")
    for junk in ("You may also like", "Leave a Comment", "Akismet", "Home »"):
        assert junk not in a.text
    assert a.text.startswith("Ceasefire Talks Collapse, Israel Approves Gaza City Occupation Plan\n\nHopes for a ceasefire")
    assert "conditions. Two sources" in a.text and "Concurrently, a senior" in a.text
    assert a.language == "en"


def test_seed_000(seeds):
    a = seed(seeds, "000")
    assert a.author == "Faruk Imamovic"
    assert a.title == "Israel Recalls Negotiators, Escalation in Gaza Conflict"
    assert a.published is None and a.published_basis == "unknown"
    assert "© Getty Images" not in a.text and "Getty" not in a.text
    assert a.title not in a.text
    assert a.text.count("has been recalled from Qatar") == 1
    headings = [a.text[s:e] for s, e in a.headings]
    assert "Negotiation Impasse and Resumption of Conflict" in headings
    assert "Escalation Along Borders" in headings
    assert not a.text.rstrip().endswith("Benjamin Netanyahu Qatar")


@pytest.mark.parametrize(
    "junk",
    [
        "Home » World » Middle East » Talks resume",
        "© Getty Images News/Jane Photographer",
        "Photo: Reuters / John Doe",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Tags: Diplomacy, Geneva, Talks",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Subscribe to our newsletter for daily updates",
        "Advertisement",
        "We use cookies to give you the best experience on our website.",
        "Read more: Talks collapse in Geneva",
    ],
)
def test_boilerplate_lines_are_removed(junk):
    a = clean(text_doc(f"Talks resume in Geneva\n\n{junk}\n\n{PARA}\n\n{PARA2}\n"))
    assert isinstance(a, Article)
    assert junk not in a.text
    assert a.text == f"{PARA}\n\n{PARA2}"


def test_related_block_and_comment_section_are_dropped():
    text = (
        f"Headline here\n\n{PARA}\n\n{PARA2}\n\nYou may also like\n\nRebels seize town in the north\n"
        "Ministers meet in Cairo\n\nLeave a Comment\n\nGreat article!\n\nName *\n"
    )
    a = clean(text_doc(text))
    assert a.text == f"{PARA}\n\n{PARA2}"


def test_a_galleries_captions_are_dropped_a_list_with_repeated_openings_stays():
    caption = "Photos: Mass shooting at the music festival"
    scenes = ["Police stand at the scene.", "Rescuers carry a wounded man.", "Mourners gather at a vigil."]
    gallery = "\n\n".join(f"{caption} {scene} Hide Caption {i} of 3" for i, scene in enumerate(scenes, 1))
    more = "The governor ordered flags to fly at half-staff on all state buildings until the end of the week."
    a = clean(text_doc(f"Headline here\n\n{PARA}\n\n{gallery}\n\n{PARA2}\n\n{more}"))
    assert a.text == f"{PARA}\n\n{PARA2}\n\n{more}"
    # a page that is a gallery keeps its captions, without the repeated label and counter
    a = clean(text_doc(f"Headline here\n\n{gallery}"))
    assert a.text == "\n\n".join(scenes)
    steps = "\n\n".join(f"Eat 60 to 90 minutes before your workout: {food}." for food in ("eggs", "rice", "fruit"))
    a = clean(text_doc(f"Headline here\n\n{PARA}\n\n{steps}"))
    assert a.text == f"{PARA}\n\n{steps}"


def test_bylines():
    for line, author in [("By Jane Roe", "Jane Roe"), ("by Jane Roe and John Doe", "Jane Roe and John Doe"),
                         ("By Jane Roe, Reuters", "Jane Roe")]:
        a = clean(text_doc(f"Headline here\n\n{line}\n\n{PARA}\n\n{PARA2}"))
        assert a.author == author, line
        assert line not in a.text


@pytest.mark.parametrize(
    "dateline, place, date",
    [
        ("Gaza City – August 8, 2024 – ", "Gaza City", "2024-08-08"),
        ("DOHA, March 3, 2024 (Wire) - ", "Doha", "2024-03-03"),
        ("GAZA CITY (Reuters) - ", "Gaza City", None),
        ("WASHINGTON, Aug 8 (AP) — ", "Washington", None),
    ],
)
def test_datelines(dateline, place, date):
    a = clean(text_doc(f"Headline here\n\n{dateline}{PARA}\n\n{PARA2}"))
    assert a.dateline_place == place
    assert a.published == date
    assert a.text.startswith("The foreign minister")


def test_publication_date_priority():
    body = f"Headline here\n\nDOHA, March 3, 2024 (Wire) - {PARA}\n\n{PARA2}"
    assert clean(text_doc(body, date="Tue, 05 Mar 2024 10:00:00 GMT")).published_basis == "metadata"
    assert clean(text_doc(body, date="2024-03-05T10:00:00Z")).published == "2024-03-05"
    assert clean(text_doc(body), default_date="2024-01-01").published == "2024-03-03"
    no_dateline = clean(text_doc(f"Headline here\n\n{PARA}\n\n{PARA2}"), default_date="2024-01-01")
    assert (no_dateline.published, no_dateline.published_basis) == ("2024-01-01", "option")
    unknown = clean(text_doc(f"Headline here\n\n{PARA}\n\n{PARA2}"))
    assert (unknown.published, unknown.published_precision, unknown.published_basis) == (None, "unknown", "unknown")


def test_html_page_with_navigation_and_comments():
    page = f"""<!DOCTYPE html><html><head><title>Talks resume | The Paper</title>
    <meta property="og:site_name" content="The Paper">
    <meta property="article:published_time" content="2024-06-02T08:00:00Z">
    <meta name="author" content="Jane Roe"></head><body>
    <nav><a href="/">Home</a><a href="/world">World</a><a href="/sport">Sport</a></nav>
    <article><h1>Talks resume in Geneva</h1><p>{PARA}</p><h2>Aid warning</h2><p>{PARA2}</p></article>
    <section class="comments"><h3>2 Comments</h3><p>First comment that should go.</p></section>
    <footer>© 2024 The Paper. All rights reserved.</footer></body></html>"""
    a = clean(RawDocument(source="p.html", content=page, content_type="html", format="html",
                          meta={"url": "https://www.paper.example/world/1"}))
    assert a.title == "Talks resume in Geneva"
    assert (a.published, a.published_basis, a.author) == ("2024-06-02", "metadata", "Jane Roe")
    assert a.source == "The Paper"
    assert PARA in a.text and PARA2 in a.text
    assert "First comment" not in a.text and "Sport" not in a.text
    assert [a.text[s:e] for s, e in a.headings] == ["Aid warning"]


def test_source_falls_back_to_domain():
    a = clean(text_doc(f"Headline\n\n{PARA}\n\n{PARA2}", url="https://www.news.example/a"))
    assert a.source == "news.example"


def test_language():
    assert detect_language(PARA + " " + PARA2)[0] == "en"
    spanish = "El ministro de Asuntos Exteriores dijo el martes que las conversaciones con los rebeldes se reanudarán la próxima semana en Ginebra."
    french = "Le ministre des Affaires étrangères a déclaré mardi que les pourparlers avec les rebelles reprendraient la semaine prochaine à Genève."
    german = "Der Außenminister sagte am Dienstag, die Gespräche mit den Rebellen würden nächste Woche in Genf fortgesetzt."
    assert detect_language(spanish)[0] == "es"
    assert detect_language(french)[0] == "fr"
    assert detect_language(german)[0] == "de"
    a = clean(text_doc(f"Titular\n\n{spanish}\n\n{spanish}"))
    assert a.language == "es" and not a.is_english and a.language_confidence > 0.9


def test_empty_and_too_short():
    assert clean(text_doc("Home » News » X\n\nShare on Facebook\n")).code == "E200"
    short = clean(text_doc("Headline\n\nShort text only."))
    assert isinstance(short, Problem) and short.code == "E201"


def test_ids_are_content_hashes():
    a = clean(text_doc(f"Headline\n\n{PARA}\n\n{PARA2}"))
    b = clean(text_doc(f"Other headline\n\nShare on Facebook\n\n{PARA}\n\n{PARA2}\n\nTags: x"))
    assert a.id == b.id == Article.make_id(a.text)


def test_headings_offsets_point_into_text():
    parts = split_article(f"Title line\n\n{PARA}\n\nA Section Heading\n\n{PARA2}")
    [(s, e)] = parts.headings
    assert parts.text[s:e] == "A Section Heading"
