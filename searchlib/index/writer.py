"""Writes the Whoosh documents of a corpus into one directory: one document per body paragraph.

Footnote definitions and the bibliography are not documents. Each paragraph carries the text of
the footnotes whose markers sit in it (the ``notes`` field, weighted below the body) and a stored
JSON list of those footnotes, so a hit shows its sources without loading the corpus.

Beside each Whoosh segment, the writer leaves the display record of every passage
(:mod:`.display`): uncompressed, so showing a page of hits does not unpickle and inflate Whoosh's
stored fields; and the facet columns (:mod:`.columns`), so the first query of a process does not
derive them from the postings. Once the segments are final, every term's postings of the whole
index are stored with their BM25F scores (:mod:`.scored_postings`): a search reads a term's scores
instead of computing them; and the matches of the phrases a query makes of the expansion tables'
forms, with their scores (:mod:`.stored_phrases`).

Each book is one Whoosh segment (segments are immutable files): a rebuild where a book did not
change copies that book's segment files from the previous generation instead of re-indexing it
(``reuse``), and only the changed books are analysed and written. BM25's statistics (document
count, field lengths) are sums over the segments a reader opens, so scores are the same as those
of an index built from scratch.

Postings are written uncompressed: on a corpus this size zlib costs more at query time (20–30 %)
than it saves on disk. The segment is written as separate files, not one compound file: a reader
of a compound file copies its whole postings part into memory (55 MB at ten times the books),
where separate files are mapped and only the pages a query reads are resident.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage

from ..ingest.citation import searchable_text
from ..model import Book, Footnote, Paragraph
from .bm25f import WEIGHTING
from .collector import collector_paused
from .display import display_record, write_records
from .doc_tables import write_doc_tables
from .expansion import write_expansion_tables
from .schema import FACET_FIELDS, passage_schema
from .scored_postings import write_scored_postings
from .segment_writer import PassageSegmentWriter
from .shared_analysis import SharedAnalysis
from .storage import create_index
from .stored_phrases import write_stored_phrases

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
    note_text = "\n".join(searchable_text(n.text) for n in notes if n.text)
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


def _segments(directory: Path) -> list[Any]:
    """The segments the latest TOC of the index in ``directory`` lists, in docnum order."""
    return list(whoosh_index.TOC.read(FileStorage(str(directory)), whoosh_index._DEF_INDEX_NAME)
                .segments)


def book_segments(directory: Path) -> list[str]:
    """The segment ids of the index in ``directory``, in docnum order (one per book)."""
    return [s.segment_id() for s in _segments(directory)]


def _copy_segment(source: Path, directory: Path, segment_id: str) -> Any:
    """Copy the files of segment ``segment_id`` of the index in ``source`` into ``directory``;
    returns Whoosh's segment object.

    Copied, not hard-linked: a file damaged in place would otherwise be damaged in both
    generations, and the previous generation is what a rollback falls back to. Copying a segment
    costs the kernel a few milliseconds; re-indexing it costs the analysis of every paragraph.
    """
    found = [s for s in _segments(source) if s.segment_id() == segment_id]
    if not found:
        raise FileNotFoundError(f"segment {segment_id} is not in {source}")
    for path in source.iterdir():
        if path.name.startswith(segment_id + "."):
            shutil.copyfile(path, directory / path.name)
    return found[0]


@collector_paused
def write_index(
    books: list[Book],
    directory: Path,
    *,
    corpus_dir: Path,
    progress: Callable[[int], None] | None = None,
    reuse: Mapping[str, tuple[Path, str]] | None = None,
) -> int:
    """Write one Whoosh document per body paragraph into the empty ``directory``, one segment per
    book, in the order of ``books``.

    :param books: the ingested books.
    :param directory: an existing, empty directory that becomes a Whoosh index.
    :param corpus_dir: the corpus the books come from: the generation's snapshot (its tables are
        read at query time, not here).
    :param progress: called with the number of documents written so far, every few documents.
    :param reuse: books whose segment is taken unchanged from an earlier index: book id →
        (that index's directory, the book's segment id there).
    :returns: the number of documents written.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    reuse = reuse or {}
    ix = create_index(str(directory), passage_schema())
    count = 0
    by_book: dict[str, Any] = {}
    # One analysis for every book: the words it has analysed once are not analysed again.
    analysis = SharedAnalysis(ix.schema)
    for book in books:
        if book.id in reuse:
            continue
        records = []
        before = {s.segment_id() for s in _segments(directory)}
        documents = list(book_documents(book))
        # Every new word of the book analysed in one run per analyzer, not value by value.
        analysis.learn(documents)
        writer = PassageSegmentWriter(ix, analysis, FACET_FIELDS, codec=W3Codec(compression=0),
                                      compound=False)
        try:
            for doc in documents:
                writer.add_document(**doc)
                records.append(display_record(doc))
                count += 1
                if progress is not None and count % PROGRESS_STEP == 0:
                    progress(count)
        except BaseException:
            writer.cancel()
            raise
        # No merge: each book stays its own segment, so a later build can reuse it.
        writer.commit(merge=False)
        (segment,) = [s for s in _segments(directory) if s.segment_id() not in before]
        by_book[book.id] = segment
        write_records(directory, segment.segment_id(), records)
    # The analysis's memory of words (over a hundred thousand tuples) is let go of here, before
    # the tables and scores below allocate theirs, not when this function returns.
    analysis.forget()
    # Copied last: a Whoosh commit deletes the files of segments its TOC does not list.
    for book in books:
        if book.id in reuse:
            source, segment_id = reuse[book.id]
            by_book[book.id] = _copy_segment(Path(source), directory, segment_id)
            count += by_book[book.id].doc_count_all()
    storage = FileStorage(str(directory))
    latest = whoosh_index.TOC._latest_generation(storage, whoosh_index._DEF_INDEX_NAME)
    whoosh_index.TOC(ix.schema, [by_book[b.id] for b in books], latest + 1).write(
        storage, whoosh_index._DEF_INDEX_NAME)
    # Only the last TOC is read; the earlier ones are leftovers of the per-book commits.
    for path in directory.glob("_MAIN_*.toc"):
        if path.name != f"_MAIN_{latest + 1}.toc":
            path.unlink()
    # The tables' forms analysed by the schema's analyzers (they know the words by now).
    previous = next((Path(source) for source, _segment in reuse.values()), None)
    tables = write_expansion_tables(directory, corpus_dir, books, ix.schema, previous)
    with whoosh_index.open_dir(str(directory)).reader() as reader:
        write_doc_tables(directory, reader)  # the segments are final: their document numbers
        write_scored_postings(directory, reader, WEIGHTING)  # and their statistics
        write_stored_phrases(directory, reader, WEIGHTING, tables)  # the tables' phrases
    if progress is not None:
        progress(count)
    log.info("indexed %d paragraphs of %d books into %s (%d reused)", count, len(books),
             directory, len(reuse))
    return count
