"""Placeholder: writes the Whoosh documents of a corpus into one directory (being written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import Book


def write_index(
    books: list[Book],
    directory: Path,
    *,
    corpus_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one Whoosh document per body paragraph into the empty ``directory``; returns the count."""
    raise NotImplementedError
