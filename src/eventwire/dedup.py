"""The ``dedup`` stage: near-duplicate articles via MinHash LSH.

A re-published or lightly edited copy of an article is linked to the first
article seen with that content (its canonical article) rather than dropped,
so later stages can count sources without counting the same text twice.
The index is seeded from the store's saved signatures, which makes
deduplication incremental across runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .model import Article, normalise_text

NUM_PERM = 128
SHINGLE_WORDS = 3
#: estimated Jaccard of word 3-shingles above which two articles are one text.
#: Rewritten copies of one story score about 0.6-0.7, different stories about 0.
DEFAULT_THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1
_SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them


@dataclass(frozen=True)
class DuplicateMatch:
    canonical_id: str
    similarity: float


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(normalise_text(text))
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64))


class NearDuplicateIndex:
    """Canonical articles' signatures; answers "is this a copy of one we have?".

    An LSH index with datasketch's banding for the threshold (25 bands of 5
    values at 0.5), kept compact because it lives in the ingest process and
    grows with the store: signatures in one array, each band a dict from the
    band's 64-bit hash to article positions. About 3 KB per article instead
    of 10 KB with ``MinHashLSH`` and one ``MinHash`` object per article; the
    same candidates (a 64-bit collision only adds a candidate, which the
    exact Jaccard check then judges).
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)  # only for its choice of bands
        self._bands: list[tuple[int, int]] = list(lsh.hashranges)
        self._tables: list[dict[int, int | list[int]]] = [{} for _ in self._bands]
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._matrix = np.empty((1024, NUM_PERM), dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._ids)

    def _band_keys(self, values: np.ndarray) -> list[int]:
        data = values.tobytes()
        return [hash(data[8 * lo : 8 * hi]) for lo, hi in self._bands]

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id in self._position:
            return
        pos = len(self._ids)
        if pos == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
        self._matrix[pos] = mh.hashvalues
        self._ids.append(article_id)
        self._position[article_id] = pos
        for table, key in zip(self._tables, self._band_keys(self._matrix[pos])):
            found = table.get(key)
            if found is None:
                table[key] = pos
            elif isinstance(found, list):
                found.append(pos)
            else:
                table[key] = [found, pos]

    def load(self, saved: Iterable[tuple[str, bytes]]) -> None:
        """Seed the index from (article id, signature bytes) pairs kept in the store."""
        for article_id, data in saved:
            if data:
                self.add(article_id, signature_from_bytes(data))

    def match(self, mh: MinHash) -> DuplicateMatch | None:
        values = np.asarray(mh.hashvalues, dtype=np.uint64)
        candidates: set[int] = set()
        for table, key in zip(self._tables, self._band_keys(values)):
            found = table.get(key)
            if found is None:
                continue
            if isinstance(found, list):
                candidates.update(found)
            else:
                candidates.add(found)
        best: DuplicateMatch | None = None
        for pos in candidates:
            candidate = self._ids[pos]
            sim = float(np.count_nonzero(self._matrix[pos] == values)) / NUM_PERM  # MinHash.jaccard
            if sim >= self.threshold and (
                best is None or sim > best.similarity
                or (sim == best.similarity and candidate < best.canonical_id)
            ):
                best = DuplicateMatch(candidate, sim)
        return best


def mark_duplicates(
    articles: list[Article], index: NearDuplicateIndex, signatures: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """Link each near-duplicate to its canonical article, in input order.

    Canonical articles join the index, so a copy later in the same batch is
    caught too. ``signatures`` may hold signatures already computed (in
    workers); the others are computed here. Returns the signature bytes of
    every article for the store.
    """
    saved: dict[str, bytes] = {}
    known = signatures or {}
    for article in articles:
        if article.id in known:
            mh = signature_from_bytes(known[article.id])
        else:
            mh = signature(article.text)
        saved[article.id] = signature_bytes(mh)
        found = index.match(mh)
        if found is not None and found.canonical_id != article.id:
            article.duplicate_of = found.canonical_id
            article.duplicate_similarity = round(found.similarity, 4)
        else:
            index.add(article.id, mh)
    return saved
