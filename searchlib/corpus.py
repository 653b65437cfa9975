"""The ingested corpus on disk: the manifest, ingestion, atomic JSON files, and the QA report.

``corpus/books.toml`` lists the books; ``corpus/sources/`` holds their files; ``ingest_books``
parses them with the reader of each book's format and ``write_corpus`` writes one
``corpus/ingested/<book>.json`` per book. Ingest resolves every footnote into its record
(:func:`searchlib.ingest.records.resolve_records`): what is stored is what everything downstream
reads. Each file carries :data:`SCHEMA_VERSION`; a file of another version is refused (re-run
``searchlib ingest``), never misread. Every book is parsed before anything is written, and each
file is written to a temporary name then renamed, so a failed ingest leaves the previous corpus
exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .errors import (
    CorpusError,
    EmptyCorpus,
    ManifestError,
    ParseError,
    SearchlibError,
    UnknownBook,
)
from .model import Book, BookMeta

log = logging.getLogger(__name__)

#: The version of the corpus JSON layout; bumped when a field's meaning or place changes.
#: 2: footnotes are resolved records (``fields``, ``year``, ``bibliography``, marker pages).
SCHEMA_VERSION = 2

_REQUIRED = ("id", "file", "format", "title")
# A book id starts paragraph ids and references (``b1.c03.p012``, ``b1:32``) and names the book's
# corpus file, so it is one word: no dot, colon or slash.
_BOOK_ID = re.compile(r"^[A-Za-z]\w*$")


def load_manifest(path: Path) -> list[BookMeta]:
    """The books the manifest lists, in order.

    :param path: the manifest, ``corpus/books.toml``.
    :returns: one :class:`BookMeta` per ``[[book]]`` entry.
    :raises ManifestError: when the file is missing or not TOML, or an entry is incomplete, has
        unknown keys or values of the wrong type, a malformed id, or an id already used.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"manifest not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ManifestError(f"manifest {path} is not valid TOML: {e}") from None
    entries = data.get("book")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(f"manifest {path} lists no [[book]] entry")
    known = {f.name for f in fields(BookMeta)}
    books: list[BookMeta] = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ManifestError(f"manifest {path}: book #{n} is not a [[book]] table")
        missing = [k for k in _REQUIRED if not entry.get(k)]
        if missing:
            raise ManifestError(f"manifest {path}: book #{n} lacks {', '.join(missing)}")
        unknown = sorted(set(entry) - known)
        if unknown:
            raise ManifestError(f"manifest {path}: book {entry['id']!r} has unknown keys {unknown}")
        wrong = sorted(k for k, v in entry.items() if not _has_manifest_type(k, v))
        if wrong:
            raise ManifestError(f"manifest {path}: book #{n} has values of the wrong type: {wrong}")
        if not _BOOK_ID.match(entry["id"]):
            raise ManifestError(
                f"manifest {path}: book id {entry['id']!r} is not one word starting with a letter"
            )
        if any(b.id == entry["id"] for b in books):
            raise ManifestError(f"manifest {path}: book id {entry['id']!r} appears twice")
        books.append(BookMeta.from_dict(entry))
    return books


def _has_manifest_type(key: str, value: object) -> bool:
    # ``year`` is a number; every other field is text.
    if key == "year":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def select_books(metas: list[BookMeta], book_ids: list[str] | None) -> list[BookMeta]:
    """The manifest entries for ``book_ids`` (all when ``None``).

    :raises UnknownBook: for an id the manifest does not list.
    """
    if not book_ids:
        return metas
    by_id = {m.id: m for m in metas}
    for book_id in book_ids:
        if book_id not in by_id:
            raise UnknownBook(f"unknown book {book_id!r} (known: {', '.join(by_id)})")
    return [by_id[b] for b in book_ids]


def ingest_books(corpus_dir: Path, book_ids: list[str] | None = None) -> list[Book]:
    """Parse the books of the manifest in ``corpus_dir`` (or only ``book_ids``). Writes nothing.

    :raises SearchlibError: for a manifest error, an unknown book, or a source that fails to parse.
    """
    # Here, as in the two functions below: the readers of the sources (the ingest package) are
    # for ingesting; the search and cite commands read the manifest and the ingested JSON only.
    from .ingest.lexicon import annotate_books
    from .ingest.records import resolve_records
    from .ingest.source_repair import repair_sources

    every = load_manifest(corpus_dir / "books.toml")
    metas = select_books(every, book_ids)
    books = [_read_book(corpus_dir, meta) for meta in metas]
    # URL repair weighs the evidence of every book, whichever are re-ingested; the records are
    # resolved from the repaired sources.
    repair_sources(books, context=_other_books(corpus_dir, every, metas))
    return annotate_books([resolve_records(book) for book in books])


