"""Render the sample corpus (examples/articles) from the articles we wrote.

The article texts live in examples/source/*.yaml; this script dresses them
as the messy inputs eventwire meets in the wild: scraped .txt pages with
breadcrumbs, bylines, photo credits and comment forms, HTML pages with
navigation and comment blocks, a JSONL export, an RSS feed and a WARC file,
plus three near-duplicate copies, one Spanish article and two broken files.
Deterministic: running it twice gives identical bytes.

    python tools/build_sample_corpus.py
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import re
import shutil
from datetime import date, datetime
from email.utils import format_datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "examples" / "source"
OUT = ROOT / "examples" / "articles"
STORIES = {"ceasefire": "World", "protests": "Europe", "border": "Caucasus", "election": "Americas", "aid": "Africa"}
CREDITS = ["© Wire Images/Staff", "© Getty Images News/Pool", "Photo: File photo / Reuters", "© Agency Photo/Archive"]


def load() -> tuple[dict, list[dict]]:
    outlets = yaml.safe_load((SOURCE / "outlets.yaml").read_text(encoding="utf-8"))
    articles = []
    for story in STORIES:
        for item in yaml.safe_load((SOURCE / f"{story}.yaml").read_text(encoding="utf-8")):
            item["story"] = story
            articles.append(item)
    return outlets, articles


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def url_of(item: dict, outlets: dict) -> str:
    d = item.get("date") or "2024-01-01"
    return f"https://{outlets[item['outlet']]['domain']}/{STORIES[item['story']].lower()}/{str(d)[:4]}/{str(d)[5:7]}/{slug(item['title'])}"


def paragraphs(item: dict) -> list[tuple[str, str]]:
    """(kind, text) pairs: 'p' for paragraphs, 'h' for section headings."""
    out = []
    for block in item["body"].strip().split("\n\n"):
        block = " ".join(block.split())
        out.append(("h", block[3:]) if block.startswith("## ") else ("p", block))
    return out


def long_date(value) -> str:
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def related_titles(item: dict, articles: list[dict]) -> list[str]:
    same = [a["title"] for a in articles if a["story"] == item["story"] and a["id"] != item["id"]]
    return same[:3]


def render_txt(item: dict, outlets: dict, articles: list[dict], n: int) -> str:
    site = outlets[item["outlet"]]["name"]
    lines = [f"Home » {STORIES[item['story']]} » {item['title']}", "", item["title"], ""]
    if item.get("author"):
        lines += [f"by {item['author']}", ""]
    lines += [CREDITS[n % len(CREDITS)], ""]
    first = True
    for kind, text in paragraphs(item):
        if kind == "p" and first and item.get("dateline"):
            prefix = f"{item['dateline']} – {long_date(item['date'])} – " if item.get("date") else f"{item['dateline'].upper()} – "
            text = prefix + text
            first = False
        lines += [text, ""]
    lines += ["Share on Facebook", "Tweet", "Email", ""]
    lines += ["You may also like", ""] + [t for t in related_titles(item, articles)] + [""]
    lines += ["Tags: " + ", ".join([STORIES[item["story"]], item["story"].title()]), ""]
    lines += ["Leave a Comment", "", "Your email address will not be published. Required fields are marked *", "",
              "This site uses Akismet to reduce spam. Learn how your comment data is processed.", "",
              f"© 2024 {site}. All rights reserved.", ""]
    return "\n".join(lines)


def render_html(item: dict, outlets: dict, articles: list[dict], n: int) -> str:
    outlet = outlets[item["outlet"]]
    e = html.escape
    meta = [f'<meta charset="utf-8">', f"<title>{e(item['title'])} | {e(outlet['name'])}</title>",
            f'<meta property="og:title" content="{e(item["title"])}">',
            f'<meta property="og:site_name" content="{e(outlet["name"])}">',
            f'<link rel="canonical" href="{e(url_of(item, outlets))}">']
    if item.get("date"):
        meta.append(f'<meta property="article:published_time" content="{item["date"]}T08:30:00+00:00">')
    if item.get("author"):
        meta.append(f'<meta name="author" content="{e(item["author"])}">')
    body = []
    first = True
    for kind, text in paragraphs(item):
        if kind == "h":
            body.append(f"<h2>{e(text)}</h2>")
            continue
        if first and item.get("dateline"):
            text = f"{item['dateline'].upper()} – {text}"
            first = False
        body.append(f"<p>{e(text)}</p>")
    related = "".join(f'<li><a href="/related/{i}">{e(t)}</a></li>' for i, t in enumerate(related_titles(item, articles)))
    byline = f'<p class="byline">By <a rel="author" href="/authors/{slug(item["author"])}">{e(item["author"])}</a></p>' if item.get("author") else ""
    when = f'<time datetime="{item["date"]}">{long_date(item["date"])}</time>' if item.get("date") else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{chr(10).join(meta)}
</head>
<body>
<header class="site-header"><a href="/">{e(outlet['name'])}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
</header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main>
<article>
<h1>{e(item['title'])}</h1>
{byline}
{when}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<figure><img src="/img/{n}.jpg" alt=""><figcaption>{e(CREDITS[n % len(CREDITS)])}</figcaption></figure>
{chr(10).join(body)}
</article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>
<section id="comments" class="comments"><h3>3 Comments</h3>
<div class="comment"><p class="comment-author">reader_{n}</p><p>First! Nobody ever reports the real story.</p></div>
<div class="comment"><p class="comment-author">observer{n * 7 % 13}</p><p>Thanks for the update, please keep covering this.</p></div>
<form><label>Leave a Reply</label><textarea name="comment"></textarea><button>Post Comment</button></form>
</section>
</main>
<footer><p>© 2024 {e(outlet['name'])}. All rights reserved.</p><a href="/privacy">Privacy Policy</a> <a href="/terms">Terms of Use</a></footer>
</body>
</html>
"""


