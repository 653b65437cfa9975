"""Set operations on ascending numpy arrays, cheaper here than numpy's own; a stable sort's order.

The phrase checks (:mod:`.phrase_matches`), run by a search and by the build that stores phrases'
matches (:mod:`.stored_phrases`), and the search's postings and snippets (:mod:`searchlib.search`)
intersect and deduplicate sorted arrays of document numbers and packed positions: a sort and a
binary search do it without ``np.unique``'s and ``np.isin``'s overheads.
"""

from __future__ import annotations

import numpy as np

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["distinct", "located", "member", "stable_order"]

#: Numbers below this fit in 16 bits, which numpy sorts stably by a radix sort.
_RADIX_LIMIT = 1 << 16


def stable_order(keys: Any, limit: int) -> Any:
    """``np.argsort(keys, kind="stable")`` of non-negative integers below ``limit``: when they
    fit in 16 bits, as ``uint16``, which numpy sorts by a radix sort in linear time (its merge
    sort of 64-bit integers took seven times as long on a segment's hundred thousand tokens)."""
    if limit <= _RADIX_LIMIT:
        keys = keys.astype(np.uint16)
    return np.argsort(keys, kind="stable")


def distinct(values: Any) -> Any:
    """The distinct values, ascending: ``np.unique`` without its first call's import of
    ``numpy.ma`` (to test for a masked array: 80 ms of CPU, in the first phrase of a process)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def located(values: Any, sorted_set: Any) -> tuple[Any, Any]:
    """Where each of ``values`` is in the ascending, non-empty array ``sorted_set`` and whether
    it is there: ``(where, found)``, ``sorted_set[where[found]] == values[found]`` (``np.isin``
    hashes both arrays each time; a binary search in the sorted one is several times faster).
    A value above them all has ``len(sorted_set)`` as its place: read ``where`` where ``found``.
    """
    # The array's methods, and a take clipped to the last item: ``np.searchsorted`` goes through
    # numpy's Python dispatch, and zeroing the places past the end took two more calls (a
    # Python scalar's each): 7.5 -> 3 us a call.
    where = sorted_set.searchsorted(values)
    return where, sorted_set.take(where, mode="clip") == values


def member(values: Any, sorted_set: Any) -> Any:
    """Which of ``values`` are in the ascending array ``sorted_set`` (see :func:`located`)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    return located(values, sorted_set)[1]