def _other_books(corpus_dir: Path, every: list[BookMeta], chosen: list[BookMeta]) -> list[Book]:
    others = []
    for meta in every:
        if meta not in chosen:
            try:
                others.append(_read_book(corpus_dir, meta))
            except SearchlibError as e:  # only evidence: the chosen books do not depend on it
                log.warning("%s not read for URL repair: %s", meta.id, e)
    return others


def _read_book(corpus_dir: Path, meta: BookMeta) -> Book:
    from .ingest import reader_for

    log.info("ingesting %s from %s", meta.id, meta.file)
    read = reader_for(meta.format)
    try:
        book = read(corpus_dir / meta.file, meta)
    except SearchlibError:
        raise
    except Exception as e:
        # A file that is not what the manifest says (HTML listed as a PDF, a truncated PDF) can
        # trip a parser anywhere: for the user that is one failed book, not a traceback.
        log.debug("reader %s failed on %s", meta.format, meta.file, exc_info=True)
        raise ParseError(
            f"{meta.id}: {meta.file} could not be read as {meta.format} ({type(e).__name__}: {e})"
        ) from None
    # A book without chapters is a file that is not the book (a stray file, a truncated export):
    # it must fail the job rather than replace the last good corpus.
    if not book.chapters or not book.paragraphs():
        raise ParseError(
            f"{meta.id}: no chapter found in {meta.file}: is it the book, in format {meta.format}?"
        )
    return book


def book_json(book: Book) -> str:
    """The deterministic JSON text of one ingested book, with its :data:`SCHEMA_VERSION`."""
    data = {"schema": SCHEMA_VERSION, **book.to_dict()}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


#: A re-ingested book keeping less than this share of its paragraphs is refused (see below).
SHRINK_LIMIT = 0.5


def check_not_shrunk(books: list[Book], ingested_dir: Path) -> None:
    """Refuse a re-ingestion that lost most of a book.

    A source file replaced by something else (a stray file, a truncated export) may still parse
    into a chapter or two; written over the good corpus, the nightly job would quietly serve a
    fraction of the book. A book that really shrank is re-ingested with ``force``.

    :raises ParseError: naming the book, when it keeps less than :data:`SHRINK_LIMIT` of the
        paragraphs its ingested JSON holds now.
    """
    for book in books:
        path = ingested_dir / f"{book.id}.json"
        if not path.exists():
            continue
        try:
            before = load_book(ingested_dir, book.id)
        except SearchlibError:
            continue  # an unreadable old corpus is no reference
        old, new = len(before.paragraphs()), len(book.paragraphs())
        if new < old * SHRINK_LIMIT:
            raise ParseError(
                f"{book.id}: the source now gives {new} paragraphs where the corpus has {old}; "
                "refusing to replace it (is the source file right? if so: searchlib ingest --force)"
            )


def write_corpus(books: list[Book], ingested_dir: Path, *, force: bool = False) -> list[Path]:
    """Write each book to ``ingested_dir/<id>.json`` atomically; returns the paths written.

    :param force: replace books even when they lost most of their paragraphs, or look nothing
        like a book (:func:`.ingest.sanity.check_book`).
    :raises ParseError: from :func:`check_not_shrunk` or ``check_book``, before anything is
        written.
    """
    from .ingest.sanity import check_book

    if not force:
        check_not_shrunk(books, ingested_dir)
        for book in books:
            check_book(book)
    texts = [(ingested_dir / f"{b.id}.json", book_json(b)) for b in books]  # serialise all first
    for path, text in texts:
        atomic_write(path, text)
    return [p for p, _ in texts]


def load_book(ingested_dir: Path, book_id: str) -> Book:
    """One ingested book.

    :raises UnknownBook: when it has not been ingested.
    :raises CorpusError: when its file is unreadable, or written with another
        :data:`SCHEMA_VERSION` (the message says to re-run ``searchlib ingest``).
    """
    path = ingested_dir / f"{book_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnknownBook(f"book {book_id!r} is not in the corpus at {ingested_dir}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise CorpusError(f"corpus file {path} is unreadable: {e}") from None
    version = data.get("schema") if isinstance(data, dict) else None
    if version != SCHEMA_VERSION:
        raise CorpusError(
            f"corpus file {path} has schema {version or 'none'}, this searchlib reads "
            f"{SCHEMA_VERSION}: re-run searchlib ingest"
        )
    try:
        return Book.from_dict(data)
    except (KeyError, TypeError) as e:
        raise CorpusError(f"corpus file {path} does not match the model: {e}") from None