def plain_text(item: dict) -> str:
    parts = []
    for kind, text in paragraphs(item):
        parts.append(text)
    if item.get("dateline"):
        parts[0 if paragraphs(item)[0][0] == "p" else 1] = f"{item['dateline'].upper()} - " + parts[0 if paragraphs(item)[0][0] == "p" else 1]
    return "\n\n".join(parts)


def jsonl_record(item: dict, outlets: dict) -> dict:
    record = {"id": item["id"], "title": item["title"], "text": plain_text(item), "url": url_of(item, outlets),
              "source": outlets[item["outlet"]]["name"]}
    if item.get("date"):
        record["date"] = str(item["date"])
    if item.get("author"):
        record["author"] = item["author"]
    return record


def render_rss(items: list[dict], outlets: dict) -> str:
    e = html.escape
    entries = []
    for item in items:
        content = "".join(f"<h2>{e(t)}</h2>" if k == "h" else f"<p>{e(t)}</p>" for k, t in paragraphs(item))
        pub = format_datetime(datetime.fromisoformat(f"{item['date']}T09:00:00+00:00"))
        summary = paragraphs(item)[0][1][:160]
        entries.append(f"""  <item>
    <title>{e(item['title'])}</title>
    <link>{e(url_of(item, outlets))}</link>
    <guid isPermaLink="false">{item['id']}</guid>
    <pubDate>{pub}</pubDate>
    <dc:creator>{e(outlets[item['outlet']]['name'])} staff</dc:creator>
    <source url="https://{outlets[item['outlet']]['domain']}/rss">{e(outlets[item['outlet']]['name'])}</source>
    <description>{e(summary)}</description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Conflict and Diplomacy Digest</title>
  <link>https://digest.example/</link>
  <description>Daily digest of conflict and diplomacy news (sample feed written for eventwire)</description>
{chr(10).join(entries)}
</channel>
</rss>
"""


def render_warc(pages: list[tuple[str, str, str]]) -> bytes:
    """A deterministic WARC.gz: one gzip member per record, fixed ids and dates."""
    out = io.BytesIO()
    for uri, page, warc_date in pages:
        payload = page.encode("utf-8")
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(payload)}\r\n\r\n".encode()) + payload
        rid = hashlib.sha1(uri.encode()).hexdigest()
        record_id = f"<urn:uuid:{rid[:8]}-{rid[8:12]}-{rid[12:16]}-{rid[16:20]}-{rid[20:32]}>"
        headers = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: {record_id}\r\nWARC-Date: {warc_date}\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n"
        ).encode()
        out.write(gzip.compress(headers + http + b"\r\n\r\n", mtime=0))
    return out.getvalue()


def near_duplicate(item: dict, **changes) -> dict:
    copy = dict(item)
    copy.update(changes)
    return copy


SPANISH = {
    "id": "es01",
    "story": "election",
    "outlet": "andes",
    "date": date(2024, 7, 31),
    "dateline": "Caracas",
    "title": "La oposición venezolana denuncia fraude y convoca nuevas protestas",
    "body": (
        "La oposición venezolana denunció el martes un fraude en las elecciones presidenciales del domingo y "
        "convocó nuevas protestas en todo el país, mientras el Consejo Nacional Electoral mantenía su decisión "
        "de proclamar a Nicolás Maduro como ganador.\n\n"
        "María Corina Machado afirmó que las actas recogidas por los testigos de la oposición demuestran que "
        "Edmundo González obtuvo la mayoría de los votos. El fiscal general anunció la detención de cientos de "
        "manifestantes y acusó a la oposición de promover la violencia.\n\n"
        "Varios gobiernos de la región pidieron la publicación de los resultados desglosados por mesa."
    ),
}


