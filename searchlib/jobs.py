"""The batch jobs, above the library packages: ingest and ``sources import`` under the build lock,
and the nightly rebuild.

``searchlib ingest`` and ``searchlib rebuild`` (the nightly job: ingest + index + switch + one log
line) are built here from :mod:`searchlib.corpus` and :mod:`searchlib.index`, which know nothing of
each other's jobs. Both hold the index directory's build lock while they write the corpus, so a
build never copies a half re-ingested corpus into its generation.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from .archive import ImportedPage, merge_pages, read_pages
from .corpus import ingest_books, write_corpus
from .index.generations import (
    DEFAULT_GRACE,
    BuildSummary,
    Progress,
    Writer,
    build_locked,
    check_not_empty,
    locked,
)
from .model import Book

log = logging.getLogger(__name__)


def json_line(event: str, fields: dict[str, Any], ok: bool = True) -> str:
    """One line of JSON for a job log: ``event``, ``ok``, a UTC ``time``, then ``fields``."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return json.dumps({"event": event, "ok": ok, "time": stamp, **fields}, ensure_ascii=False)


def ingest(
    corpus_dir: Path,
    index_dir: Path,
    *,
    book_ids: list[str] | None = None,
    force: bool = False,
    wait: bool = False,
) -> tuple[list[Book], list[Path]]:
    """Parse the books (or ``book_ids``) and write the corpus JSON, holding the build lock.

    :returns: the books and the paths written.
    :raises IndexLocked: when a build is running (and ``wait`` is false).
    :raises OSError: when the corpus directory cannot be written (nothing is written then).
    """
    with locked(Path(index_dir), wait=wait):
        books = ingest_books(Path(corpus_dir), book_ids)
        paths = write_corpus(books, Path(corpus_dir) / "ingested", force=force)
    return books, paths


def import_sources(
    paths: list[Path], corpus_dir: Path, index_dir: Path, *, wait: bool = False
) -> list[ImportedPage]:
    """Read saved article pages, then merge them into the corpus's archive under the build lock.

    The pages are read (and parsed) before the lock is taken, so it is held only for the short
    read-merge-write of ``archive.json``: two imports at once never lose each other's pages, and a
    build never copies an archive that is being replaced.

    :raises ArchiveError: for an unreadable page (nothing is written).
    :raises IndexLocked: when a build, an ingest or another import holds the lock (and ``wait``
        is false); nothing is written.
    """
    pages = read_pages(paths)
    with locked(Path(index_dir), wait=wait):
        return merge_pages(pages, Path(corpus_dir))


def rebuild(
    corpus_dir: Path,
    index_dir: Path,
    *,
    book_ids: list[str] | None = None,
    wait: bool = False,
    progress: Progress | None = None,
    writer: Writer | None = None,
    grace: float = DEFAULT_GRACE,
) -> BuildSummary:
    """The nightly job: re-ingest the books (or ``book_ids``), write the corpus, build and switch.

    The lock is held throughout, so two rebuilds never write the corpus at the same time. Every
    book is parsed and checked before anything is written: a book that fails to parse, or parses
    to nothing, leaves both the corpus and the live index as they were.

    :returns: the :class:`BuildSummary` of the new live generation (its ``as_dict()`` is the
        job's log line, with :func:`json_line`).
    :raises IndexLocked: when another build is running (and ``wait`` is false).
    :raises SearchlibError: for a bad manifest, a source that fails to parse, an empty book.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    with locked(index_dir, wait=wait) as recovered:
        ingested = ingest_books(corpus_dir, book_ids)
        check_not_empty(ingested, corpus_dir)
        write_corpus(ingested, corpus_dir / "ingested")
        return build_locked(corpus_dir, index_dir, recovered, progress=progress, writer=writer,
                            grace=grace)
