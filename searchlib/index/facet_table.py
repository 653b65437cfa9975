"""The facet pairs of a whole index, derived at build time: what a query's facet counts read.

Facet counts (:mod:`searchlib.search.facets`) need, for each facet (book, chapter, source domain,
source year), its values and the (passage, value) pairs of every passage, chapters as
``book:chapter`` values. Deriving them from the segments' facet columns (:mod:`.columns`: eight
files to map, a matrix per facet, the book × chapter combinations) was a third of the first
query of a process or generation. :func:`write_facet_table` (called by the writer once the
index's segments are final) derives them once and stores them in the index directory
(:data:`TABLE_FILE`, checksummed in the manifest like every file of a generation);
:func:`read_facet_table` reads them back in one read.

The file is one JSON header line — its format, the segments it was derived from (id and document
count, in the reader's order: the document numbers depend on it) and each facet's values and
number of pairs — then each facet's passage numbers and value indexes as little-endian int32. A
reader whose segments differ (or that has deletions) gets ``None`` and derives the pairs itself
(:func:`facet_pairs`), as from an index built before the file existed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .columns import read_column
from .layout import segment_files
from .schema import FACET_FIELDS

log = logging.getLogger(__name__)

__all__ = ["FacetPairs", "TABLE_FILE", "combined_column", "facet_pairs", "read_facet_table",
           "write_facet_table"]

#: The table's file in an index directory (a generation).
TABLE_FILE = "facet_pairs.bin"
#: The file's layout; a reader derives the pairs instead from a file of another format.
TABLE_FORMAT = 1
#: The facets stored, in display order.
FACETS = FACET_FIELDS


@dataclass(frozen=True)
class FacetPairs:
    """A facet's values and its (passage, value index) pairs."""

    values: list[str]
    docs: Any
    ids: Any

    @classmethod
    def of(cls, values: list[str], matrix: Any) -> FacetPairs:
        ids, docs = np.nonzero(matrix)  # matrix[value, passage]
        return cls(values, docs, ids)

    def counts(self, matched: Any) -> list[int]:
        """How many of the ``matched`` passages (a boolean mask) have each value."""
        picked = self.ids[matched[self.docs]]
        return np.bincount(picked, minlength=len(self.values)).tolist()  # type: ignore[no-any-return]


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


def _segments(reader: Any) -> list[list[Any]] | None:
    """[segment id, document count] of each segment of ``reader``, in its order (``None`` for a
    reader of no segment on disk)."""
    found = []
    for leaf, _offset in reader.leaf_readers():
        files = segment_files(leaf)
        if files is None:
            return None
        found.append([files[1], leaf.doc_count_all()])
    return found


def write_facet_table(directory: Path, reader: Any) -> bool:
    """Derive the facet pairs of the index ``reader`` reads (in ``directory``) from its
    segments' facet columns and store them; ``False`` (nothing written) when a segment has no
    columns, or the reader has deletions."""
    segments = _segments(reader)
    if segments is None or reader.has_deletions():
        return False
    doc_count = reader.doc_count_all()
    columns = {}
    for name in FACETS:
        parts = []
        for (_leaf, offset), (segment_id, count) in zip(reader.leaf_readers(), segments,
                                                        strict=True):
            column = read_column(Path(directory), segment_id, name, count)
            if column is None:
                return False
            parts.append((offset, *column))
        columns[name] = combined_column(parts, doc_count)
    pairs = facet_pairs(columns, doc_count)
    header = {"format": TABLE_FORMAT, "segments": segments,
              "facets": {name: [pairs[name].values, len(pairs[name].docs)] for name in FACETS}}
    body = b"".join(np.asarray(a, dtype="<i4").tobytes()
                    for name in FACETS for a in (pairs[name].docs, pairs[name].ids))
    (Path(directory) / TABLE_FILE).write_bytes(
        json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + body)
    return True


def read_facet_table(reader: Any) -> dict[str, FacetPairs] | None:
    """The facet pairs stored for the index ``reader`` reads, or ``None`` when there are none
    for its segments (the caller derives them: :func:`facet_pairs`)."""
    segments = _segments(reader)
    if not segments or reader.has_deletions():
        return None
    folder = segment_files(reader.leaf_readers()[0][0])[0]  # type: ignore[index]
    try:
        with open(folder / TABLE_FILE, "rb") as f:
            header = json.loads(f.readline())
            if header.get("format") != TABLE_FORMAT or header.get("segments") != segments:
                return None
            body = f.read()
        found = {}
        at = 0
        doc_count = reader.doc_count_all()
        for name in FACETS:
            values, n = header["facets"][name]
            docs = np.frombuffer(body, dtype="<i4", count=n, offset=at)
            ids = np.frombuffer(body, dtype="<i4", count=n, offset=at + 4 * n)
            at += 8 * n
            if n and (int(docs.max()) >= doc_count or int(ids.max()) >= len(values)):
                raise ValueError(f"facet {name} does not match the index")
            found[name] = FacetPairs(list(values), docs.astype(np.intp), ids.astype(np.intp))
        if at != len(body):
            raise ValueError("facet table of another length")
        return found
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged file is reported by the checksums (index --check); the search goes on.
        log.warning("unreadable facet table in %s", folder, exc_info=True)
        return None