def main() -> None:
    outlets, articles = load()
    by_id = {a["id"]: a for a in articles}
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "wire").mkdir(parents=True)
    for story in STORIES:
        (OUT / story).mkdir()

    # three near-duplicates: a re-published, lightly edited copy each, in another format and outlet
    dup_warc = near_duplicate(
        by_id["cf08"], id="cf08r", outlet="eastwire", format="warc",
        title="Hamas Turns Down US Bridging Plan After Doha Round",
        body=by_id["cf08"]["body"].rstrip() + "\n\nA new round of talks is expected in Cairo later this month.",
    )
    dup_jsonl = near_duplicate(
        by_id["pr02"], id="pr02r", outlet="courier", format="jsonl",
        title="Georgia: Dozens Detained on Second Night of Protests",
        body=by_id["pr02"]["body"].replace("on Saturday", "on Saturday morning"),
    )
    dup_txt = near_duplicate(
        by_id["ad04"], id="ad04r", outlet="wirewatch", format="txt", author=None,
        title="El Fasher Market Shelling Leaves 12 Dead",
        body=by_id["ad04"]["body"].replace(
            "The medics blamed the Rapid Support Forces, which have besieged the city since May. The RSF did not comment.",
            "Medics blamed the Rapid Support Forces, who have laid siege to the city since May; the RSF made no comment.",
        ),
    )
    everything = articles + [dup_warc, dup_jsonl, dup_txt]

    jsonl, rss, warc = [], [], []
    for n, item in enumerate(everything):
        folder = OUT / item["story"]
        name = f"{item['id']}-{slug(item['title'])[:40]}"
        if item["format"] == "txt":
            (folder / f"{name}.txt").write_text(render_txt(item, outlets, articles, n), encoding="utf-8")
        elif item["format"] == "html":
            (folder / f"{name}.html").write_text(render_html(item, outlets, articles, n), encoding="utf-8")
        elif item["format"] == "jsonl":
            jsonl.append(jsonl_record(item, outlets))
        elif item["format"] == "rss":
            rss.append(item)
        elif item["format"] == "warc":
            warc.append((url_of(item, outlets), render_html(item, outlets, articles, n), f"{item['date']}T12:00:00Z"))

    (OUT / "wire" / "wire-export.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl), encoding="utf-8")
    (OUT / "wire" / "digest.rss").write_text(render_rss(rss, outlets), encoding="utf-8")
    (OUT / "wire" / "crawl-2024.warc.gz").write_bytes(render_warc(warc))

    # one non-English article (stored and marked, not coded)
    (OUT / "election" / "es01-oposicion-denuncia-fraude.txt").write_text(
        render_txt(SPANISH, outlets, [], 1).replace("Home »", "Inicio »"), encoding="utf-8")

    # two broken inputs: an image saved under a .txt name, and a truncated JSON export
    png = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(b"eventwire").digest() * 64
    (OUT / "aid" / "scan-of-leaflet.txt").write_bytes(png)
    truncated = json.dumps([jsonl_record(by_id["bc01"], outlets)], ensure_ascii=False)[:700]
    (OUT / "wire" / "partial-export.json").write_text(truncated, encoding="utf-8")

    expected = {
        "totals": {
            "files": sum(1 for p in OUT.rglob("*") if p.is_file()),
            "articles": len(everything) + 1,
            "duplicates": 3,
            "non_english": 1,
            "broken": 2,
        },
        "near_duplicates": [
            {"copy": "wire/crawl-2024.warc.gz#record 4", "original": "ceasefire/cf08"},
            {"copy": "wire/wire-export.jsonl#line 6", "original": "protests/pr02"},
            {"copy": "aid/ad04r", "original": "aid/ad04"},
        ],
        "broken": ["aid/scan-of-leaflet.txt", "wire/partial-export.json"],
        "non_english": ["election/es01-oposicion-denuncia-fraude.txt"],
        "contradiction": {"a": "aid/ad04", "b": "aid/ad05", "about": "El Fasher market shelling: 12 vs 31 killed, Sunday vs Saturday"},
    }
    (OUT.parent / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {expected['totals']['files']} files with {expected['totals']['articles']} articles to {OUT}")


if __name__ == "__main__":
    main()
