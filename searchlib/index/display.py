"""What a hit shows of each passage, beside its Whoosh segment, uncompressed and mapped.

Whoosh keeps stored fields as a zlib-compressed pickle per document: reading the ten hits of a
page cost about 200 µs, a fifth of a search. The writer therefore also writes, for each segment,
the display record of every document in docnum order (:class:`Passage`: id, book, chapter, page,
paragraph text and the parsed footnotes) into two files named after the segment:

``<segment>.passages5``
    the records, one msgpack array each, concatenated;
``<segment>.passages5_idx``
    ``n + 1`` little-endian uint64 offsets into the first file.

A reader maps the first file once per open index and decodes one record in a few µs. msgpack,
not pickle: reading a record back can never run code, whoever could write the index directory;
and not JSON, which decoded a record (about 1.5 kB, most of it the paragraph and its notes) in
three times msgpack's time, some 10 µs a hit in a query met for the first time. A paragraph's
text, most of a record, is kept in Latin-1 when that holds it (two paragraphs in three), else in
UTF-16 (with its byte order mark), and decoded from it in some 0.4 µs, where UTF-8 took 1 µs
(French text, ASCII with accents here and there, is the UTF-8 decoder's slow case).

The format's version (:data:`RECORDS_VERSION`) is in the extensions and in the generation's
manifest: a reader that does not find the files of its own version falls back to Whoosh's stored
fields. The files are named like the segment's own files (``MAIN_<id>.<ext>``), so Whoosh deletes
them together with the segment when it merges or cleans up segments. When a segment has no such
files (an index written by other code or an older writer) callers read Whoosh's stored fields
instead; the Whoosh stored fields stay the reference and are still written.
"""

from __future__ import annotations

import functools
import json
import mmap
from collections.abc import Callable, Iterable
from pathlib import Path

import msgpack
import numpy as np
from whoosh.reading import IndexReader

from ..lazy import lazy_logger
from ..quick_loading import NamedTuple
from .layout import segment_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

log = lazy_logger(__name__)

_new = tuple.__new__

#: The display records' format (5: msgpack arrays, the text in Latin-1 or UTF-16; 4 had it in
#: UTF-8, 3 was JSON arrays, 2 pickled tuples, none read any more).
RECORDS_VERSION = 5
#: The extensions of the two files of a segment's display records. The version is in the name:
#: a reader that does not find the files of its own version falls back to Whoosh's stored fields.
RECORDS_EXT = f".passages{RECORDS_VERSION}"
#: Decoded records kept per segment (most recently shown first).
DECODED_SIZE = 4096
OFFSETS_EXT = f".passages{RECORDS_VERSION}_idx"
#: The encodings of a record's text, by the number the record keeps: two that ``bytes.decode``
#: finds without the codec registry ("utf-16-le" is looked up there, and its module imported by
#: the first query).
_TEXT_CODECS = ("latin-1", "utf-16")


class FootnoteRef(NamedTuple):
    """A footnote a hit carries (the writer's ``footnote_record``): its number in its book, its
    text, the URLs it cites and their domains.

    The search's hits carry these very records (:class:`searchlib.search.results.Hit`): a named
    tuple, which the decoder makes by tuple's own constructor, shared by every hit of the passage.
    """

    book: str
    number: int
    text: str | None
    urls: list[str]
    domains: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"book": self.book, "number": self.number, "text": self.text, "urls": self.urls}


class Passage(NamedTuple):
    """What a hit shows of a passage: its identity, page, text and footnotes."""

    id: str
    book: str
    chapter: str | None
    page: int | None
    text: str
    footnotes: tuple[FootnoteRef, ...]


def display_record(stored: dict[str, Any]) -> Passage:
    """A passage's display record from its Whoosh stored fields (footnotes parsed).

    :param stored: the document's stored fields as Whoosh returns them (or as the writer adds
        them): ``id``, ``book``, ``chapter``, ``text``, optional ``page``, ``footnotes`` (JSON).
    """
    notes = tuple(
        FootnoteRef(n["book"], n["number"], n.get("text"), n.get("urls", []), n.get("domains", []))
        for n in json.loads(stored.get("footnotes") or "[]")
    )
    return Passage(stored["id"], stored["book"], stored.get("chapter"), stored.get("page"),
                   stored["text"], notes)


