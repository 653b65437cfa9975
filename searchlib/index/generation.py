"""One generation open for reading: its index, its corpus snapshot, its tables and its caches.

Every reader — a CLI command, a request of the web app — reads one :class:`Generation`: the
passages it finds, the books and notes it shows and the tables its queries are expanded with all
come from the same build (:mod:`.snapshot`). What readers derive from a generation (the web app's
corpus lookups, say) is kept on it with :meth:`Generation.derived`, bounded, and goes away with it.

:func:`open_live` opens the generation ``CURRENT`` names; :func:`reading_corpus` is where a command
that needs only the corpus reads it: the live generation's snapshot when the index was built from
that corpus directory, else the ingested corpus itself (before the first ``searchlib index``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import IndexDamaged, IndexNotFound, SearchlibError
from ..lazy import lazy_logger
from .bounded import BoundedCache
from .layout import (
    CORPUS_DIR,
    METADATA,
    analysis_fingerprint,
    current_generation,
    open_generation,
    read_metadata,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # an annotation only: a search imports this module, never the model
    from typing import Any

    from ..model import Book

log = lazy_logger(__name__)

#: Structures derived from one generation kept on it (facet labels, a note's HTML...). Keys may
#: come from what a browser sends, so the memo is bounded.
DERIVED_SIZE = 50_000


class Generation:
    """A finished generation of ``index_dir``, opened lazily; thread-safe.

    :raises IndexNotFound: when ``name`` is not a finished generation, or holds no corpus
        snapshot (it was built by an older searchlib: run ``searchlib index``).
    """

    def __init__(self, index_dir: Path, name: str) -> None:
        self.index_dir = Path(index_dir)
        self.name = name
        self.path = self.index_dir / name
        self.manifest = read_metadata(self.path)
        if not self.manifest:
            raise IndexNotFound(f"index generation {name} is missing or unfinished in {index_dir}")
        self.corpus_dir = self.path / CORPUS_DIR
        if not self.corpus_dir.is_dir():
            raise IndexNotFound(f"index generation {name} holds no corpus snapshot (built by an "
                                "older searchlib): run searchlib index")
        self._lock = threading.Lock()
        self._index: Any = None
        self._books: list[Book] | None = None
        self._derived = BoundedCache(DERIVED_SIZE)

    def __repr__(self) -> str:
        return f"Generation({str(self.index_dir)!r}, {self.name!r})"

    def index(self) -> Any:
        """The generation's :class:`whoosh.index.Index`, opened on first use.

        :raises IndexDamaged: when its files cannot be opened.
        """
        if self._index is None:
            with self._lock, self.guard():
                if self._index is None:
                    self._index = open_generation(self.index_dir, self.name)
        return self._index

    def searcher(self, **kwargs: Any) -> Any:
        """A new Whoosh searcher on this generation; close it (``with``) when done."""
        with self.guard():
            return self.index().searcher(**kwargs)

    def books(self) -> list[Book]:
        """The books this generation was built from (its snapshot), loaded once.

        :raises IndexDamaged: when a file of the snapshot is unreadable.
        """
        if self._books is None:
            with self._lock, self.guard():
                if self._books is None:
                    # Imported here: the corpus reader pulls in ingest, which a search never needs.
                    from ..corpus import load_corpus

                    self._books = load_corpus(self.corpus_dir)
        return self._books

    def derived(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()``, once per ``key`` for this generation (bounded; least recently used out)."""
        return memoized(self._lock, self._derived, key, build)

    @property
    def gone(self) -> bool:
        """Whether a later build deleted this generation (retired: readers move to ``CURRENT``)."""
        return not (self.path / METADATA).exists()

    def damaged(self) -> list[str]:
        """The files that fail their checksum (paths relative to the generation; empty: intact,
        or deleted as a whole by a later build, which is not damage)."""
        if self.gone:
            return []
        from .snapshot import damaged_files  # here: only a failure or a check compares the files

        return damaged_files(self.path, self.manifest)

    @property
    def built_by_other_code(self) -> bool:
        """Whether another version of the analyzer, schema or writer built this generation: its
        terms may not be the ones today's queries look for (a word missed), until a rebuild."""
        return self.manifest.get("analysis_fingerprint") != analysis_fingerprint()

    def verify(self) -> None:
        """:raises IndexDamaged: naming the first file that fails its checksum."""
        damaged = self.damaged()
        if damaged:
            raise IndexDamaged(self.name, damaged)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn a failure to read this generation's files into :class:`IndexDamaged`.

        Whoosh reports a truncated or overwritten file as whatever its decoder trips on
        (``struct.error``, ``EOFError``, ``ValueError``...); when the checksums then show damage,
        the caller gets one error naming the file, else the original exception (a bug).
        """
        try:
            yield
        except SearchlibError as e:
            if not isinstance(e, IndexNotFound | IndexDamaged) and self.damaged():
                self.verify()
            raise
        except Exception:
            damaged = self.damaged()
            if damaged:
                raise IndexDamaged(self.name, damaged) from None
            raise


def memoized(lock: threading.Lock, cache: MutableMapping[Any, Any] | BoundedCache, key: Any,
             build: Callable[[], Any]) -> Any:
    """``cache[key]``, built by ``build()`` outside the lock on first use (two threads may both
    build; the first one stored wins, so every caller gets the same object)."""
    with lock:
        found = cache.get(key)
    if found is None:
        found = build()
        with lock:
            found = cache.setdefault(key, found)
    return found


def open_index(index_dir: Path) -> Any:
    """Open the live generation of ``index_dir`` as a :class:`whoosh.index.Index`.

    Hold the result for one command or one request only: a long-running reader should use
    :class:`searchlib.index.live.LiveIndex`, which follows rebuilds.

    :raises IndexNotFound: when there is no index there.
    """
    return open_live(index_dir).index()


def open_live(index_dir: Path) -> Generation:
    """The live generation of ``index_dir``, for one command.

    :raises IndexNotFound: when there is no index.
    """
    index_dir = Path(index_dir)
    for _attempt in range(3):  # a build may switch CURRENT between our read and the open
        name = current_generation(index_dir)
        if name is None:
            break
        try:
            return Generation(index_dir, name)
        except IndexNotFound:
            if current_generation(index_dir) == name:
                raise
    raise IndexNotFound(f"no index in {index_dir} (run: searchlib index)")


def reading_corpus(corpus_dir: Path, index_dir: Path) -> Path:
    """Where a command that needs only the corpus reads it.

    The live generation's snapshot when that generation was built from ``corpus_dir`` — what
    ``search`` and the web app show — so that a note and the passages found with it never come from
    two builds; the ingested corpus in ``corpus_dir`` when there is no index yet (or the index
    was built from another corpus directory).
    """
    try:
        live = open_live(index_dir)
    except IndexNotFound:
        return Path(corpus_dir)
    if live.manifest.get("corpus") != str(Path(corpus_dir).resolve()):
        return Path(corpus_dir)
    return live.corpus_dir
