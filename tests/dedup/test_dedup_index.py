"""The compact near-duplicate index finds what datasketch's MinHashLSH finds, with a third of the memory."""

from __future__ import annotations

import random

from datasketch import MinHashLSH

from eventwire.dedup import NUM_PERM, NearDuplicateIndex, signature


def _texts(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(3000)]
    base = [" ".join(rng.choice(words) for _ in range(120)) for _ in range(n)]
    copies = []
    for text in rng.sample(base, n // 3):  # edited copies: from barely touched to rewritten
        tokens = text.split()
        for _ in range(rng.randint(1, 40)):
            tokens[rng.randrange(len(tokens))] = rng.choice(words)
        copies.append(" ".join(tokens))
    return base + copies


def test_same_candidates_and_matches_as_minhash_lsh():
    texts = _texts(300)
    signatures = [signature(t) for t in texts]
    index, lsh = NearDuplicateIndex(), MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    stored: dict[str, object] = {}
    decisions = []
    for i, mh in enumerate(signatures):
        key = f"a{i:04d}"
        ours = index.match(mh)
        hits = [(cand, float(mh.jaccard(stored[cand]))) for cand in lsh.query(mh)]
        hits = [h for h in hits if h[1] >= 0.5]
        theirs = min(hits, key=lambda h: (-h[1], h[0])) if hits else None
        assert ((ours.canonical_id, ours.similarity) if ours else None) == theirs, key
        decisions.append(ours is not None)
        if ours is None:
            index.add(key, mh)
            lsh.insert(key, mh)
            stored[key] = mh
    assert 30 < sum(decisions) < 100  # copies were found, the rest kept apart
    assert len(index) == len(stored)
