"""Facet counts of all the passages a query matched: book, chapter, source domain, source year.

The facet values of every passage are read once per set of open segments as (passage, value)
pairs: those the build stored for the whole index (:mod:`searchlib.index.doc_tables`), else
derived from the filter fields' columns (:meth:`.postings.IndexArrays.column`); part of the
index, not of any result. Chapters are counted per book (``b1:3``), since both books have a
chapter 3: their pairs are the (book, chapter) combinations of each passage.

The pairs of the four facets are then laid end to end once (:class:`FacetCounter`), every value
numbered apart and in the order it is shown (books and chapters in book order, years newest
first, domains by name before their counts order them): a query's counts are one ``bincount``
over the pairs of its matched passages, read in display order, the values it does not hold
skipped at once.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
from whoosh.reading import IndexReader

from ..index.doc_tables import FacetPairs, facet_pairs, read_facet_table
from .postings import IndexArrays, index_arrays
from .results import FacetValue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FACET_LIMITS", "FacetCounter", "facet_counts", "facet_tables"]

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


def _shown_order(name: str, values: list[str]) -> list[int]:
    """The indexes of a facet's values in the order they are shown (domains: by name, their
    counts order them per query)."""
    order = list(range(len(values)))
    if name == "book" or name == "domain":
        order.sort(key=values.__getitem__)
    elif name == "year":
        order.sort(key=values.__getitem__, reverse=True)
    return order  # chapters: as the table lists them (books, then chapter numbers)


class FacetCounter:
    """Every facet's (passage, value) pairs end to end, the values numbered in display order."""

    def __init__(self, tables: dict[str, FacetPairs], doc_count: int) -> None:
        self.doc_count = doc_count
        docs, ids = [], []
        #: Every facet's values in display order, end to end (numbered as in :attr:`ids`).
        self.names: list[str] = []
        #: Where each facet's numbers start, then their end.
        self.starts: list[int] = []
        for name in FACET_LIMITS:
            table = tables[name]
            order = _shown_order(name, table.values)
            start = len(self.names)
            number = np.empty(len(order), dtype=np.intp)
            number[order] = np.arange(start, start + len(order))
            docs.append(np.asarray(table.docs, dtype=np.intp))
            ids.append(number[np.asarray(table.ids, dtype=np.intp)])
            self.starts.append(start)
            self.names += [table.values[i] for i in order]
        self.starts.append(len(self.names))
        self.docs = np.concatenate(docs)
        self.ids = np.concatenate(ids)

    def counts(self, matched: Any) -> dict[str, list[FacetValue]]:
        """Each facet's values held by ``matched`` (docnums) with their counts, as shown: at
        most :data:`FACET_LIMITS` of each, domains most frequent first."""
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[matched] = True
        counts = np.bincount(self.ids[mask[self.docs]], minlength=len(self.names))
        # The values held, found in C and then cut per facet at its start: a Python test of
        # every value of every facet (a hundred) cost more than the rest of the count.
        held = counts.nonzero()[0].tolist()
        counts = counts.tolist()
        names = self.names
        found: dict[str, list[FacetValue]] = {}
        lo = 0
        for (name, limit), end in zip(FACET_LIMITS.items(), self.starts[1:], strict=True):
            hi = bisect_left(held, end, lo)
            shown = held[lo:hi]
            lo = hi
            if name == "domain":  # most frequent first; sort is stable: then by name
                shown.sort(key=counts.__getitem__, reverse=True)
            found[name] = [FacetValue(names[i], counts[i]) for i in shown[:limit]]
        return found


def facet_tables(reader: IndexReader) -> FacetCounter:
    """The facet pairs of ``reader``'s segments, ready to count: read once per set of open
    segments (kept with their :class:`.postings.IndexArrays`)."""
    arrays = index_arrays(reader)
    return arrays.derived(  # type: ignore[no-any-return]
        "facets", lambda: FacetCounter(_tables(reader, arrays), arrays.doc_count))


def facet_counts(reader: IndexReader, docs: Any) -> dict[str, list[FacetValue]]:
    """Counts of each facet value among ``docs``, most frequent first (chapters in book order).

    :param reader: the reader of the searched index.
    :param docs: the document numbers of every passage the query matched (array or iterable).
    """
    ids = np.asarray(sorted(docs) if isinstance(docs, set | frozenset) else docs, dtype=np.int64)
    if not len(ids):
        return {name: [] for name in FACET_LIMITS}
    return facet_tables(reader).counts(ids)
