"""Store schema as ordered migrations; the store records which have run.

SQL here is kept to what both DuckDB and PostgreSQL accept, so one schema
serves the embedded default store and a shared server store.
"""

from __future__ import annotations

SCHEMA_VERSION = 3

#: (version, statements). Never edit a released step; append a new one.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS articles (
                id VARCHAR PRIMARY KEY,
                url VARCHAR,
                source VARCHAR,
                title VARCHAR,
                author VARCHAR,
                published DATE,
                published_precision VARCHAR,
                published_basis VARCHAR,
                dateline_place VARCHAR,
                language VARCHAR,
                language_confidence DOUBLE PRECISION,
                format VARCHAR,
                raw_ref VARCHAR,
                text VARCHAR NOT NULL,
                headings VARCHAR,
                duplicate_of VARCHAR,
                duplicate_similarity DOUBLE PRECISION,
                signature BLOB,
                seq BIGINT NOT NULL,
                ingested_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS article_refs (
                article_id VARCHAR NOT NULL,
                raw_ref VARCHAR NOT NULL,
                PRIMARY KEY (article_id, raw_ref)
            )""",
            """CREATE TABLE IF NOT EXISTS problems (
                id VARCHAR PRIMARY KEY,
                source VARCHAR NOT NULL,
                locator VARCHAR,
                code VARCHAR NOT NULL,
                reason VARCHAR NOT NULL,
                seen_at TIMESTAMP NOT NULL
            )""",
        ],
    ),
    (
        2,
        [
            """CREATE TABLE IF NOT EXISTS ingest_runs (
                id VARCHAR PRIMARY KEY,
                started_at TIMESTAMP NOT NULL,
                finished_at TIMESTAMP,
                sources VARCHAR,
                summary VARCHAR
            )""",
            "CREATE INDEX IF NOT EXISTS articles_source ON articles (source)",
            "CREATE INDEX IF NOT EXISTS articles_published ON articles (published)",
        ],
    ),
    (
        3,
        [
            # One row per coded event mention. The flat columns serve filters
            # and exports; ``data`` keeps the whole event (all actors, counts,
            # evidence) as JSON so nothing is lost.
            """CREATE TABLE IF NOT EXISTS events (
                id VARCHAR PRIMARY KEY,
                article_id VARCHAR NOT NULL,
                sentence_index INTEGER,
                event VARCHAR NOT NULL,
                mode VARCHAR,
                cameo VARCHAR,
                cameo_root VARCHAR,
                quad_class INTEGER,
                goldstein DOUBLE PRECISION,
                acled_type VARCHAR,
                acled_subtype VARCHAR,
                modality VARCHAR,
                attribution VARCHAR,
                actor_text VARCHAR,
                actor_code VARCHAR,
                actor_sector VARCHAR,
                recipient_text VARCHAR,
                recipient_code VARCHAR,
                recipient_sector VARCHAR,
                date VARCHAR,
                day DATE,
                date_precision VARCHAR,
                date_basis VARCHAR,
                location_name VARCHAR,
                geonameid BIGINT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                location_country VARCHAR,
                location_admin1 VARCHAR,
                location_basis VARCHAR,
                sentence VARCHAR,
                confidence DOUBLE PRECISION,
                seq BIGINT NOT NULL,
                data VARCHAR NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS events_article ON events (article_id)",
            "CREATE INDEX IF NOT EXISTS events_day ON events (day)",
            # articles that went through the event stages (with or without events),
            # so a rerun does not code them again
            """CREATE TABLE IF NOT EXISTS coded_articles (
                article_id VARCHAR PRIMARY KEY,
                skipped VARCHAR,
                events INTEGER NOT NULL
            )""",
        ],
    ),
]
