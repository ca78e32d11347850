"""Stage 7, across articles: mentions of one real-world event merged (``merge``), the
sources that disagree about it (``contradictions``), articles and events grouped into
storylines with chapters (``stories``, with their text features from ``embed``)."""
