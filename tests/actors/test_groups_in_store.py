"""An armed group is its own actor all the way to the store: the actors page and an actor search find it."""

from __future__ import annotations

from eventwire.db import Eventwire


def test_hamas_is_found_by_an_actor_search_and_is_not_palestine(tmp_path):
    source = tmp_path / "note.txt"
    source.write_text(
        "Hamas fired rockets at southern Israel on Monday, the army said.\n\n"
        "The army said it intercepted most of the rockets and that no one was hurt in the barrage, which came after "
        "a week of rising tension along the border. Residents of the border towns were told to stay near shelters.",
        encoding="utf-8")
    with Eventwire(tmp_path / "s.duckdb") as ew:
        ew.ingest([str(source)], date="2024-05-06")
        total, rows = ew.actors(q="Hamas")
        assert [r["code"] for r in rows] == ["HAMAS"]
        profile = ew.actor("HAMAS")
        assert profile["as_actor"] >= 1 and any(n["text"] == "Hamas" for n in profile["names"])
        _, palestine = ew.actors(q="PSE")
        assert not palestine
