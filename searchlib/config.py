"""Settings in one declared place, with their defaults.

The CLI fills a :class:`Config` from its options (each with a ``SEARCHLIB_*`` envvar) and the web
app from its mapping; nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

from .value_objects import ValueObject


class Config(ValueObject):
    """Where the corpus and the index live, and the sizes of result pages and snippets.

    Frozen, compared and hashed by its settings, as a frozen dataclass; a plain class, since a
    search loads it: as a dataclass, it cost a new process 1.7 ms to create (and 1 ms to import
    ``dataclasses``). The defaults are class attributes (the CLI's options and the web app's
    mapping read them).
    """

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    page_len: int = 10
    snippet_chars: int = 240
    snippet_fragments: int = 2
    max_query_chars: int = 500
    _fields = ("corpus_dir", "index_dir", "page_len", "snippet_chars", "snippet_fragments",
               "max_query_chars")

    def __init__(self, corpus_dir: Path = corpus_dir, index_dir: Path = index_dir,
                 page_len: int = page_len, snippet_chars: int = snippet_chars,
                 snippet_fragments: int = snippet_fragments,
                 max_query_chars: int = max_query_chars) -> None:
        vars(self).update(corpus_dir=corpus_dir, index_dir=index_dir, page_len=page_len,
                          snippet_chars=snippet_chars, snippet_fragments=snippet_fragments,
                          max_query_chars=max_query_chars)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._values())

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "books.toml"

    @property
    def ingested_dir(self) -> Path:
        return self.corpus_dir / "ingested"
