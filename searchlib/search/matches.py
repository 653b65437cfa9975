"""Matches of a query's parts, and how the engine combines them: an intersection and a union that
sum scores as Whoosh's matchers sum them (the order of additions included, so the very numbers).

A match set is a pair of arrays (:data:`Matches`): the documents ascending and their scores.
"""

from __future__ import annotations

import numpy as np

from ..index.sorted_arrays import located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DENSE_RATIO", "Matches", "NONE", "intersect", "maybe", "union"]

Matches = tuple["Any", "Any"]  # (docnums ascending, float64 scores)

#: No match.
NONE: Matches = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def intersect(a: Matches, b: Matches) -> Matches:
    """The documents in both, each with the sum of its two scores (a binary search of the
    shorter list in the longer, cheaper than ``np.intersect1d``'s sort of both)."""
    if len(a[0]) > len(b[0]):
        a, b = b, a
    if not len(a[0]) or not len(b[0]):
        return NONE
    where, found = located(a[0], b[0])
    return a[0][found], a[1][found] + b[1][where[found]]


def maybe(a: Matches, b: Matches) -> Matches:
    """The documents of ``a``; those ``b`` holds too with the sum of their two scores (``a``'s
    first), as Whoosh's ``AndMaybe`` sums them."""
    if not len(a[0]) or not len(b[0]):
        return a
    where, found = located(a[0], b[0])
    scores = a[1].copy()  # ``a``'s array (perhaps a cache's) stays as it was
    scores[found] += b[1][where[found]]
    return a[0], scores


#: Below this many documents per matching posting, a union adds scores into a dense array of
#: every document rather than sorting the postings (``np.unique``).
DENSE_RATIO = 64


def union(found: list[Matches], doc_count: int) -> Matches:
    """The documents in any of ``found``, each with the sum of its scores, in clause order."""
    # Every clause's documents end to end: how many there are is its length (summing the
    # clauses' lengths in a generator cost 1.5 us of a 15 us union).
    every = np.concatenate([m[0] for m in found])
    if doc_count > DENSE_RATIO * len(every):
        # The postings sorted by docnum, clause order kept among equal ones (a stable sort), so
        # each document's scores are summed in clause order; ``np.unique`` did the same at
        # several times the cost on these few dozen postings.
        order = every.argsort(kind="stable")
        every = every[order]
        first = np.empty(len(every), dtype=bool)
        first[0] = True
        np.not_equal(every[1:], every[:-1], out=first[1:])
        scores = np.concatenate([m[1] for m in found])[order]
        return every[first], np.bincount(first.cumsum() - 1, weights=scores)
    # Every clause's postings end to end, in clause order: ``bincount`` adds each posting's
    # score to its document's sum in that order (a C loop from zero), as Whoosh's matchers add
    # them; a few array operations whatever the number of clauses.
    sums = np.bincount(every, weights=np.concatenate([m[1] for m in found]), minlength=doc_count)
    hit = np.zeros(doc_count, dtype=bool)
    hit[every] = True
    ids = hit.nonzero()[0]
    return ids, sums[ids]
