import numpy as np

from eventwire.across.embed import DIMENSIONS, embed


def test_embeddings_are_unit_vectors_and_rank_paraphrases_above_unrelated_text():
    vecs = embed([
        "Israel recalled its negotiators from Doha.",
        "Israel withdrew its negotiating team from Qatar.",
        "Thousands of protesters rallied in Tbilisi.",
        "",
    ])
    assert vecs.shape == (4, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    sims = vecs @ vecs.T
    assert sims[0, 1] > 0.5 > sims[0, 2]


def test_order_is_kept_whatever_the_lengths():
    texts = ["a much longer sentence about a ceasefire agreement between two parties", "short", "medium length text"]
    together = embed(texts)
    alone = np.vstack([embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-3)