def write_records(directory: Path, segment_id: str, records: Iterable[Passage]) -> int:
    """Write the display records of one segment (in docnum order) beside its files.

    :param directory: the index directory.
    :param segment_id: the segment's id (``MAIN_abcdef``), which names the files.
    :param records: each document's :func:`display_record`, docnum 0 first.
    :returns: how many records were written.
    """
    offsets = [0]
    path = Path(directory) / f"{segment_id}{RECORDS_EXT}"
    with path.open("wb") as out:
        for record in records:
            blob = msgpack.packb([*record[:4], *_encoded(record.text),
                                  [list(n) for n in record.footnotes]], use_bin_type=True)
            out.write(blob)
            offsets.append(offsets[-1] + len(blob))
    np.asarray(offsets, dtype="<u8").tofile(Path(directory) / f"{segment_id}{OFFSETS_EXT}")
    return len(offsets) - 1


def _encoded(text: str) -> tuple[bytes, int]:
    """``text`` in Latin-1 when that holds it, else in UTF-16 (which holds any text UTF-8 does),
    and which (its number in :data:`_TEXT_CODECS`)."""
    try:
        return text.encode(_TEXT_CODECS[0]), 0
    except UnicodeEncodeError:
        return text.encode(_TEXT_CODECS[1]), 1


class _Segment:
    """The mapped records of one segment."""

    def __init__(self, records: Path, offsets: Path, count: int) -> None:
        # Read, then viewed: cheaper than ``np.fromfile`` for a few kB, on the first query.
        with offsets.open("rb") as f:
            bounds = np.frombuffer(f.read(), dtype="<u8")
        if len(bounds) != count + 1:
            raise ValueError(f"{offsets.name}: {len(bounds) - 1} records for {count} documents")
        self.bounds: list[int] = bounds.tolist()
        with records.open("rb") as f:
            size = f.seek(0, 2)
            if size != self.bounds[-1]:
                raise ValueError(f"{records.name}: {size} bytes, expected {self.bounds[-1]}")
            # An empty file cannot be mapped; a segment without documents has nothing to read.
            self.data: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def get(self, docnum: int) -> Passage:
        """The record of the segment's document number ``docnum``, decoded."""
        bounds = self.bounds
        record = msgpack.unpackb(self.data[bounds[docnum] : bounds[docnum + 1]])
        notes = record.pop()
        record[4] = record[4].decode(_TEXT_CODECS[record.pop()])
        record.append(tuple([_new(FootnoteRef, n) for n in notes]) if notes else ())
        # The tuples made by tuple's own constructor (the named tuples' ``__new__`` is a Python
        # function taking each field by name: a µs a record).
        return _new(Passage, record)


class DisplayRecords:
    """The display records of every segment a reader has open, by global docnum.

    Build it with :meth:`open`, once per set of open segments; ``get(docnum)`` is the display
    record of global document number ``docnum`` (:class:`Passage`; :exc:`IndexError` for none).
    """

    def __init__(self, parts: list[tuple[int, int, _Segment]]) -> None:
        self._parts = parts  # (offset, count, segment), ascending offsets
        # The usual index has one segment: its records are read without a search.
        self._only = parts[0][2] if len(parts) == 1 and parts[0][0] == 0 else None
        # A decoded record costs a few µs; the passages readers page through recur. Kept by
        # global docnum, DECODED_SIZE per segment: a record already decoded is found without
        # a Python call (behind a method of this class, a warm search's page of ten cost 16 k
        # instructions more, 1.3 %).
        self.get: Callable[[int], Passage] = functools.lru_cache(
            maxsize=DECODED_SIZE * max(1, len(parts)))(self._decoded)

    @classmethod
    def open(cls, reader: IndexReader) -> DisplayRecords | None:
        """The records of ``reader``'s segments; ``None`` if a segment has none (or bad ones)."""
        parts = []
        for leaf, offset in reader.leaf_readers():
            files = segment_files(leaf)
            if files is None:
                return None
            base = str(files[0] / files[1])
            records, offsets = Path(base + RECORDS_EXT), Path(base + OFFSETS_EXT)
            try:
                parts.append((offset, leaf.doc_count_all(), _Segment(records, offsets,
                                                                     leaf.doc_count_all())))
            except FileNotFoundError:  # written by other code: no records (asked, not tested)
                return None
            except (OSError, ValueError) as e:
                log.warning("display records of %s unusable (%s); using stored fields", base, e)
                return None
        return cls(parts)

    def _decoded(self, docnum: int) -> Passage:
        if self._only is not None and 0 <= docnum < len(self._only.bounds) - 1:
            return self._only.get(docnum)
        for offset, count, segment in self._parts:
            if offset <= docnum < offset + count:
                return segment.get(docnum - offset)
        raise IndexError(docnum)
