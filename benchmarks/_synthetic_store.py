"""A scratch store of synthetic articles, events, merged events and storylines, built with SQL.

Used by ``benchmarks/api.py`` to time the API and pages at a size no test
corpus reaches. Everything is generated set-based inside DuckDB (about a
minute for a million events), through the store's own migrations so the
schema and indexes are the real ones.

Shape (defaults): 50,000 articles, 1,000,000 event mentions (20 per article),
about 333,000 merged events (three mentions from three neighbouring articles
of one storyline each), and storylines made of consecutive articles: one
*large* storyline of ``big_story`` articles spanning a year (chapters of 200
articles) and *typical* ones of 100 articles over two months (chapters of 25).
One merged event in 50 carries a count contradiction. 16 event types, 30
actor codes, 60% of mentions located at one of 500 places.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from eventwire.across.merge import default_rules
from eventwire.store import DuckDBStore

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
QUAD = [1, 1, 1, 1, 2, 2, 2, 1, 3, 3, 3, 4, 3, 4, 4, 4]
CODES = ["ISR", "PSE", "USA", "EGY", "QAT", "GEO", "RUS", "UKR", "SDN", "TCD", "VEN", "COL", "ARM", "AZE", "IRN",
         "IRQ", "SYR", "LBN", "TUR", "FRA", "DEU", "GBR", "CHN", "IND", "PAK", "AFG", "YEM", "SAU", "ETH", "SOM"]
WORDS = ["ceasefire", "talks", "border", "troops", "protest", "aid", "convoy", "strike", "minister", "election",
         "court", "village", "crossing", "market", "rally", "sanctions", "envoy", "shelling", "hostages", "police"]
TYPICAL_STORY = 100


def _sql_list(values: list) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def _story_id(number: int) -> str:
    return hashlib.md5(f"s{number}".encode()).hexdigest()[:16]


def large_story_id() -> str:
    """The storyline of the first ``big_story`` articles."""
    return _story_id(0)


def typical_story_ids(n_articles: int, big_story: int, count: int) -> list[str]:
    """``count`` different typical storylines, spread over the store."""
    n = (n_articles - big_story) // TYPICAL_STORY
    return [_story_id(1 + (k * n) // count) for k in range(count)]


def build_store(path: Path, n_events: int, n_articles: int, big_story: int = 2000) -> None:
    """Create the schema through the store (migrations), then fill every table with set-based SQL."""
    words, types, quads, codes = _sql_list(WORDS), _sql_list(TYPES), _sql_list(QUAD), _sql_list(CODES)
    with DuckDBStore(path) as store:
        con = store.con
        con.execute("SET enable_progress_bar = false")
        # article -> storyline, chapter, publication day
        con.execute(f"""
            CREATE TEMP TABLE art AS
            SELECT a,
                   CASE WHEN a <= {big_story} THEN 0 ELSE 1 + (a - {big_story} - 1) // {TYPICAL_STORY} END AS s,
                   CASE WHEN a <= {big_story} THEN (a - 1) // 200
                        ELSE 1000 + (a - {big_story} - 1) // 25 END AS c,
                   DATE '2023-01-01' + CAST(CASE WHEN a <= {big_story} THEN (a * 7) % 365
                        ELSE ((1 + (a - {big_story} - 1) // {TYPICAL_STORY}) * 37) % 600 + a % 60 END AS INTEGER) AS day,
                   substr(md5('a' || a), 1, 16) AS id, 'Outlet ' || (a % 40) AS source
            FROM range(1, {n_articles} + 1) t(a)
        """)
        con.execute(f"""
            INSERT INTO articles (id, url, source, title, published, published_precision, published_basis,
                                  language, format, text, headings, seq, ingested_at)
            SELECT id, 'https://news.example/' || a, source,
                   'Report ' || a || ' on ' || {words}[1 + a % 20] || ' and ' || {words}[1 + (a * 7) % 20],
                   day, 'day', 'metadata', 'en', 'txt',
                   repeat('Officials said the ' || {words}[1 + a % 20] || ' near the ' || {words}[1 + (a * 3) % 20]
                          || ' continued on Monday. ', 8) || 'Report number ' || a || '.',
                   '[]', a, now()
            FROM art
        """)
        # mentions: mention i is in article 1 + i % n_articles, on its publication day
        con.execute(f"""
            CREATE TEMP TABLE men AS
            SELECT i, substr(md5('e' || i), 1, 16) AS id, art.id AS article_id, art.source, art.s, art.day,
                   {types}[1 + i % 16] AS event, {quads}[1 + i % 16] AS quad,
                   CASE WHEN {quads}[1 + i % 16] <= 2 THEN 3.0 ELSE -7.0 END AS goldstein,
                   {codes}[1 + (i * 7) % 30] AS actor_code, {codes}[1 + (i * 13 + 5) % 30] AS recipient_code,
                   i % 5 < 3 AS located, i // 3 AS k,
                   'Synthetic sentence ' || i || ' about the ' || {words}[1 + i % 20] || '.' AS sentence
            FROM range(1, {n_events} + 1) t(i) JOIN art ON art.a = 1 + i % {n_articles}
        """)
        loc = ("CASE WHEN located THEN json_object('name', 'Place ' || (i % 500), 'geonameid', 100000 + i % 500, "
               "'latitude', -40 + (i % 500) * 0.16, 'longitude', -20 + (i % 500) * 0.3, 'country', recipient_code) END")
        actor = "json_array(json_object('text', actor_code || ' forces', 'code', actor_code, 'sector', 'MIL'))"
        recipient = "json_array(json_object('text', recipient_code || ' officials', 'code', recipient_code, 'sector', 'GOV'))"
        con.execute(f"""
            INSERT INTO events
            SELECT id, article_id, 0, event, NULL, '190', '19', quad, goldstein, NULL, NULL, 'asserted', NULL,
                   actor_code || ' forces', actor_code, 'MIL', recipient_code || ' officials', recipient_code, 'GOV',
                   CAST(day AS VARCHAR), day, 'day', 'publication',
                   CASE WHEN located THEN 'Place ' || (i % 500) END, CASE WHEN located THEN 100000 + i % 500 END,
                   CASE WHEN located THEN -40 + (i % 500) * 0.16 END, CASE WHEN located THEN -20 + (i % 500) * 0.3 END,
                   CASE WHEN located THEN recipient_code END, NULL, CASE WHEN located THEN 'clause' ELSE 'unknown' END,
                   sentence, 0.7, i,
                   json_object('id', id, 'event', event, 'quad_class', quad, 'goldstein', goldstein,
                               'modality', 'asserted', 'date', CAST(day AS VARCHAR), 'date_precision', 'day',
                               'date_basis', 'publication', 'location', {loc}, 'location_basis', 'unknown',
                               'counts', json('[]'), 'context', json('[]'), 'confidence', 0.7,
                               'actor', {actor}, 'recipient', {recipient},
                               'evidence', json_array(json_object('article_id', article_id, 'sentence_index', 0,
                                   'sentence', sentence, 'trigger', json_array(0, 9), 'arguments', json_object(),
                                   'rule', 'synthetic', 'confidence', 0.7)))
            FROM men
        """)
        con.execute("""
            CREATE TEMP TABLE mer AS
            SELECT k, substr(md5('m' || k), 1, 16) AS id, arg_min(i, i) AS first_i, count(*) AS n,
                   count(DISTINCT article_id) AS n_articles, count(DISTINCT source) AS n_sources,
                   min(day) AS first_seen, max(day) AS last_seen,
                   list(id ORDER BY i) AS mention_ids, list(DISTINCT article_id) AS article_ids,
                   list(DISTINCT source) AS sources
            FROM men GROUP BY k
        """)
        lookback = default_rules().publication_lookback_days  # the days a publication-dated mention allows
        con.execute(f"""
            INSERT INTO event_links
            SELECT men.id, substr(md5('m' || men.k), 1, 16), substr(md5('m' || men.k), 1, 16), men.article_id,
                   men.day - {lookback}, men.day
            FROM men
        """)
        con.execute(f"""
            INSERT INTO merged_events
            SELECT mer.id, mer.id, m.event, '19', m.quad, 'asserted', m.actor_code, m.actor_code || ' forces',
                   m.recipient_code, m.recipient_code || ' officials', CAST(m.day AS VARCHAR), m.day, 'day',
                   CASE WHEN m.located THEN 'Place ' || (m.i % 500) END, CASE WHEN m.located THEN m.recipient_code END,
                   mer.n, mer.n_articles, mer.n_sources, mer.first_seen, mer.last_seen,
                   json_object('id', mer.id, 'event', m.event, 'cameo', '190', 'cameo_root', '19',
                               'quad_class', m.quad, 'goldstein', m.goldstein,
                               'actor', json_array(json_object('text', m.actor_code || ' forces', 'code', m.actor_code, 'sector', 'MIL')),
                               'recipient', json_array(json_object('text', m.recipient_code || ' officials', 'code', m.recipient_code, 'sector', 'GOV')),
                               'modality', 'asserted', 'date', CAST(m.day AS VARCHAR), 'date_precision', 'day',
                               'location', CASE WHEN m.located THEN json_object('name', 'Place ' || (m.i % 500),
                                   'geonameid', 100000 + m.i % 500, 'latitude', -40 + (m.i % 500) * 0.16,
                                   'longitude', -20 + (m.i % 500) * 0.3, 'country', m.recipient_code) END,
                               'counts', json('[]'), 'mention_ids', mer.mention_ids, 'article_ids', mer.article_ids,
                               'sources', mer.sources, 'num_mentions', mer.n, 'num_articles', mer.n_articles,
                               'num_sources', mer.n_sources, 'first_seen', CAST(mer.first_seen AS VARCHAR),
                               'last_seen', CAST(mer.last_seen AS VARCHAR), 'confidence', 0.7)
            FROM mer JOIN men m ON m.i = mer.first_i
        """)
        con.execute("""
            INSERT INTO story_articles
            SELECT id, substr(md5('s' || s), 1, 16), substr(md5('c' || c), 1, 16), substr(md5('s' || s), 1, 16) FROM art
        """)
        con.execute(f"""
            INSERT INTO stories
            SELECT sid, sid, kind, parent, label, start_day, end_day, n, n_sources,
                   json_object('id', sid, 'label', label, 'article_ids', ids, 'event_ids', json('[]'),
                               'start', CAST(start_day AS VARCHAR), 'end', CAST(end_day AS VARCHAR),
                               'linked_story_ids', json('[]'), 'kind', kind, 'parent_id', parent,
                               'num_articles', n, 'num_sources', n_sources)
            FROM (
                SELECT substr(md5('s' || s), 1, 16) AS sid, 'storyline' AS kind, NULL AS parent,
                       {codes}[1 + (s * 7) % 30] || ' – ' || {codes}[1 + (s * 13 + 5) % 30] || ': ' ||
                       {words}[1 + s % 20] || ', ' || {words}[1 + (s * 3) % 20] || ' (story ' || s || ')' AS label,
                       min(day) AS start_day, max(day) AS end_day, count(*) AS n, count(DISTINCT source) AS n_sources,
                       list(id ORDER BY a) AS ids
                FROM art GROUP BY s
                UNION ALL
                SELECT substr(md5('c' || c), 1, 16), 'chapter', substr(md5('s' || any_value(s)), 1, 16),
                       'chapter ' || c || ': ' || {words}[1 + c % 20], min(day), max(day), count(*),
                       count(DISTINCT source), list(id ORDER BY a)
                FROM art GROUP BY c
            )
        """)
        con.execute("""
            INSERT INTO contradictions
            SELECT substr(md5('x' || mer.k), 1, 16), mer.id, mer.id, 'count', 'killed',
                   json_object('id', substr(md5('x' || mer.k), 1, 16), 'merged_event_id', mer.id, 'kind', 'count',
                               'subject', 'killed', 'sides', json_array(
                                   json_object('value', '7', 'event_id', mer.mention_ids[1], 'article_id', mer.article_ids[1],
                                               'source', mer.sources[1], 'attribution', 'medics', 'sentence', 'Seven were killed.'),
                                   json_object('value', '12', 'event_id', mer.mention_ids[2], 'article_id', mer.article_ids[2],
                                               'source', mer.sources[2], 'attribution', 'officials', 'sentence', 'Twelve were killed.')))
            FROM mer WHERE mer.k % 50 = 0 AND mer.n >= 2
        """)
        con.execute("CHECKPOINT")
