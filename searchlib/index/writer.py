"""Writes the Whoosh documents of a corpus into one directory: one document per body paragraph.

Footnote definitions and the bibliography are not documents. Each paragraph carries the text of
the footnotes whose markers sit in it (the ``notes`` field, weighted below the body) and a stored
JSON list of those footnotes, so a hit shows its sources without loading the corpus.

Beside the Whoosh segment, the writer leaves the display record of every passage
(:mod:`.display`): uncompressed, so showing a page of hits does not unpickle and inflate Whoosh's
stored fields.

Postings are written uncompressed: on a corpus this size zlib costs more at query time (20–30 %)
than it saves on disk. The segment is written as separate files, not one compound file: a reader
of a compound file copies its whole postings part into memory (55 MB at ten times the books),
where separate files are mapped and only the pages a query reads are resident.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from ..model import Book, Footnote, Paragraph
from .display import Passage, display_record, write_records
from .schema import passage_schema

log = logging.getLogger(__name__)

#: Report progress every this many documents.
PROGRESS_STEP = 100


def footnote_record(note: Footnote) -> dict[str, Any]:
    """What a hit shows of one footnote: number, text, urls and the domain of each source."""
    return {
        "book": note.book,
        "number": note.number,
        "text": note.text,
        "urls": note.urls,
        "domains": sorted({s.domain for s in note.sources if s.domain}),
    }


def _joined(values: set[Any]) -> str:
    return ",".join(sorted(str(v) for v in values))


def paragraph_document(
    paragraph: Paragraph, chapter_title: str, notes: list[Footnote]
) -> dict[str, Any]:
    """The Whoosh document of one paragraph, given its chapter title and its footnotes."""
    sources = [s for n in notes for s in n.sources]
    note_text = "\n".join(n.text for n in notes if n.text)
    return {
        "id": paragraph.id,
        "book": paragraph.book,
        "chapter": str(paragraph.chapter) if paragraph.chapter is not None else "",
        "page": paragraph.page,
        "text": paragraph.text,
        "title": chapter_title,
        "notes": note_text,
        "variants": paragraph.text,
        "note_variants": note_text,
        "spell": paragraph.text,
        "fn": _joined({n.number for n in notes}),
        "domain": _joined({s.domain for s in sources if s.domain}),
        # The year each note cites, resolved at ingest by the one rule (ingest.records).
        "year": _joined({n.year for n in notes if n.year is not None}),
        "belta": _joined({s.belta_id for s in sources if s.belta_id}),
        "footnotes": json.dumps([footnote_record(n) for n in notes], ensure_ascii=False),
    }


def book_documents(book: Book) -> Iterator[dict[str, Any]]:
    """The documents of one book, in reading order."""
    by_number = {n.number: n for n in book.footnotes}
    for chapter in book.chapters:
        for paragraph in chapter.paragraphs:
            notes = [by_number[n] for n in dict.fromkeys(paragraph.footnotes) if n in by_number]
            yield paragraph_document(paragraph, chapter.title, notes)


def _write_display_records(ix: Any, directory: Path, records: list[Passage]) -> None:
    """The display records beside the one segment a fresh index has (docnums in added order)."""
    if not records:
        return
    with ix.reader() as reader:
        leaves = list(reader.leaf_readers())
        leaf = leaves[0][0] if len(leaves) == 1 and hasattr(leaves[0][0], "segment") else None
        # Whoosh numbers a fresh segment's documents in the order they were added; checked at
        # both ends, so a record can never be shown for another passage.
        if (leaf is None or leaf.doc_count_all() != len(records)
                or leaf.stored_fields(0)["id"] != records[0].id
                or leaf.stored_fields(len(records) - 1)["id"] != records[-1].id):
            log.warning("no display records written for %s (%d segments)", directory, len(leaves))
            return  # searches read Whoosh's stored fields instead
        write_records(directory, leaf.segment().segment_id(), records)


def write_index(
    books: list[Book],
    directory: Path,
    *,
    corpus_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one Whoosh document per body paragraph into the empty ``directory``.

    :param books: the ingested books.
    :param directory: an existing, empty directory that becomes a Whoosh index.
    :param corpus_dir: the corpus the books come from: the generation's snapshot (its tables are
        read at query time, not here).
    :param progress: called with the number of documents written so far, every few documents.
    :returns: the number of documents written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(directory), passage_schema())
    count = 0
    records = []
    with ix.writer(codec=W3Codec(compression=0), limitmb=256, compound=False) as writer:
        for book in books:
            for doc in book_documents(book):
                writer.add_document(**doc)
                records.append(display_record(doc))
                count += 1
                if progress is not None and count % PROGRESS_STEP == 0:
                    progress(count)
    _write_display_records(ix, directory, records)
    if progress is not None:
        progress(count)
    log.info("indexed %d paragraphs of %d books into %s", count, len(books), directory)
    return count
