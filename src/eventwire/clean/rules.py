"""Loads ``patterns.yaml`` once and answers questions about single lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..rules import read_rules

PATTERNS_FILE = Path(__file__).with_name("patterns.yaml")
_BREADCRUMB_SEP = re.compile(r"\s*(?:»|›|>)\s*")


@dataclass
class Rules:
    data: dict[str, Any]

    @classmethod
    def load(cls, path: Path = PATTERNS_FILE) -> "Rules":
        return cls(read_rules(path, ("drop_lines",)))

    @cached_property
    def _drop(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["drop_lines"]), re.I)

    @cached_property
    def _related(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["related_blocks"]), re.I)

    @cached_property
    def _truncate(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.data["truncate_after"]), re.I)

    @cached_property
    def byline(self) -> re.Pattern[str]:
        return re.compile(self.data["byline"])

    @cached_property
    def site_line(self) -> re.Pattern[str]:
        return re.compile(self.data["site_line"])

    @cached_property
    def _datelines(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.data["datelines"]]

    @cached_property
    def _glued(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p), repl) for p, repl in self.data["glued"]]

    @property
    def min_body_chars(self) -> int:
        return int(self.data["min_body_chars"])

    def drops(self, line: str) -> bool:
        return self._drop.match(line) is not None

    def starts_related(self, line: str) -> bool:
        return self._related.match(line) is not None

    def truncates(self, line: str) -> bool:
        return self._truncate.match(line) is not None

    def breadcrumb_title(self, line: str) -> str | None:
        """The last segment of a breadcrumb line ("Home » News » Headline"), else None."""
        if not re.match(r"^(home|startseite|accueil)\s*(»|›|>)", line, re.I) and line.count("»") < 2:
            return None
        segments = [s for s in _BREADCRUMB_SEP.split(line) if s]
        return segments[-1] if len(segments) >= 2 and len(segments[-1].split()) >= 3 else (None if len(segments) < 2 else "")

    def is_short_unpunctuated(self, block: str) -> bool:
        cfg = self.data["heading"]
        words = block.split()
        return (
            cfg["min_chars"] <= len(block)
            and len(words) <= cfg["max_words"]
            and block[-1] not in cfg["sentence_end"]
            and (block[0].isupper() or block[0].isdigit())
        )

    def is_tag_line(self, block: str) -> bool:
        words = block.split()
        return (
            0 < len(words) <= self.data["trailing_tags"]["max_words"]
            and block[-1] not in self.data["heading"]["sentence_end"]
            and all(w[:1].isupper() or w[:1].isdigit() for w in words)
        )

    def dateline_match(self, block: str) -> dict[str, Any] | None:
        for pattern in self._datelines:
            m = pattern.match(block)
            if m and m.end() < len(block):
                groups = m.groupdict()
                return {
                    "place": groups["place"].strip().title() if groups["place"].isupper() else groups["place"].strip(),
                    "date": groups.get("date"),
                    "agency": groups.get("agency"),
                    "end": m.end(),
                }
        return None

    def unglue(self, block: str) -> str:
        for pattern, repl in self._glued:
            block = pattern.sub(repl, block)
        return block


RULES = Rules.load()
