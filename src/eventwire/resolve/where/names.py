"""Place-name normalisation: the keys the gazetteer is indexed and looked up by.

``name_key`` is exact up to spelling noise (accents, apostrophes, hyphens,
case, Arabic article forms, "St."/"Saint"); ``loose_key`` also folds
transliteration variants of one sound (kh/h, ou/u, y/i, e/a...) and is only
used when the exact key finds nothing. The rules live in ``names.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ...rules import read_rules

HERE = Path(__file__).parent
_SPLIT = re.compile(r"[^\w&]+")
_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")


@lru_cache(maxsize=1)
def rules() -> dict:
    data = read_rules(HERE / "names.yaml", ("articles", "directions", "letters", "suffixes"))
    data["articles"] = set(data["articles"])
    data["directions"] = set(data["directions"])
    data["letters_table"] = str.maketrans(data["letters"])
    data["suffix_words"] = sorted(data["suffixes"], key=lambda s: -len(s.split()))
    affixes = data["admin_affixes"]
    affixes["prefixes"] = sorted(affixes["prefixes"], key=len, reverse=True)
    affixes["suffixes"] = sorted(affixes["suffixes"], key=len, reverse=True)
    return data


def ascii_fold(text: str) -> str:
    """Accents and special letters removed: "Jabālyā" -> "Jabalya", "Łódź" -> "Lodz"."""
    text = text.translate(rules()["letters_table"])
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words_of(text: str) -> list[str]:
    """Normalised words: folded, casefolded, acronym dots and punctuation dropped."""
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), ascii_fold(text))
    return [w for w in _SPLIT.split(text.casefold()) if w]


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The exact lookup key: "Deir el-Balah" and "Deir al Balah" both give "deir al balah"."""
    r = rules()
    words = words_of(text)
    if words and words[0] == "the":
        words = words[1:]
    out = []
    for i, w in enumerate(words):
        if w in r["articles"] and i + 1 < len(words) and len(words) > 1:
            w = "al"
        out.append(r["abbreviations"].get(w, w))
    return " ".join(out)


@lru_cache(maxsize=200_000)
def loose_key(text: str) -> str:
    """A fallback key that also folds transliteration variants: Jabalia/Jabalya/Jabaliya."""
    key = name_key(text)
    for a, b in rules()["loose"]:
        key = key.replace(a, b)
    key = re.sub(r"(\w)\1+", r"\1", key)  # doubled letters: Gazza -> Gaza
    key = re.sub(r"(?<=\w)h\b", "", key)  # final h: Rafah/Rafa, Jabaliyah/Jabaliya
    key = re.sub(r"ia\b", "a", key)  # Jabalia/Jabalya both end up "jabala"
    return key.replace(" ", "")


def strip_suffix(text: str) -> tuple[str, str | None]:
    """("Jabalya", "camp") for "Jabalya refugee camp"; (text, None) when no place-kind word ends it."""
    lowered = text.casefold()
    for suffix in rules()["suffix_words"]:
        if lowered.endswith(" " + suffix) and len(lowered) > len(suffix) + 1:
            return text[: -len(suffix) - 1].rstrip(), rules()["suffixes"][suffix]
    return text, None


def strip_direction(text: str) -> str:
    """"Gaza" for "northern Gaza"; the text itself when no direction word starts it."""
    head, _, rest = text.partition(" ")
    # "South Ossetia" and "West Midlands" are names; "northern Gaza", "Northeast Georgia" are parts
    if rest and head.casefold() in rules()["directions"] and (
            head.islower() or head.casefold().endswith("ern") or len(head.strip("-")) > 5):
        return rest
    return text


def admin_core(name: str) -> str | None:
    """"Bulacan" for "Province of Bulacan", "Murmanskaya" for "Murmanskaya Oblast'"; None if no affix."""
    affixes = rules()["admin_affixes"]
    key = name_key(name)
    for prefix in affixes["prefixes"]:
        p = name_key(prefix)
        if key.startswith(p + " "):
            return key[len(p) + 1 :]
    for suffix in affixes["suffixes"]:
        s = name_key(suffix)
        if key.endswith(" " + s):
            return key[: -len(s) - 1]
    return None
