"""Language identification with py3langid's bundled model (no download)."""

from __future__ import annotations

from functools import lru_cache

#: below this many letters the guess is too weak to overrule English
MIN_LETTERS = 40


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and a confidence in 0..1 for the clean body text."""
    sample = text[:4000]
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_LETTERS:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 4)
