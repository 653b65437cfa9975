"""Facet counts of all the passages a query matched: book, chapter, source domain, source year.

The facet values of every passage are read once per set of open segments (from the postings of
the filter fields, :meth:`.postings.IndexArrays.column`: part of the index, not of any result)
into (passage, value) pairs; a query's counts are then one ``bincount`` per facet over the pairs
of its matched passages. Chapters are counted per book (``b1:3``), since both books have a
chapter 3: their pairs are the (book, chapter) combinations of each passage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from .postings import IndexArrays, index_arrays
from .results import FacetValue

#: The facets, in display order, and how many values of each are reported at most.
FACET_LIMITS = {"book": 10, "chapter": 60, "domain": 20, "year": 30}


@dataclass(frozen=True)
class _Pairs:
    """A facet's values and its (passage, value index) pairs."""

    values: list[str]
    docs: Any
    ids: Any

    @classmethod
    def of(cls, values: list[str], matrix: Any) -> _Pairs:
        ids, docs = np.nonzero(matrix)  # matrix[value, passage]
        return cls(values, docs, ids)

    def counts(self, matched: Any) -> list[int]:
        """How many of the ``matched`` passages (a boolean mask) have each value."""
        picked = self.ids[matched[self.docs]]
        return np.bincount(picked, minlength=len(self.values)).tolist()  # type: ignore[no-any-return]


def _tables(reader: IndexReader, arrays: IndexArrays) -> dict[str, _Pairs]:
    """The pairs of every facet; chapters as ``book:chapter`` values in display order."""
    books, book_matrix = arrays.column(reader, "book")
    chapters, chapter_matrix = arrays.column(reader, "chapter")
    tables = {name: _Pairs.of(*arrays.column(reader, name)) for name in ("domain", "year")}
    tables["book"] = _Pairs.of(books, book_matrix)
    book_order = sorted(range(len(books)), key=lambda b: books[b])
    chapter_order = sorted(range(len(chapters)), key=lambda c: _num(chapters[c]))
    joint = [(b, c) for b in book_order for c in chapter_order]
    tables["chapter"] = _Pairs.of(
        [f"{books[b]}:{chapters[c]}" for b, c in joint],
        np.array([book_matrix[b] & chapter_matrix[c] for b, c in joint]).reshape(
            len(joint), arrays.doc_count),
    )
    return tables


def facet_counts(reader: IndexReader, docs: Any) -> dict[str, list[FacetValue]]:
    """Counts of each facet value among ``docs``, most frequent first (chapters in book order).

    :param reader: the reader of the searched index.
    :param docs: the document numbers of every passage the query matched (array or iterable).
    """
    ids = np.asarray(sorted(docs) if isinstance(docs, set | frozenset) else docs, dtype=np.int64)
    if not len(ids):
        return {name: [] for name in FACET_LIMITS}
    arrays = index_arrays(reader)
    tables = arrays.derived("facets", lambda: _tables(reader, arrays))
    matched = np.zeros(arrays.doc_count, dtype=bool)
    matched[ids] = True
    facets: dict[str, list[FacetValue]] = {}
    for name in FACET_LIMITS:
        table = tables[name]
        counts = [FacetValue(v, n) for v, n in zip(table.values, table.counts(matched),
                                                    strict=True) if n]
        if name == "book":
            counts.sort(key=lambda c: c.value)
        elif name == "year":
            counts.sort(key=lambda c: c.value, reverse=True)
        elif name == "domain":
            counts.sort(key=lambda c: (-c.count, c.value))
        facets[name] = counts[: FACET_LIMITS[name]]
    return facets


def _num(text: str) -> int:
    return int(text) if text.isdigit() else -1
