"""Facet counts of all the passages a query matched: book, chapter, source domain, source year.

The facet values of every passage are read once per set of open segments as (passage, value)
pairs: those the build stored for the whole index (:mod:`searchlib.index.doc_tables`), else
derived from the filter fields' columns (:meth:`.postings.IndexArrays.column`); part of the
index, not of any result. A query's counts are then one ``bincount`` per facet over the pairs of
its matched passages. Chapters are counted per book (``b1:3``), since both books have a
chapter 3: their pairs are the (book, chapter) combinations of each passage.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from ..index.doc_tables import FacetPairs, facet_pairs, read_facet_table
from .postings import IndexArrays, index_arrays
from .results import FacetValue

#: The facets, in display order, and how many values of each are reported at most.
FACET_LIMITS = {"book": 10, "chapter": 60, "domain": 20, "year": 30}


def _tables(reader: IndexReader, arrays: IndexArrays) -> dict[str, FacetPairs]:
    """The pairs of every facet: those the build stored for these segments, else derived from
    the facet columns (or the postings) of the filter fields."""
    stored = read_facet_table(reader)
    if stored is not None:
        return stored
    return facet_pairs({name: arrays.column(reader, name) for name in FACET_LIMITS},
                       arrays.doc_count)


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