def load_corpus(corpus_dir: Path, book_ids: list[str] | None = None) -> list[Book]:
    """The ingested books, in manifest order (only ``book_ids`` when given).

    :raises EmptyCorpus: when no book of the manifest has been ingested (even when asked for
        some books only: the whole corpus is missing, not one book).
    :raises UnknownBook: for a book the manifest lacks, or one not ingested beside others.
    """
    manifest = load_manifest(corpus_dir / "books.toml")
    metas = select_books(manifest, book_ids)
    ingested_dir = corpus_dir / "ingested"
    if not any((ingested_dir / f"{m.id}.json").exists() for m in manifest):
        raise EmptyCorpus(f"no ingested corpus in {ingested_dir} (run: searchlib ingest)")
    present = [m for m in metas if (ingested_dir / f"{m.id}.json").exists()]
    if book_ids and len(present) < len(metas):
        missing = [m.id for m in metas if m not in present]
        raise UnknownBook(f"book {missing[0]!r} has not been ingested (run: searchlib ingest)")
    return [load_book(ingested_dir, m.id) for m in present]


def corpus_checksum(books: list[Book]) -> str:
    """A SHA-256 over the books' JSON: equal checksums mean the same ingested corpus."""
    digest = hashlib.sha256()
    for book in books:
        digest.update(book_json(book).encode("utf-8"))
    return digest.hexdigest()


def ingested_checksum(corpus_dir: Path, book_ids: list[str]) -> str:
    """:func:`corpus_checksum` of these books, read from their ingested files' bytes instead of
    serialising the books again: the two are equal for files :func:`write_corpus` wrote (the
    build and ``index --check`` both use this one, so they compare like with like).

    :param corpus_dir: the corpus directory (its ``ingested/<id>.json``).
    :param book_ids: the books, in corpus order.
    """
    digest = hashlib.sha256()
    for book_id in book_ids:
        digest.update((corpus_dir / "ingested" / f"{book_id}.json").read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class QAReport:
    """Per-book counts that tell whether an ingestion went right."""

    book: str
    chapters: int
    paragraphs: int
    bibliography: int
    pages: int | None
    markers: int
    definitions: int
    markers_without_definition: list[int]
    definitions_without_marker: list[int]
    footnotes_without_url: list[int]
    urls_repaired: int
    # What only the reader could count (e.g. ``urls_truncated``, ``urls_lost`` in b2).
    reader_counts: dict[str, int]
    # Footnote sources by kind of repair (a source repaired twice counts under both kinds), and
    # what stays damaged (``hosts``, ``echoes``, ``ids``, ``unresolved``: source_repair.py).
    repairs: dict[str, int] = field(default_factory=dict)
    damaged: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def qa_report(book: Book) -> QAReport:
    """Count what the ingester found in ``book``."""
    marked = [f for f in book.footnotes if f.markers]
    defined = [f for f in book.footnotes if f.text is not None]
    return QAReport(
        book=book.id,
        chapters=len(book.chapters),
        paragraphs=len(book.paragraphs()),
        bibliography=len(book.bibliography),
        pages=book.pages,
        markers=len(marked),
        definitions=len(defined),
        markers_without_definition=[f.number for f in marked if f.text is None],
        definitions_without_marker=[f.number for f in defined if not f.markers],
        footnotes_without_url=[f.number for f in defined if not f.sources],
        urls_repaired=sum(s.repaired for f in book.footnotes for s in f.sources),
        reader_counts={
            k: v
            for k, v in sorted(book.stats.items())
            if k != "urls_repaired" and not k.startswith("damaged_")
        },
        repairs=dict(
            sorted(
                Counter(
                    kind
                    for f in book.footnotes
                    for s in f.sources
                    for kind in dict.fromkeys(r.kind for r in s.repairs)
                    if kind != "unresolved"
                ).items()
            )
        ),
        damaged={
            k.removeprefix("damaged_"): v for k, v in book.stats.items() if k.startswith("damaged_")
        },
    )


def check_corpus_consistency(book: Book) -> None:
    """Cross-references inside one book hold (every marker's paragraph exists, and back).

    :raises CorpusError: naming the first inconsistency.
    """
    paragraphs = book.paragraphs_by_id()
    for note in book.footnotes:
        for marker in note.markers:
            if marker.paragraph not in paragraphs:
                raise CorpusError(f"{note.key}: marker in unknown paragraph {marker.paragraph}")
            if note.number not in paragraphs[marker.paragraph].footnotes:
                raise CorpusError(f"{note.key}: {marker.paragraph} does not list it")
