"""Index generations on disk: build beside the live index, then switch atomically.

An index directory holds one ``gen-NNNNNN/`` Whoosh index per build, a ``CURRENT`` file naming the
live one, a ``PREVIOUS`` file naming the one kept for :func:`rollback`, and the build ``LOCK``
(:mod:`searchlib.index.lock`). A build, holding the lock, writes a fresh generation, fsyncs it,
records its metadata (``gen-N/searchlib.json``: documents, corpus checksum; written last, so its
presence marks a finished generation) and only then replaces ``CURRENT`` with ``os.replace``. A
reader therefore sees the old generation or the new one, never a mix, and a build that fails or is
killed leaves the live index untouched; the next build removes what it left behind.

Generations other than the current and the previous one are retired and deleted by a later build
once they have been retired for ``grace`` seconds: a reader that opened a searcher on one keeps
working after it is deleted (its files are open), and the grace covers a reader that read
``CURRENT`` just before a switch but has not opened the files yet.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import TEMP_SUFFIX, atomic_write, fsync_tree
from ..corpus import corpus_checksum, ingest_books, load_corpus, write_corpus
from ..errors import EmptyCorpus, IndexNotFound
from ..model import Book
from ..version import __version__
from .layout import (
    CURRENT,
    METADATA,
    PREVIOUS,
    analysis_fingerprint,
    current_generation,
    gen_name,
    generations,
    index_exists,
    is_complete,
    json_line,
    open_generation,
    open_index,
    previous_generation,
    read_metadata,
    read_pointer,
)
from .lock import BuildLock

__all__ = [
    "CURRENT",
    "BuildSummary",
    "RollbackSummary",
    "build_index",
    "current_generation",
    "generations",
    "index_exists",
    "open_generation",
    "open_index",
    "previous_generation",
    "read_metadata",
    "rebuild_index",
    "rollback",
]

log = logging.getLogger(__name__)

RETIRED = "RETIRED"
#: Seconds a retired generation is kept before a build deletes it.
DEFAULT_GRACE = 300.0
_TRASH = ".trash-"

Writer = Callable[..., int]
#: ``progress(done, total)``: documents written so far, documents expected.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildSummary:
    """What one successful build produced; :meth:`log_line` is the job's machine-readable record."""

    generation: str
    documents: int
    seconds: float
    corpus_checksum: str
    index_dir: str
    previous: str | None = None
    #: Unfinished generations of killed builds that this build removed.
    recovered: tuple[str, ...] = ()

    def log_line(self) -> str:
        """One line of JSON (``"event": "index-build"``) for the job's log."""
        return json_line("index-build", asdict(self))


@dataclass(frozen=True)
class RollbackSummary:
    """The result of :func:`rollback`: the generation now live and the one it replaced."""

    generation: str
    replaced: str
    index_dir: str

    def log_line(self) -> str:
        """The rollback as one JSON line for the job log."""
        return json_line("index-rollback", asdict(self))


def _discard(index_dir: Path, name: str) -> None:
    # Rename first (atomic), then delete: a build killed while deleting never leaves a
    # half-deleted directory that still looks like a finished generation.
    trash = index_dir / f"{_TRASH}{name}"
    os.replace(index_dir / name, trash)
    shutil.rmtree(trash, ignore_errors=True)


def _remove_unfinished(index_dir: Path) -> list[str]:
    """Remove what killed builds left: unfinished generations, trash, temp files (lock held)."""
    for path in index_dir.iterdir():
        if path.name.startswith(_TRASH):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX):
            path.unlink(missing_ok=True)
    live = {current_generation(index_dir), read_pointer(index_dir, PREVIOUS)}
    removed = [
        n for n in generations(index_dir) if n not in live and not is_complete(index_dir / n)
    ]
    for name in removed:
        log.warning("removing %s, left unfinished by a build that did not complete", name)
        _discard(index_dir, name)
    return removed


def _collect(index_dir: Path, grace: float) -> None:
    """Retire generations other than the current and previous; delete those retired long enough."""
    keep = {current_generation(index_dir), previous_generation(index_dir)}
    now = time.time()
    for name in generations(index_dir):
        if name in keep:
            continue
        marker = index_dir / name / RETIRED
        if not marker.exists():
            marker.write_text(f"{now}\n", encoding="utf-8")
        if grace <= 0 or now - marker.stat().st_mtime >= grace:
            log.info("deleting retired generation %s", name)
            _discard(index_dir, name)


def _switch(index_dir: Path, name: str, previous: str | None) -> None:
    (index_dir / name / RETIRED).unlink(missing_ok=True)
    # PREVIOUS first: a crash between the two writes leaves PREVIOUS == CURRENT, which reads as
    # "nothing to roll back to" — never as a rollback target that is not the previous generation.
    if previous is not None:
        atomic_write(index_dir / PREVIOUS, previous + "\n")
    atomic_write(index_dir / CURRENT, name + "\n")


def _default_writer() -> Writer:
    from .writer import write_index

    return write_index


def _report(progress: Progress, total: int, done: int) -> None:
    progress(done, total)


def _check_not_empty(books: list[Book], where: Path) -> None:
    if not books or not any(b.paragraphs() for b in books):
        raise EmptyCorpus(f"the corpus in {where} holds no paragraph; nothing to index")
    for book in books:
        if not book.paragraphs():
            raise EmptyCorpus(f"book {book.id!r} has no paragraph: its source did not parse")


