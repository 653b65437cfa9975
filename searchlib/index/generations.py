"""Index generations on disk: build beside the live index, then switch atomically.

An index directory holds one ``gen-NNNNNN/`` per build, a ``CURRENT`` file naming the live one, a
``PREVIOUS`` file naming the one kept for :func:`rollback`, and the build ``LOCK``
(:mod:`searchlib.index.lock`), which ``searchlib ingest`` takes too. A build, holding the lock,
copies the corpus and its tables into the fresh generation (:mod:`.snapshot`), indexes that copy,
fsyncs it, records its manifest (``gen-N/searchlib.json``: versions, documents, the checksum of
every file; written last, so its presence marks a finished generation) and only then replaces
``CURRENT`` with ``os.replace``. A reader therefore sees the old generation or the new one, never a
mix — not even of corpus and index — and a build that fails or is killed leaves the live index
untouched; the build removes what it wrote when it fails, and the next one what a killed one left.

A build costs what changed. When the corpus snapshot it would copy is the live generation's, byte
for byte, and the code that decides what the index holds is the same, it switches nothing and says
so (``unchanged``; ``force`` builds anyway). Otherwise each book is one segment
(:mod:`.writer`), and a book whose corpus file and indexing code did not change has its segment
files copied from the live generation (after verifying their checksums) instead of re-indexed.

Generations other than the current and the previous one are retired and deleted by a later build
once they have been retired for ``grace`` seconds: a reader that opened a searcher on one keeps
working after it is deleted (its files are open), and the grace covers a reader that read
``CURRENT`` just before a switch but has not opened the files yet.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import TEMP_SUFFIX, atomic_write, fsync_path, fsync_tree
from ..corpus import ingested_checksum, load_corpus
from ..errors import EmptyCorpus, IndexNotFound
from ..model import Book
from ..version import __version__
from .collector import collector_paused
from .generation import open_index
from .incremental import (
    index_versions,
    reusable_segments,
    reused_checksums,
    segments_entry,
    unchanged,
)
from .layout import (
    CURRENT,
    METADATA,
    PREVIOUS,
    RETIRED,
    current_generation,
    gen_name,
    generations,
    index_exists,
    is_complete,
    open_generation,
    previous_generation,
    read_metadata,
    read_pointer,
)
from .lock import BuildLock
from .snapshot import MANIFEST_FORMAT, checksums, copy_corpus, source_checksums

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
    "rollback",
]

log = logging.getLogger(__name__)

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
    #: Nothing changed since the live generation: no generation was built, nothing switched.
    unchanged: bool = False
    #: Books whose segment was copied from the previous generation instead of re-indexed.
    reused: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class RollbackSummary:
    """The result of :func:`rollback`: the generation now live and the one it replaced."""

    generation: str
    #: The generation it replaced (``None`` when ``CURRENT`` was gone).
    replaced: str | None
    index_dir: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


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


def newest_complete(index_dir: Path, *, excluding: str | None = None) -> str | None:
    """The newest finished generation (other than ``excluding``), or ``None``."""
    for name in reversed(generations(index_dir)):
        if name != excluding and is_complete(index_dir / name):
            return name
    return None


def last_live(index_dir: Path) -> str | None:
    """The generation that was live last: ``CURRENT``; when ``CURRENT`` is gone, ``PREVIOUS`` if
    it is finished, else the newest finished generation."""
    current = current_generation(index_dir)
    if current is not None:
        return current
    previous = read_pointer(index_dir, PREVIOUS)
    if previous is not None and is_complete(index_dir / previous):
        return previous
    return newest_complete(index_dir)


@contextlib.contextmanager
def locked(index_dir: Path, *, wait: bool = False,
           timeout: float | None = None) -> Iterator[tuple[str, ...]]:
    """Hold the build lock of ``index_dir``, after removing what killed builds left there.

    Every writer of the corpus or the index (``ingest``, ``index``, ``rebuild``, ``--rollback``)
    holds it, so what a build copies is never half re-ingested. Yields the names of the unfinished
    generations removed.
    """
    with BuildLock(index_dir, wait=wait, timeout=timeout):
        yield tuple(_remove_unfinished(index_dir))


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


def check_not_empty(books: list[Book], where: Path) -> None:
    """:raises EmptyCorpus: when ``books`` hold no paragraph, or one of them holds none."""
    if not books or not any(b.paragraphs() for b in books):
        raise EmptyCorpus(f"the corpus in {where} holds no paragraph; nothing to index")
    for book in books:
        if not book.paragraphs():
            raise EmptyCorpus(f"book {book.id!r} has no paragraph: its source did not parse")


def _manifest(name: str, gen_dir: Path, corpus_dir: Path, snapshot: Path, books: list[Book],
              documents: int, known: dict[str, str]) -> dict[str, object]:
    return {
        "format": MANIFEST_FORMAT,
        "generation": name,
        "documents": documents,
        "paragraphs": sum(len(b.paragraphs()) for b in books),
        # From the snapshot's bytes, the books were loaded from them: not serialised again.
        "corpus_checksum": ingested_checksum(snapshot, [b.id for b in books]),
        "books": [b.id for b in books],
        # The corpus directory it was built from: commands reading that corpus read this snapshot.
        "corpus": str(corpus_dir.resolve()),
        "built_at": time.time(),
        "searchlib_version": __version__,
        **index_versions(),
        "files": checksums(gen_dir, known),
    }


# The books loaded from the snapshot live to the end of the build, as what it writes does.
@collector_paused
def _build_locked(
    corpus_dir: Path,
    index_dir: Path,
    books: list[Book] | None,
    progress: Progress | None,
    writer: Writer | None,
    grace: float,
    recovered: tuple[str, ...],
    force: bool = False,
) -> BuildSummary:
    started = time.monotonic()
    # A name is never reused, not even a killed build's (removed when the lock was taken).
    numbers = [int(n[4:]) for n in (*generations(index_dir), *recovered)]
    name = gen_name(max(numbers, default=0) + 1)
    if books is not None:
        check_not_empty(books, corpus_dir)
    # What was live before this build (read now: once finished, it is the newest generation).
    previous = last_live(index_dir)
    prev_dir = index_dir / previous if previous is not None else None
    prev_manifest = read_metadata(prev_dir) if prev_dir is not None else {}
    sources = source_checksums(corpus_dir, books)
    if (not force and prev_dir is not None and previous is not None
            and unchanged(prev_dir, prev_manifest, sources)):
        log.info("nothing changed since %s: no new generation", previous)
        return BuildSummary(
            generation=previous,
            documents=int(prev_manifest.get("documents", 0)),  # type: ignore[call-overload]
            seconds=round(time.monotonic() - started, 3),
            corpus_checksum=str(prev_manifest.get("corpus_checksum", "")),
            index_dir=str(index_dir), previous=previous, recovered=recovered, unchanged=True,
        )
    gen_dir = index_dir / name
    gen_dir.mkdir()
    try:
        snapshot = copy_corpus(corpus_dir, gen_dir, books)
        # The index is built from the snapshot, so it holds exactly the corpus stored beside it.
        books = load_corpus(snapshot)
        check_not_empty(books, corpus_dir)
        total = sum(len(b.paragraphs()) for b in books)
        step = None if progress is None else functools.partial(_report, progress, total)
        # Only the default writer writes one segment per book; another's segments are its own.
        reuse = ({} if writer is not None or prev_dir is None or force
                 else reusable_segments(prev_dir, prev_manifest, sources, books))
        write = writer or functools.partial(_default_writer(), reuse=reuse)
        documents = write(books, gen_dir, corpus_dir=snapshot, progress=step)
        for directory in (snapshot / "ingested", snapshot, gen_dir):
            fsync_tree(directory)
        metadata = _manifest(name, gen_dir, corpus_dir, snapshot, books, documents,
                             reused_checksums(prev_manifest, reuse))
        if writer is None:
            metadata["segments"] = segments_entry(gen_dir, books, sources)
        atomic_write(gen_dir / METADATA, json.dumps(metadata, indent=1) + "\n")
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        fsync_path(index_dir)
        raise
    _switch(index_dir, name, previous)
    _collect(index_dir, grace)
    summary = BuildSummary(
        generation=name,
        documents=documents,
        seconds=round(time.monotonic() - started, 3),
        corpus_checksum=str(metadata["corpus_checksum"]),
        index_dir=str(index_dir),
        previous=previous,
        recovered=recovered,
        reused=tuple(b.id for b in books if b.id in reuse),
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
    force: bool = False,
) -> BuildSummary:
    """Build a new generation of the index from the ingested corpus and make it live.

    When nothing changed since the live generation (same corpus snapshot, same indexing code, no
    damage), nothing is built or switched and the summary says ``unchanged``; books that did not
    change keep their segment (copied, not re-indexed).

    The generation holds a copy of the corpus and tables it was built from (:mod:`.snapshot`).

    :param corpus_dir: the corpus directory (``books.toml``, ``ingested/``, the tables).
    :param index_dir: the index directory; created when missing.
    :param books: the books to index (default: the ingested corpus of ``corpus_dir``).
    :param wait: wait for a running build to finish instead of raising :class:`IndexLocked`.
    :param timeout: with ``wait``, give up after this many seconds.
    :param progress: called with the documents written so far and the number expected.
    :param writer: the function that writes one Whoosh index (default
        :func:`searchlib.index.writer.write_index`).
    :param grace: seconds a retired generation is kept before deletion.
    :param force: build a new generation, re-indexing every book, even when nothing changed.
    :returns: the :class:`BuildSummary` of the new live generation (or of the live one, when
        nothing changed).
    :raises IndexLocked: when another build is running (and ``wait`` is false).
    :raises EmptyCorpus: when the corpus, or one of its books, holds no paragraph.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    with locked(index_dir, wait=wait, timeout=timeout) as recovered:
        return _build_locked(corpus_dir, index_dir, books, progress, writer, grace, recovered,
                             force)


