"""Shared test fixtures: the ../shared folder (skipped cleanly when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path to ../shared; skips the test when it is not there."""
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent (seeds and dev data live there)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    path = shared / "seeds"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def shared_data(shared: Path) -> Path:
    path = shared / "data"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy English pipeline, loaded once per test session."""
    from eventwire.analyze import load_nlp

    return load_nlp()


# --- stores for the API, web and export tests -------------------------------------------
#: an article whose title and text carry HTML and script that must stay inert everywhere
EVIL_TITLE = 'Rebels <script>window.__xss = 1; alert("t")</script> storm town <img src=x onerror="window.__xss = 2">'
EVIL_TEXT = (
    'Rebel fighters attacked the town of Marsa on Monday <img src=x onerror="window.__xss = 3"> and seized '
    "the police station, the army said in a statement.\n\n"
    "The government condemned the attack <script>window.__xss = 4</script> and vowed to retake the town, "
    "officials said on Tuesday.\n\n"
    "Residents said the fighting lasted several hours and that dozens of families fled to nearby villages "
    "before the rebels withdrew."
)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The sample corpus (examples/articles) plus one hostile article, ingested once per session."""
    import json

    from eventwire.db import Eventwire

    folder = tmp_path_factory.mktemp("demo")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "id": "hostile-1", "title": EVIL_TITLE, "text": EVIL_TEXT, "date": "2024-06-03",
        "url": "javascript:window.__xss=5", "source": "<b>Evil Outlet</b>",
    }) + "\n", encoding="utf-8")
    db = folder / "demo.duckdb"
    with Eventwire(db) as ew:
        ew.ingest([str(EXAMPLES)])
        ew.ingest([str(hostile)])
    return db


def _located_events():
    """Three articles and five events written for these tests: places, counts, a merged event."""
    from eventwire.model import Actor, Article, Count, Event, Evidence, Place

    texts = {
        "a": "Israeli aircraft struck a house in Gaza City on Sunday, killing 7 people, medics said.\n\n"
             "Qatar urged both sides to return to talks in Doha.",
        "b": "An air strike on a house in Gaza City killed at least 9 people on Sunday, the civil defence said.",
        "c": "Police arrested 40 protesters in Tbilisi on Monday, the interior ministry said.",
    }
    articles = {
        k: Article(id=Article.make_id(t), text=t, title=f"Report {k.upper()}", source=f"Outlet {k.upper()}",
                   url=f"https://news.example/{k}", published="2024-05-05" if k != "c" else "2024-12-02",
                   published_precision="day", published_basis="metadata", language="en")
        for k, t in texts.items()
    }
    gaza = Place(name="Gaza City", geonameid=281133, latitude=31.50161, longitude=34.46672, country="PSE",
                 admin1="GZ", feature="city")
    tbilisi = Place(name="Tbilisi", geonameid=611717, latitude=41.69411, longitude=44.83368, country="GEO",
                    admin1="TB", feature="city")

    def evidence(key, sentence, trigger_word, actor_word, recipient_word=None):
        s = sentence
        args = {"actor": (s.index(actor_word), s.index(actor_word) + len(actor_word))}
        if recipient_word:
            args["recipient"] = (s.index(recipient_word), s.index(recipient_word) + len(recipient_word))
        t = s.index(trigger_word)
        return Evidence(article_id=articles[key].id, sentence_index=0, sentence=s, trigger=(t, t + len(trigger_word)),
                        arguments=args, rule=f"verb:{trigger_word}", confidence=0.8)

    s_a = texts["a"].split("\n\n")[0]
    s_b = texts["b"]
    strike = Event(
        event="ASSAULT", mode="aerial", cameo="195", cameo_root="19", quad_class=4, goldstein=-10.0,
        acled_type="Explosions/Remote violence", acled_subtype="Air/drone strike",
        actor=[Actor(text="Israeli aircraft", code="ISR", sector="MIL", name="Israel", resolved=True)],
        recipient=[Actor(text="a house", resolved=False)],
        attribution="medics", date="2024-05-05", date_precision="day", date_basis="relative", date_text="on Sunday",
        location=gaza, location_basis="clause",
        counts=[Count(kind="killed", number=7, text="killing 7 people", source="medics"),
                Count(kind="killed", number=9, qualifier="at least", text="at least 9 people", source="the civil defence")],
        evidence=[evidence("a", s_a, "struck", "Israeli aircraft", "a house"),
                  evidence("b", s_b, "air strike", "air strike")],
        confidence=0.8,
    )
    s_q = texts["a"].split("\n\n")[1]
    urge = Event(
        event="REQUEST", cameo="020", cameo_root="02", quad_class=1, goldstein=3.0,
        actor=[Actor(text="Qatar", code="QAT", sector="GOV", name="Qatar", resolved=True)],
        recipient=[Actor(text="both sides", resolved=False)],
        date="2024-05-05", date_precision="day", date_basis="publication",
        evidence=[Evidence(article_id=articles["a"].id, sentence_index=1, sentence=s_q,
                           trigger=(s_q.index("urged"), s_q.index("urged") + 5),
                           arguments={"actor": (0, 5)}, rule="verb:urge", confidence=0.7)],
        confidence=0.7,
    )
    arrest = Event(
        event="COERCE", mode="arrest", cameo="173", cameo_root="17", quad_class=4, goldstein=-5.0,
        acled_type="Protests", acled_subtype="Protest with intervention",
        actor=[Actor(text="Police", code="GEO", sector="COP", resolved=True)],
        recipient=[Actor(text="40 protesters", code="GEO", sector="CVL", resolved=True)],
        attribution="the interior ministry", date="2024-12-02", date_precision="day", date_basis="relative",
        location=tbilisi, location_basis="clause",
        counts=[Count(kind="arrested", number=40, text="40 protesters")],
        evidence=[evidence("c", texts["c"], "arrested", "Police", "40 protesters")],
        confidence=0.9,
    )
    negated = Event(
        event="ASSAULT", cameo="190", cameo_root="19", quad_class=4, goldstein=-10.0, modality="negated",
        acled_type="Battles", acled_subtype="Armed clash",
        actor=[Actor(text="Police", code="GEO", sector="COP", resolved=True)],
        date="2024-12-02", date_precision="day", date_basis="publication",
        evidence=[evidence("c", texts["c"], "Police", "Police")],
    )
    undated = Event(
        event="CONSULT", cameo="040", cameo_root="04", quad_class=1, goldstein=1.0,
        actor=[Actor(text="Qatar", code="QAT", sector="GOV", resolved=True)],
        evidence=[Evidence(article_id=articles["a"].id, sentence_index=1, sentence=s_q, trigger=(22, 28))],
    )
    events = [strike, urge, arrest, negated, undated]
    for ev in events:
        ev.id = ev.compute_id()
    return list(articles.values()), events