def _build_locked(
    corpus_dir: Path,
    index_dir: Path,
    books: list[Book] | None,
    progress: Progress | None,
    writer: Writer | None,
    grace: float,
) -> BuildSummary:
    started = time.monotonic()
    # Numbered before the clean-up: a name is never reused, not even a killed build's.
    existing = generations(index_dir)
    name = gen_name(int(existing[-1][4:]) + 1 if existing else 1)
    recovered = _remove_unfinished(index_dir)
    if books is None:
        books = load_corpus(corpus_dir)
    _check_not_empty(books, corpus_dir)
    gen_dir = index_dir / name
    gen_dir.mkdir()
    checksum = corpus_checksum(books)
    total = sum(len(b.paragraphs()) for b in books)
    step = None if progress is None else functools.partial(_report, progress, total)
    try:
        documents = (writer or _default_writer())(
            books, gen_dir, corpus_dir=corpus_dir, progress=step
        )
        metadata = {
            "generation": name,
            "documents": documents,
            "paragraphs": total,
            "corpus_checksum": checksum,
            "books": [b.id for b in books],
            "built_at": time.time(),
            "searchlib_version": __version__,
            "analysis_fingerprint": analysis_fingerprint(),
        }
        fsync_tree(gen_dir)
        atomic_write(gen_dir / METADATA, json.dumps(metadata, indent=1) + "\n")
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        raise
    previous = current_generation(index_dir)
    _switch(index_dir, name, previous)
    _collect(index_dir, grace)
    summary = BuildSummary(
        generation=name,
        documents=documents,
        seconds=round(time.monotonic() - started, 3),
        corpus_checksum=checksum,
        index_dir=str(index_dir),
        previous=previous,
        recovered=tuple(recovered),
    )
    log.info("built %s: %d documents in %.1fs", name, documents, summary.seconds)
    return summary


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    *,
    books: list[Book] | None = None,
    wait: bool = False,
    timeout: float | None = None,
    progress: Progress | None = None,
    writer: Writer | None = None,
    grace: float = DEFAULT_GRACE,
) -> BuildSummary:
    """Build a new generation of the index from the ingested corpus and make it live.

    :param corpus_dir: the corpus directory (``books.toml``, ``ingested/``).
    :param index_dir: the index directory; created when missing.
    :param books: the books to index (default: :func:`searchlib.corpus.load_corpus`).
    :param wait: wait for a running build to finish instead of raising :class:`IndexLocked`.
    :param timeout: with ``wait``, give up after this many seconds.
    :param progress: called with the documents written so far and the number expected.
    :param writer: the function that writes one Whoosh index (default
        :func:`searchlib.index.writer.write_index`).
    :param grace: seconds a retired generation is kept before deletion.
    :returns: the :class:`BuildSummary` of the new live generation.
    :raises IndexLocked: when another build is running (and ``wait`` is false).
    :raises EmptyCorpus: when the corpus, or one of its books, holds no paragraph.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    with BuildLock(index_dir, wait=wait, timeout=timeout):
        return _build_locked(corpus_dir, index_dir, books, progress, writer, grace)


def rebuild_index(
    corpus_dir: Path,
    index_dir: Path,
    *,
    book_ids: list[str] | None = None,
    wait: bool = False,
    timeout: float | None = None,
    progress: Progress | None = None,
    writer: Writer | None = None,
    grace: float = DEFAULT_GRACE,
) -> BuildSummary:
    """Re-ingest the books (or ``book_ids``), write the corpus, then build the index.

    The lock is held throughout, so two rebuilds never write the corpus at the same time. Every
    book is parsed and checked before anything is written: a book that fails to parse, or parses
    to nothing, leaves both the corpus and the live index as they were.

    :returns: the :class:`BuildSummary` of the new live generation.
    :raises IndexLocked: when another build is running (and ``wait`` is false).
    :raises SearchlibError: for a bad manifest, a source that fails to parse, an empty book.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    with BuildLock(index_dir, wait=wait, timeout=timeout):
        ingested = ingest_books(corpus_dir, book_ids)
        _check_not_empty(ingested, corpus_dir)
        write_corpus(ingested, corpus_dir / "ingested")
        return _build_locked(corpus_dir, index_dir, None, progress, writer, grace)


def rollback(
    index_dir: Path, *, wait: bool = False, timeout: float | None = None
) -> RollbackSummary:
    """Make the previous generation live again; the one it replaces becomes the previous one.

    Running it twice therefore undoes it.

    :raises IndexNotFound: when there is no previous generation to go back to.
    :raises IndexLocked: when a build is running (and ``wait`` is false).
    """
    index_dir = Path(index_dir)
    with BuildLock(index_dir, wait=wait, timeout=timeout):
        current = current_generation(index_dir)
        previous = previous_generation(index_dir)
        if current is None or previous is None:
            raise IndexNotFound(f"no previous index generation to roll back to in {index_dir}")
        _switch(index_dir, previous, current)
        log.info("rolled back %s to %s", current, previous)
        return RollbackSummary(generation=previous, replaced=current, index_dir=str(index_dir))
