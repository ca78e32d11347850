"""Store schema as ordered migrations; the store records which have run.

SQL here is kept to what both DuckDB and PostgreSQL accept, so one schema
serves the embedded default store and a shared server store.
"""

from __future__ import annotations

SCHEMA_VERSION = 5

#: the events table's flat columns (everything but ``seq`` and the whole event as JSON in ``data``),
#: in the order ``base.event_row`` writes them; pages, listings and CSV exports read these
EVENT_COLUMNS = (
    "id", "article_id", "sentence_index", "event", "mode", "cameo", "cameo_root", "quad_class",
    "goldstein", "acled_type", "acled_subtype", "modality", "attribution", "actor_text", "actor_code",
    "actor_sector", "recipient_text", "recipient_code", "recipient_sector", "date", "day",
    "date_precision", "date_basis", "location_name", "geonameid", "latitude", "longitude",
    "location_country", "location_admin1", "location_basis", "sentence", "confidence",
)

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
    (
        4,
        [
            # One row per merged (real-world) event; ``data`` is the whole
            # MergedEvent as JSON. ``grp`` is the connected group of mentions
            # it was computed from: a new mention reloads and rewrites its group.
            """CREATE TABLE IF NOT EXISTS merged_events (
                id VARCHAR PRIMARY KEY,
                grp VARCHAR NOT NULL,
                event VARCHAR NOT NULL,
                cameo_root VARCHAR,
                quad_class INTEGER,
                modality VARCHAR,
                actor_code VARCHAR,
                actor_name VARCHAR,
                recipient_code VARCHAR,
                recipient_name VARCHAR,
                date VARCHAR,
                day DATE,
                date_precision VARCHAR,
                location_name VARCHAR,
                location_country VARCHAR,
                num_mentions INTEGER NOT NULL,
                num_articles INTEGER NOT NULL,
                num_sources INTEGER NOT NULL,
                first_seen DATE,
                last_seen DATE,
                data VARCHAR NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS merged_events_grp ON merged_events (grp)",
            "CREATE INDEX IF NOT EXISTS merged_events_day ON merged_events (day)",
            # mention -> merged event, with the mention's date interval for candidate lookups
            """CREATE TABLE IF NOT EXISTS event_links (
                event_id VARCHAR PRIMARY KEY,
                merged_id VARCHAR NOT NULL,
                grp VARCHAR NOT NULL,
                article_key VARCHAR NOT NULL,
                day_lo DATE,
                day_hi DATE
            )""",
            "CREATE INDEX IF NOT EXISTS event_links_merged ON event_links (merged_id)",
            "CREATE INDEX IF NOT EXISTS event_links_grp ON event_links (grp)",
            "CREATE INDEX IF NOT EXISTS event_links_day ON event_links (day_lo, day_hi)",
            "CREATE INDEX IF NOT EXISTS event_links_article ON event_links (article_key)",
            # per canonical article: title+lead embedding and entity counts, so
            # later runs compare against it without re-embedding
            """CREATE TABLE IF NOT EXISTS article_features (
                article_id VARCHAR PRIMARY KEY,
                published DATE,
                embedding BLOB NOT NULL,
                entities VARCHAR NOT NULL,
                grp VARCHAR
            )""",
            "CREATE INDEX IF NOT EXISTS article_features_published ON article_features (published)",
            "CREATE INDEX IF NOT EXISTS article_features_grp ON article_features (grp)",
            # storylines and their chapters (kind), computed per group
            """CREATE TABLE IF NOT EXISTS stories (
                id VARCHAR PRIMARY KEY,
                grp VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                parent_id VARCHAR,
                label VARCHAR NOT NULL,
                start_day DATE,
                end_day DATE,
                num_articles INTEGER NOT NULL,
                num_sources INTEGER NOT NULL,
                data VARCHAR NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS stories_grp ON stories (grp)",
            """CREATE TABLE IF NOT EXISTS story_articles (
                article_id VARCHAR PRIMARY KEY,
                storyline_id VARCHAR NOT NULL,
                chapter_id VARCHAR NOT NULL,
                grp VARCHAR NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS story_articles_storyline ON story_articles (storyline_id)",
            "CREATE INDEX IF NOT EXISTS story_articles_chapter ON story_articles (chapter_id)",
            "CREATE INDEX IF NOT EXISTS story_articles_grp ON story_articles (grp)",
            """CREATE TABLE IF NOT EXISTS contradictions (
                id VARCHAR PRIMARY KEY,
                merged_id VARCHAR NOT NULL,
                grp VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                subject VARCHAR NOT NULL,
                data VARCHAR NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS contradictions_grp ON contradictions (grp)",
        ],
    ),
    (
        5,
        [
            # every figure the resolve stage read, also those in sentences without
            # an event ("over 37,000 deaths, according to the health ministry")
            """CREATE TABLE IF NOT EXISTS figures (
                id VARCHAR PRIMARY KEY,
                article_id VARCHAR NOT NULL,
                sentence_index INTEGER,
                kind VARCHAR NOT NULL,
                number BIGINT,
                qualifier VARCHAR,
                text VARCHAR,
                source VARCHAR,
                anonymous BOOLEAN,
                outlet VARCHAR
            )""",
            "CREATE INDEX IF NOT EXISTS figures_article ON figures (article_id)",
            # every place an article names, resolved, for the map
            """CREATE TABLE IF NOT EXISTS article_places (
                id VARCHAR PRIMARY KEY,
                article_id VARCHAR NOT NULL,
                sentence_index INTEGER,
                start_char INTEGER,
                end_char INTEGER,
                text VARCHAR,
                name VARCHAR,
                geonameid BIGINT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                country VARCHAR,
                admin1 VARCHAR,
                feature VARCHAR,
                recogniser VARCHAR,
                confidence DOUBLE PRECISION
            )""",
            "CREATE INDEX IF NOT EXISTS article_places_article ON article_places (article_id)",
            "CREATE INDEX IF NOT EXISTS article_places_geonameid ON article_places (geonameid)",
        ],
    ),
]
