"""Settings in one declared place, with their defaults.

The CLI fills a :class:`Config` from its options (each with a ``SEARCHLIB_*`` envvar) and the web
app from its mapping; nothing reads the environment at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    """Where the corpus and the index live, and the sizes of result pages and snippets."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    page_len: int = 10
    snippet_chars: int = 240
    snippet_fragments: int = 2
    max_query_chars: int = 500

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "books.toml"

    @property
    def ingested_dir(self) -> Path:
        return self.corpus_dir / "ingested"
