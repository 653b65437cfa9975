"""The corpus as the web app reads it: the live index generation's snapshot, loaded once.

The passage, note, book and source pages read the books themselves, from the generation the
request reads (:func:`web.searcher.get_generation`), never from ``corpus/ingested``: a re-ingest
changes nothing on the site until a build switches to a generation holding it, so a hit's passage
page always exists. :func:`corpus_view` builds one :class:`CorpusView` per generation and keeps it
on the generation (it goes away with it). Lookups (paragraph by id, neighbours, chapter, footnote,
passages citing a URL) are dicts built once here so each request is a few dictionary reads. The
archived source pages (``archive.json``, filled by ``searchlib sources import`` and copied into the
generation by the build) are loaded with the books, so a footnote can show its source's own title
and date.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cachetools import LRUCache

from searchlib.archive import ArchivedPage, find_archived, load_archive
from searchlib.errors import ArchiveError, DocumentNotFound
from searchlib.index.generation import memoized
from searchlib.model import Book, Chapter, Footnote, Paragraph, Source

from .searcher import get_generation

log = logging.getLogger(__name__)

#: Entries of :attr:`CorpusView.memo` at most.
MEMO_SIZE = 50_000


@dataclass(frozen=True)
class Located:
    """A paragraph with its book, its chapter and its neighbours' ids (``None`` at either end)."""

    book: Book
    chapter: Chapter
    paragraph: Paragraph
    previous: str | None
    next: str | None


@dataclass
class CorpusView:
    """Read-only indexes over the books, built once per corpus version."""

    books: list[Book]
    by_book: dict[str, Book] = field(default_factory=dict)
    located: dict[str, Located] = field(default_factory=dict)
    notes: dict[tuple[str, int], Footnote] = field(default_factory=dict)
    archive: dict[str, ArchivedPage] = field(default_factory=dict)
    #: What pages derive from this generation's corpus alone (facet labels, a note's HTML),
    #: computed once: it goes away with the view when the generation changes. Keys may come
    #: from what a browser sends (a filter's value): least recently used entries go first.
    memo: LRUCache[tuple[Any, ...], Any] = field(
        default_factory=lambda: LRUCache(maxsize=MEMO_SIZE))
    #: cachetools caches are not thread-safe, and a worker's threads share this view: an
    #: eviction racing a read could raise ``KeyError``. ``compute()`` runs outside the lock.
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __post_init__(self) -> None:
        for book in self.books:
            self.by_book[book.id] = book
            flat = [(c, p) for c in book.chapters for p in c.paragraphs]
            for i, (chapter, para) in enumerate(flat):
                prev_id = flat[i - 1][1].id if i > 0 else None
                next_id = flat[i + 1][1].id if i + 1 < len(flat) else None
                self.located[para.id] = Located(book, chapter, para, prev_id, next_id)
            for note in book.footnotes:
                self.notes[(book.id, note.number)] = note

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, once per ``key`` for this generation's corpus (bounded memo)."""
        return memoized(self._memo_lock, self.memo, key, compute)

    def book(self, book_id: str) -> Book:
        """:raises DocumentNotFound: for an unknown book id."""
        try:
            return self.by_book[book_id]
        except KeyError:
            raise DocumentNotFound(f"Le livre « {book_id} » n'existe pas.") from None

    def locate(self, paragraph_id: str) -> Located:
        """:raises DocumentNotFound: for an unknown paragraph id."""
        try:
            return self.located[paragraph_id]
        except KeyError:
            raise DocumentNotFound(f"Le passage « {paragraph_id} » n'existe pas.") from None

    def note(self, book_id: str, number: int) -> Footnote:
        """:raises DocumentNotFound: for an unknown book or note number."""
        self.book(book_id)
        try:
            return self.notes[(book_id, number)]
        except KeyError:
            message = f"La note {number} du livre « {book_id} » n'existe pas."
            raise DocumentNotFound(message) from None

    def sources_of(self, book_id: str, number: int) -> list[Source]:
        note = self.notes.get((book_id, number))
        return list(note.sources) if note else []

    def archived(self, source: Source) -> ArchivedPage | None:
        """The imported copy of ``source``'s page, if one was imported."""
        return find_archived(self.archive, source) if self.archive else None


def corpus_view() -> CorpusView:
    """The :class:`CorpusView` of the request's generation, built once per generation.

    :raises IndexNotFound: when there is no index.
    :raises IndexDamaged: when the generation's corpus files are unreadable.
    """
    generation = get_generation()
    return generation.derived(  # type: ignore[no-any-return]
        CorpusView, lambda: CorpusView(generation.books(), archive=_archive(generation.corpus_dir))
    )


def _archive(corpus_dir: Path) -> dict[str, ArchivedPage]:
    # A damaged archive.json costs the sources' own titles, not every page of the site.
    try:
        return load_archive(corpus_dir)
    except ArchiveError as e:
        log.warning("archived source pages ignored: %s", e)
        return {}