@pytest.fixture
def located_events():
    """A builder of the located test data: () -> (articles, events), fresh objects each call."""
    return _located_events


@pytest.fixture(scope="session")
def located_store(tmp_path_factory) -> Path:
    """A small store with places, counts and a two-article event (no NLP needed to build it)."""
    from eventwire.store import DuckDBStore

    articles, events = _located_events()
    db = tmp_path_factory.mktemp("located") / "located.duckdb"
    with DuckDBStore(db) as store:
        store.write_batch(Batch(articles, stages=StageOutput(events, [(a.id, None, 0) for a in articles])))
    return db


def _storied_batch():
    """Four articles we wrote, coded by hand: one strike reported by two outlets the same day with
    different death tolls (a merged event with a contradiction), a call for talks, and an arrest elsewhere."""
    from eventwire.model import Actor, Article, Count, Event, Evidence, Place

    texts = {
        "a": "Israeli aircraft struck a house in Gaza City on Sunday, killing 7 people, medics said.\n\n"
             "Qatar urged both sides to return to talks in Doha.",
        "b": "An Israeli air strike hit a house in Gaza City on Sunday and killed 12 people, the civil defence said.",
        "c": "Police arrested 40 protesters in Tbilisi on Monday, the interior ministry said.",
    }
    published = {"a": "2024-05-05", "b": "2024-05-05", "c": "2024-12-02"}
    articles = {
        k: Article(id=Article.make_id(t), text=t, title=f"Story report {k.upper()}", source=f"outlet-{k}.example",
                   url=f"https://news.example/story-{k}", published=published[k], published_precision="day",
                   published_basis="metadata", language="en")
        for k, t in texts.items()
    }
    gaza = Place(name="Gaza City", geonameid=281133, latitude=31.50161, longitude=34.46672, country="PSE",
                 admin1="GZ", feature="city")
    tbilisi = Place(name="Tbilisi", geonameid=611717, latitude=41.69411, longitude=44.83368, country="GEO",
                    admin1="TB", feature="city")
    israel = Actor(text="Israeli", code="ISR", sector="MIL", name="Israel", resolved=True)

    def mention(key, sentence, trigger, event, actor, *, recipient=None, index=0, **fields):
        t = sentence.index(trigger)
        args = {"actor": (sentence.index(actor.text), sentence.index(actor.text) + len(actor.text))}
        if recipient and recipient.text in sentence:
            args["recipient"] = (sentence.index(recipient.text), sentence.index(recipient.text) + len(recipient.text))
        ev = Event(event=event, actor=[actor], recipient=[recipient] if recipient else [], evidence=[Evidence(
            article_id=articles[key].id, sentence_index=index, sentence=sentence, trigger=(t, t + len(trigger)),
            arguments=args, rule=f"verb:{trigger}", confidence=0.8)], confidence=0.8, **fields)
        ev.id = ev.compute_id()
        return ev

    strike = dict(cameo="195", cameo_root="19", quad_class=4, goldstein=-10.0, date="2024-05-05",
                  date_precision="day", date_basis="relative", date_text="on Sunday", location=gaza,
                  location_basis="clause", acled_type="Explosions/Remote violence", acled_subtype="Air/drone strike")
    events = [
        mention("a", texts["a"].split("\n\n")[0], "struck", "ASSAULT", israel, attribution="medics",
                recipient=Actor(text="a house"),
                counts=[Count(kind="killed", number=7, text="killing 7 people", source="medics")], **strike),
        mention("a", texts["a"].split("\n\n")[1], "urged", "REQUEST",
                Actor(text="Qatar", code="QAT", sector="GOV", name="Qatar", resolved=True), index=1,
                recipient=Actor(text="both sides"),
                cameo="020", cameo_root="02", quad_class=1, goldstein=3.0, date="2024-05-05",
                date_precision="day", date_basis="publication"),
        mention("b", texts["b"], "air strike", "ASSAULT", israel, attribution="the civil defence",
                recipient=Actor(text="a house"),
                counts=[Count(kind="killed", number=12, text="killed 12 people", source="the civil defence")], **strike),
        mention("c", texts["c"], "arrested", "COERCE", Actor(text="Police", code="GEO", sector="COP", resolved=True),
                recipient=Actor(text="40 protesters", code="GEO", sector="CVL", resolved=True), cameo="173",
                cameo_root="17", quad_class=4, goldstein=-5.0, date="2024-12-02", date_precision="day",
                date_basis="relative", location=tbilisi, location_basis="clause",
                counts=[Count(kind="arrested", number=40, text="40 protesters")]),
    ]
    entities = {articles["a"].id: [("Israel", "GPE"), ("Gaza City", "GPE"), ("Qatar", "GPE")],
                articles["b"].id: [("Israel", "GPE"), ("Gaza City", "GPE")],
                articles["c"].id: [("Tbilisi", "GPE")]}
    return list(articles.values()), events, entities


