"""Per-document tables of a whole index, derived at build time: what a first query reads.

Two structures of an open index depend on its segments only, never on a query, and were built by
the first query of a process or generation from several files a segment:

* the facet pairs (:class:`FacetPairs`): for each facet (book, chapter, source domain, source
  year), its values and the (passage, value) pairs of every passage, chapters as ``book:chapter``
  values (:mod:`searchlib.search.facets`): eight facet column files to map (:mod:`.columns`), a
  matrix per facet and the book × chapter combinations, about 5 ms;
* each scored field's length byte per document (the lengths BM25F sees, which Whoosh keeps in a
  column file a field and a segment), about 1 ms.

:func:`write_doc_tables` (called by the writer once the index's segments are final) derives both
and stores them in the index directory (:data:`FACETS_FILE`, :data:`LENGTHS_FILE`, checksummed in
the manifest like every file of a generation); :func:`read_facet_table` and
:func:`read_length_table` read each back in one read.

Each file is one JSON header line (its format, the segments it was derived from: id and document
count in the reader's order, since the document numbers depend on it; and what it holds), then
little-endian arrays. A reader whose segments differ, or that has deletions, gets ``None`` and
derives the structure itself, as from an index built before the files existed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3Codec
from whoosh.util.numeric import byte_to_length

from ..lazy import lazy_logger
from ..quick_loading import NamedTuple
from .columns import read_column
from .layout import segment_files
from .schema import FACET_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

log = lazy_logger(__name__)

__all__ = ["BYTE_LENGTHS", "FACETS_FILE", "FacetPairs", "LENGTHS_FILE", "combined_column",
           "facet_pairs", "length_bytes", "read_facet_table", "read_length_table", "segment_list",
           "write_doc_tables"]

#: The facet pairs' file in an index directory (a generation).
FACETS_FILE = "facet_pairs.bin"
#: The field lengths' file in an index directory.
LENGTHS_FILE = "field_lengths.bin"
#: The files' layout; a reader derives the structures instead from a file of another format.
TABLE_FORMAT = 1
#: The facets stored, in display order.
FACETS = FACET_FIELDS

#: Whoosh's one-byte field length code decoded, for every byte (0: an empty field, which Whoosh
#: reports as ``None``: NaN here, as the per-document call gave).
BYTE_LENGTHS = np.array([np.nan] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)


class FacetPairs(NamedTuple):
    """A facet's values and its (passage, value index) pairs (a named tuple: see
    :class:`searchlib.search.nodes.Expansion`)."""

    values: list[str]
    docs: Any
    ids: Any

    @classmethod
    def of(cls, values: list[str], matrix: Any) -> FacetPairs:
        ids, docs = np.nonzero(matrix)  # matrix[value, passage]
        return cls(values, docs, ids)


def combined_column(parts: list[tuple[int, list[str], Any]],
                    doc_count: int) -> tuple[list[str], Any]:
    """One facet column of several segments, as (values, matrix): ``matrix[v, d]`` says if
    document ``d`` has value ``v``.

    :param parts: each segment's (docnum offset, values, pairs) as :func:`.columns.read_column`
        gives them.
    """
    # Whoosh's lexicon order: the values' UTF-8 bytes.
    values = sorted({v for _o, names, _p in parts for v in names}, key=lambda v: v.encode())
    where = {v: i for i, v in enumerate(values)}
    matrix = np.zeros((len(values), doc_count), dtype=bool)
    for offset, names, pairs in parts:
        index = np.array([where[v] for v in names], dtype=np.int64)
        if pairs.shape[1]:
            matrix[index[pairs[0]], pairs[1] + offset] = True
    return values, matrix


def facet_pairs(columns: Mapping[str, tuple[list[str], Any]],
                doc_count: int) -> dict[str, FacetPairs]:
    """The pairs of every facet from its column (values, matrix); chapters as ``book:chapter``
    values in display order (books, then chapter numbers)."""
    books, book_matrix = columns["book"]
    chapters, chapter_matrix = columns["chapter"]
    tables = {name: FacetPairs.of(*columns[name]) for name in ("domain", "year")}
    tables["book"] = FacetPairs.of(books, book_matrix)
    book_order = sorted(range(len(books)), key=lambda b: books[b])
    chapter_order = sorted(range(len(chapters)), key=lambda c: _num(chapters[c]))
    joint = [(b, c) for b in book_order for c in chapter_order]
    tables["chapter"] = FacetPairs.of(
        [f"{books[b]}:{chapters[c]}" for b, c in joint],
        np.array([book_matrix[b] & chapter_matrix[c] for b, c in joint]).reshape(
            len(joint), doc_count),
    )
    return tables


def _num(text: str) -> int:
    return int(text) if text.isdigit() else -1


def segment_list(reader: Any) -> list[list[Any]] | None:
    """[segment id, document count] of each segment of ``reader``, in its order (``None`` for a
    reader of no segment on disk)."""
    found = []
    for leaf, _offset in reader.leaf_readers():
        files = segment_files(leaf)
        if files is None:
            return None
        found.append([files[1], leaf.doc_count_all()])
    return found


def length_bytes(leaf: Any, fieldname: str, count: int) -> Any:
    """A segment's length bytes of ``fieldname`` read as one array (``None`` when the segment is
    not laid out as Whoosh 3 writes it: the caller asks document by document).

    Whoosh keeps them in a column file of one byte per document; reading that file once costs
    microseconds where a ``doc_field_length`` call per document cost 40 ms for the books.
    """
    if not (hasattr(leaf, "segment") and hasattr(leaf, "storage")):
        return None
    name = W3Codec.column_filename(leaf.segment(), f"_{fieldname}_len")
    storage = leaf.storage()
    if not storage.file_exists(name):
        return None
    size = storage.file_length(name)
    if size > count:
        return None
    f = storage.open_file(name)
    try:
        found = np.frombuffer(f.read(), dtype=np.uint8)
    finally:
        f.close()
    # Whoosh's column writer leaves out the trailing documents whose field is empty (byte 0,
    # its reader's default): the segment's last passage without a footnote, say.
    return found if size == count else np.concatenate([found, np.zeros(count - size, np.uint8)])


def write_doc_tables(directory: Path, reader: Any) -> None:
    """Derive the facet pairs and the field lengths of the index ``reader`` reads (in
    ``directory``) from its segments' files, and store them; nothing when the reader has
    deletions or a segment lacks the files (readers then derive them as before)."""
    segments = segment_list(reader)
    if segments is None or reader.has_deletions():
        return
    _write_facet_table(Path(directory), reader, segments)
    fields, lengths = [], []
    for name in reader.schema.scorable_names():
        parts = [length_bytes(leaf, name, leaf.doc_count_all())
                 for leaf, _offset in reader.leaf_readers()]
        if all(p is not None for p in parts):
            fields.append(name)
            lengths.append(np.concatenate(parts).astype(np.uint8))
    _write(Path(directory) / LENGTHS_FILE, segments, fields, lengths)


def _write_facet_table(directory: Path, reader: Any, segments: list[list[Any]]) -> None:
    doc_count = reader.doc_count_all()
    columns = {}
    for name in FACETS:
        parts = []
        for (_leaf, offset), (segment_id, count) in zip(reader.leaf_readers(), segments,
                                                         strict=True):
            column = read_column(directory, segment_id, name, count)
            if column is None:
                return
            parts.append((offset, *column))
        columns[name] = combined_column(parts, doc_count)
    pairs = facet_pairs(columns, doc_count)
    held = {name: [pairs[name].values, len(pairs[name].docs)] for name in FACETS}
    _write(directory / FACETS_FILE, segments, held,
           [np.asarray(a, dtype="<i4") for name in FACETS
            for a in (pairs[name].docs, pairs[name].ids)])


def _write(path: Path, segments: list[list[Any]], held: Any, arrays: list[Any]) -> None:
    header = {"format": TABLE_FORMAT, "segments": segments, "held": held}
    path.write_bytes(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n"
                     + b"".join(a.tobytes() for a in arrays))


def _read(reader: Any, name: str) -> tuple[Any, bytes, Path] | None:
    """(what the file ``name`` holds, its arrays' bytes, its folder) when it was derived from the
    segments ``reader`` reads; ``None`` when there is none for them."""
    segments = segment_list(reader)
    if not segments or reader.has_deletions():
        return None
    folder = segment_files(reader.leaf_readers()[0][0])[0]  # type: ignore[index]
    try:
        with open(folder / name, "rb") as f:
            header = json.loads(f.readline())
            if header.get("format") != TABLE_FORMAT or header.get("segments") != segments:
                return None
            return header["held"], f.read(), folder
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, AttributeError):
        # A damaged file is reported by the checksums (index --check); the search goes on.
        log.warning("unreadable %s in %s", name, folder, exc_info=True)
        return None


def read_facet_table(reader: Any) -> dict[str, FacetPairs] | None:
    """The facet pairs stored for the index ``reader`` reads, or ``None`` when there are none
    for its segments (the caller derives them: :func:`facet_pairs`)."""
    stored = _read(reader, FACETS_FILE)
    if stored is None:
        return None
    held, body, folder = stored
    found = {}
    at = 0
    doc_count = reader.doc_count_all()
    try:
        for name in FACETS:
            values, n = held[name]
            docs = np.frombuffer(body, dtype="<i4", count=n, offset=at)
            ids = np.frombuffer(body, dtype="<i4", count=n, offset=at + 4 * n)
            at += 8 * n
            if n and (int(docs.max()) >= doc_count or int(ids.max()) >= len(values)):
                raise ValueError(f"facet {name} does not match the index")
            found[name] = FacetPairs(list(values), docs.astype(np.intp), ids.astype(np.intp))
        if at != len(body):
            raise ValueError("facet table of another length")
    except (ValueError, KeyError, TypeError):
        log.warning("unreadable facet table in %s", folder, exc_info=True)
        return None
    return found


def read_length_table(reader: Any) -> dict[str, Any] | None:
    """Each stored field's length bytes (Whoosh's one-byte code, one per document) for the
    index ``reader`` reads, or ``None`` when there are none for its segments."""
    stored = _read(reader, LENGTHS_FILE)
    if stored is None:
        return None
    fields, body, folder = stored
    count = reader.doc_count_all()
    if not isinstance(fields, list) or len(body) != count * len(fields):
        log.warning("unreadable field lengths in %s", folder)
        return None
    return {name: np.frombuffer(body, dtype=np.uint8, count=count, offset=i * count)
            for i, name in enumerate(fields)}
