"""Index generations on disk: build beside the live index, then switch atomically.

An index directory holds one ``gen-NNNNNN/`` Whoosh index per build and a ``CURRENT`` file naming
the live one. A build writes a fresh generation, fsyncs it, records its metadata
(``gen-N/searchlib.json``: document count, corpus checksum) and only then replaces ``CURRENT`` with
``os.replace`` — so a reader sees either the old generation or the new one, never a mix, and a
build that fails or is killed leaves the live index untouched.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..corpus import corpus_checksum, load_corpus
from ..errors import EmptyCorpus, IndexNotFound
from ..model import Book

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"
METADATA = "searchlib.json"
_GEN_RE = re.compile(r"^gen-(\d{6,})$")

Writer = Callable[..., int]


@dataclass(frozen=True)
class BuildSummary:
    """What one successful build produced; :meth:`log_line` is the job's machine-readable record."""

    generation: str
    documents: int
    seconds: float
    corpus_checksum: str
    index_dir: str
    previous: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def log_line(self) -> str:
        """One line of JSON (``"event": "index-build"``) for the job's log."""
        return json.dumps({"event": "index-build", "ok": True, **self.as_dict()}, sort_keys=True)


def gen_name(number: int) -> str:
    return f"gen-{number:06d}"


def generations(index_dir: Path) -> list[str]:
    """The generation directory names under ``index_dir``, oldest first."""
    if not index_dir.is_dir():
        return []
    names = [p.name for p in index_dir.iterdir() if p.is_dir() and _GEN_RE.match(p.name)]
    return sorted(names, key=lambda n: int(n[4:]))


def _read_pointer(index_dir: Path, name: str) -> str | None:
    try:
        value = (index_dir / name).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return value if _GEN_RE.match(value) else None


def current_generation(index_dir: Path) -> str | None:
    """The name of the live generation, or ``None`` when there is no index."""
    name = _read_pointer(index_dir, CURRENT)
    if name is None or not (index_dir / name).is_dir():
        return None
    return name


def previous_generation(index_dir: Path) -> str | None:
    """The generation kept for ``rollback``, or ``None``."""
    name = _read_pointer(index_dir, PREVIOUS)
    if name is None or name == current_generation(index_dir) or not _complete(index_dir / name):
        return None
    return name


def read_metadata(gen_dir: Path) -> dict[str, Any]:
    """The ``searchlib.json`` of a generation (``{}`` when it is missing or unreadable)."""
    try:
        data = json.loads((gen_dir / METADATA).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _complete(gen_dir: Path) -> bool:
    # The metadata file is written last, after the Whoosh files are synced: its presence is the
    # mark of a finished generation.
    return bool(read_metadata(gen_dir))


def index_exists(index_dir: Path) -> bool:
    """Whether ``index_dir`` has a live generation."""
    return current_generation(Path(index_dir)) is not None


def open_index(index_dir: Path) -> Any:
    """Open the live generation of ``index_dir``.

    :returns: a :class:`whoosh.index.Index`.
    :raises IndexNotFound: when there is no index there.
    """
    index_dir = Path(index_dir)
    # A build may switch CURRENT between our read and the open; a second read settles it.
    for _attempt in range(3):
        name = current_generation(index_dir)
        if name is None:
            break
        try:
            return whoosh_index.open_dir(str(index_dir / name))
        except (FileNotFoundError, whoosh_index.EmptyIndexError):
            continue
    raise IndexNotFound(f"no index in {index_dir} (run: searchlib index)")


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(directory: Path) -> None:
    for path in directory.iterdir():
        if path.is_file():
            _fsync_path(path)
    _fsync_path(directory)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _fsync_path(path.parent)


def _default_writer() -> Writer:
    from .writer import write_index

    return write_index


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    *,
    books: list[Book] | None = None,
    progress: Callable[[int], None] | None = None,
    writer: Writer | None = None,
) -> BuildSummary:
    """Build a new generation of the index from the ingested corpus and make it live.

    :param corpus_dir: the corpus directory (``books.toml``, ``ingested/``).
    :param index_dir: the index directory; created when missing.
    :param books: the books to index (default: :func:`searchlib.corpus.load_corpus`).
    :param progress: called with the number of documents written since the last call.
    :param writer: the function writing one Whoosh index (default ``write_index``).
    :returns: the :class:`BuildSummary` of the new live generation.
    :raises EmptyCorpus: when the corpus holds no paragraph; the live index is left as it was.
    """
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    started = time.monotonic()
    if books is None:
        books = load_corpus(corpus_dir)
    if not any(b.paragraphs() for b in books):
        raise EmptyCorpus(f"the corpus in {corpus_dir} holds no paragraph; nothing to index")
    index_dir.mkdir(parents=True, exist_ok=True)
    existing = generations(index_dir)
    number = int(existing[-1][4:]) + 1 if existing else 1
    name = gen_name(number)
    gen_dir = index_dir / name
    gen_dir.mkdir()
    checksum = corpus_checksum(books)
    try:
        write = writer or _default_writer()
        documents = write(books, gen_dir, corpus_dir=corpus_dir, progress=progress)
        metadata = {
            "generation": name,
            "documents": documents,
            "corpus_checksum": checksum,
            "books": [b.id for b in books],
            "built_at": time.time(),
        }
        _fsync_tree(gen_dir)
        _write_atomic(gen_dir / METADATA, json.dumps(metadata, indent=1) + "\n")
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        raise
    previous = current_generation(index_dir)
    if previous is not None:
        _write_atomic(index_dir / PREVIOUS, previous + "\n")
    _write_atomic(index_dir / CURRENT, name + "\n")
    summary = BuildSummary(
        generation=name,
        documents=documents,
        seconds=round(time.monotonic() - started, 3),
        corpus_checksum=checksum,
        index_dir=str(index_dir),
        previous=previous,
    )
    log.info("built %s: %d documents in %.1fs", name, documents, summary.seconds)
    return summary