@pytest.fixture(scope="session")
def storied_store(tmp_path_factory) -> Path:
    """A small store that went through merging, contradictions and stories (two storylines).

    Embeddings are fixed vectors (the Gaza reports alike, the Tbilisi one apart), so the
    storylines do not depend on the embedding model.
    """
    import numpy as np

    from eventwire.pipeline import across_articles
    from eventwire.store import DuckDBStore

    articles, events, entities = _storied_batch()
    directions = {a.id: (0 if "Gaza" in a.text else 1) for a in articles}
    order = [a.id for a in articles if not a.duplicate_of]

    def fixed(texts):
        return np.stack([np.eye(1, 384, directions[order[i]], dtype=np.float32)[0] for i in range(len(texts))])

    db = tmp_path_factory.mktemp("storied") / "storied.duckdb"
    with pytest.MonkeyPatch.context() as patch, DuckDBStore(db) as store:
        patch.setattr("eventwire.across.embed.embed", fixed)
        across = across_articles(store, articles, events, entities)
        store.write_batch(Batch(articles, stages=StageOutput(events, [(a.id, None, 1) for a in articles]), across=across))
    return db


# --- PostgreSQL: a throw-away server for the store tests ------------------------------------
def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    import shutil

    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return None


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server URL: $EVENTWIRE_TEST_PG, or a throw-away cluster on 127.0.0.1.

    The cluster lives in a temp dir on a random free port and is stopped at
    the end of the session; without the server binaries the test is skipped.
    """
    import subprocess

    pytest.importorskip("psycopg")
    if os.environ.get("EVENTWIRE_TEST_PG"):
        yield os.environ["EVENTWIRE_TEST_PG"].rstrip("/")
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed; set EVENTWIRE_TEST_PG to use a server")
    import shutil
    import tempfile

    # not under pytest's tmp dir: as root that one is private, and the server runs as postgres
    root = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
    data, port = root / "data", _free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start a PostgreSQL cluster")
        shutil.chown(root, "postgres")
        root.chmod(0o700)
        as_user = [runuser, "-u", "postgres", "--"]
    try:
        subprocess.run(as_user + [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run(
            as_user + [pg_ctl, "-D", str(data), "-w", "-l", str(root / "log"), "-o",
                       f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off", "start"],
            check=True, capture_output=True, timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, LookupError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"could not start a throw-away PostgreSQL cluster: {exc} {detail.decode(errors='replace')[-300:]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_user + [pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_location(pg_server, request) -> str:
    """A store location in its own fresh schema of the test server (dropped afterwards)."""
    import re
    import uuid

    import psycopg

    schema = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["duckdb", "postgresql"])
def store_location(request, tmp_path) -> str:
    """A fresh store location on each backend: the store tests run against both."""
    if request.param == "duckdb":
        return str(tmp_path / "s.duckdb")
    return request.getfixturevalue("pg_location")
