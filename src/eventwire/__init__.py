"""eventwire: news articles in, a clean, deduplicated, source-attributed event dataset out."""

__version__ = "0.1.0"
