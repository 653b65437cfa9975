"""The ingested corpus as the web app reads it: loaded once per process, reloaded when it changes.

The passage, note, book and source pages read the books themselves, not the index. Loading the
JSON costs a fraction of a second, so :func:`corpus_view` keeps one :class:`CorpusView` per corpus
directory and reuses it until the files' modification times change (a re-ingest), then rebuilds
it. Lookups (paragraph by id, neighbours, chapter, footnote, passages citing a URL) are dicts built
once here so each request is a few dictionary reads. The archived source pages
(``corpus/archive.json``, filled by ``searchlib sources import``) are loaded with the books, so a
footnote can show its source's own title and date.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searchlib.archive import ARCHIVE_FILE, ArchivedPage, find_archived, load_archive
from searchlib.corpus import load_corpus
from searchlib.errors import ArchiveError, DocumentNotFound
from searchlib.model import Book, Chapter, Footnote, Paragraph, Source

log = logging.getLogger(__name__)

#: Entries of :attr:`CorpusView.memo` before it starts again.
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
    #: What pages derive from this version of the corpus alone (facet labels, a note's HTML),
    #: computed once: it goes away with the view when the corpus changes.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)

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
        """``compute()``, once per ``key`` for this version of the corpus.

        Keys may come from what a browser sends (a filter's value): past ``MEMO_SIZE`` entries
        the memo starts again rather than grow without end.
        """
        value = self.memo.get(key)
        if value is None:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            value = self.memo[key] = compute()
        return value

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


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], CorpusView]] = {}
# Per request, the check must stay cheap: the directory's resolved path is remembered, and its
# ``ingested/*.json`` listing is read again only when the directory itself changed (a file added,
# removed or atomically replaced); each listed file is still stat'ed, which catches an in-place
# rewrite.
_resolved: dict[Path, Path] = {}
_listings: dict[Path, tuple[tuple[int, int], list[Path]]] = {}


def _book_files(ingested: Path) -> list[Path]:
    try:
        st = ingested.stat()
    except FileNotFoundError:
        return []
    key = (st.st_ino, st.st_mtime_ns)
    listed = _listings.get(ingested)
    if listed is not None and listed[0] == key:
        return listed[1]
    files = sorted(ingested.glob("*.json"))
    # A change within the file system's timestamp granularity could leave the mtime as it was:
    # a directory changed in the last seconds is listed again next time.
    if time.time_ns() - st.st_mtime_ns > 2_000_000_000:
        _listings[ingested] = (key, files)
    return files


def _stamp(corpus_dir: Path) -> tuple[tuple[str, int, int], ...]:
    paths = [corpus_dir / "books.toml", corpus_dir / ARCHIVE_FILE,
             *_book_files(corpus_dir / "ingested")]
    stamp = []
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        stamp.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(stamp)


def corpus_view(corpus_dir: Path) -> CorpusView:
    """The :class:`CorpusView` of ``corpus_dir``, loaded at most once per version of its files.

    :raises EmptyCorpus: when nothing has been ingested.
    :raises ManifestError: when the manifest is missing or malformed.
    """
    resolved = _resolved.get(corpus_dir)
    if resolved is None:
        resolved = _resolved[corpus_dir] = Path(corpus_dir).resolve()
    corpus_dir = resolved
    stamp = _stamp(corpus_dir)
    cached = _cache.get(corpus_dir)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    # One loader at a time: concurrent first requests would otherwise each parse the corpus.
    with _lock:
        cached = _cache.get(corpus_dir)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        view = CorpusView(load_corpus(corpus_dir), archive=_archive(corpus_dir))
        _cache[corpus_dir] = (stamp, view)
        return view


def _archive(corpus_dir: Path) -> dict[str, ArchivedPage]:
    # A damaged archive.json costs the sources' own titles, not every page of the site.
    try:
        return load_archive(corpus_dir)
    except ArchiveError as e:
        log.warning("archived source pages ignored: %s", e)
        return {}