def build_locked(corpus_dir: Path, index_dir: Path, recovered: tuple[str, ...] = (), *,
                 progress: Progress | None = None, writer: Writer | None = None,
                 grace: float = DEFAULT_GRACE, force: bool = False) -> BuildSummary:
    """:func:`build_index` for a caller that already holds :func:`locked` (the nightly job)."""
    return _build_locked(Path(corpus_dir), Path(index_dir), None, progress, writer, grace,
                         recovered, force)


def rollback(
    index_dir: Path, *, wait: bool = False, timeout: float | None = None
) -> RollbackSummary:
    """Make the previous generation live again; the one it replaces becomes the previous one.

    Running it twice therefore undoes it. When ``CURRENT`` is gone (deleted by hand, or a disk
    fault), the generation ``PREVIOUS`` names becomes live, else the newest finished one.

    :raises IndexNotFound: when there is no previous generation to go back to.
    :raises IndexLocked: when a build is running (and ``wait`` is false).
    """
    index_dir = Path(index_dir)
    with locked(index_dir, wait=wait, timeout=timeout):
        current = current_generation(index_dir)
        target = previous_generation(index_dir) if current is not None else last_live(index_dir)
        if target is None:
            raise IndexNotFound(f"no previous index generation to roll back to in {index_dir}")
        _switch(index_dir, target, current)
        log.info("rolled back %s to %s", current, target)
        return RollbackSummary(generation=target, replaced=current, index_dir=str(index_dir))
