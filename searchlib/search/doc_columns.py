"""Per-document columns of an open index, read whole: each document's field lengths (as BM25F
sees them) and its facet values (book, chapter, source domain, source year).

Both are read from the files beside each segment — Whoosh's one-byte length columns, the facet
columns the writer stored (:mod:`..index.columns`) — rather than asked document by document; a
segment without them is read the slow way (lengths) or left to the caller (facets, derived from
the postings by :meth:`.postings.IndexArrays.column`).
"""

from __future__ import annotations

import numpy as np
from whoosh.reading import IndexReader

from ..index.columns import read_column
from ..index.doc_tables import BYTE_LENGTHS, combined_column, length_bytes
from ..index.layout import segment_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["field_lengths", "stored_facet_column"]


def field_lengths(reader: IndexReader, fieldname: str, doc_count: int,
                  stored: dict[str, Any] | None = None) -> Any:
    """Each document's length in ``fieldname`` as BM25F sees it (Whoosh's stored byte, decoded):
    from ``stored`` (the whole index's length bytes the build stored,
    :func:`..index.doc_tables.read_length_table`) when it holds the field, else segment by
    segment: one read of its length column, else a call per document."""
    if stored is not None and fieldname in stored:
        return BYTE_LENGTHS[stored[fieldname]]
    found = np.ones(doc_count, dtype=np.float64)
    for leaf, offset in reader.leaf_readers():
        n = leaf.doc_count_all()
        column = length_bytes(leaf, fieldname, n)
        if column is not None:
            found[offset : offset + n] = BYTE_LENGTHS[column]
        else:
            found[offset : offset + n] = [leaf.doc_field_length(d, fieldname, 1) for d in range(n)]
    return found


def stored_facet_column(reader: IndexReader, fieldname: str, doc_count: int) -> Any:
    """A facet column from the files the writer left beside each segment (:mod:`..index.columns`),
    or ``None`` when a segment has none (an index written by other code) or has deletions."""
    if reader.has_deletions():
        return None
    parts = []
    for leaf, offset in reader.leaf_readers():
        files = segment_files(leaf)
        if files is None:
            return None
        column = read_column(*files, fieldname, leaf.doc_count_all())
        if column is None:
            return None
        parts.append((offset, *column))
    return combined_column(parts, doc_count)
