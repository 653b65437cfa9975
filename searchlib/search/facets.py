"""Facet counts of all the passages a query matched: book, chapter, source domain, source year.

Each facet field is a boolean matrix (value × passage) read once per set of open segments from
the postings of the filter fields (:meth:`.postings.IndexArrays.column`, part of the index, not of
any result); a query's counts are then column sums over its matched passages. Chapters are counted
per book (``b1:3``), since both books have a chapter 3.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from .postings import index_arrays
from .results import FacetValue

#: The facets, in display order, and how many values of each are reported at most.
FACET_LIMITS = {"book": 10, "chapter": 60, "domain": 20, "year": 30}


def facet_counts(reader: IndexReader, docs: Any) -> dict[str, list[FacetValue]]:
    """Counts of each facet value among ``docs``, most frequent first (chapters in book order).

    :param reader: the reader of the searched index.
    :param docs: the document numbers of every passage the query matched (array or iterable).
    """
    ids = np.asarray(sorted(docs) if isinstance(docs, set | frozenset) else docs, dtype=np.int64)
    if not len(ids):
        return {name: [] for name in FACET_LIMITS}
    arrays = index_arrays(reader)
    facets: dict[str, list[FacetValue]] = {}
    books, book_matrix = arrays.column(reader, "book")
    chapters, chapter_matrix = arrays.column(reader, "chapter")
    in_books = book_matrix[:, ids]
    facets["book"] = sorted(
        (FacetValue(b, int(n)) for b, n in zip(books, in_books.sum(axis=1), strict=True) if n),
        key=lambda v: v.value,
    )
    # (book × chapter) counts in one product of the two membership matrices.
    per_chapter = in_books.astype(np.int32) @ chapter_matrix[:, ids].T.astype(np.int32)
    chapter_order = sorted(range(len(chapters)), key=lambda c: _num(chapters[c]))
    values = []
    for b in sorted(range(len(books)), key=lambda b: books[b]):
        values += [FacetValue(f"{books[b]}:{chapters[c]}", int(per_chapter[b, c]))
                   for c in chapter_order if per_chapter[b, c]]
    facets["chapter"] = values[: FACET_LIMITS["chapter"]]
    for name in ("domain", "year"):
        names, matrix = arrays.column(reader, name)
        sums = matrix[:, ids].sum(axis=1)
        counts = [FacetValue(v, int(n)) for v, n in zip(names, sums, strict=True) if n]
        if name == "year":
            counts.sort(key=lambda c: c.value, reverse=True)
        else:
            counts.sort(key=lambda c: (-c.count, c.value))
        facets[name] = counts[: FACET_LIMITS[name]]
    return facets


def _num(text: str) -> int:
    return int(text) if text.isdigit() else -1
