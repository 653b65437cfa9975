"""Where a snippet highlights a phrase: its words at their offsets, read from the posting arrays.

A phrase matched (:mod:`.phrases`), a snippet highlights each place of a hit where every word
of it sits at its offset from the first (a stop word the query dropped leaves a gap) as one span,
from the first word's first character to the last word's last. The characters are those the
``text`` and ``variants`` fields store with each position: each word's posting in each hit is
found by binary search in the segment's columns and its (position, start, end) triples read in
place, a few Python steps per word and hit (a page's hits are few), nothing decoded or kept.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from ..index.posting_arrays import PostingColumns
from .phrases import word_extents

__all__ = ["phrase_spans"]


def phrase_spans(stores: list[tuple[Any, int, Any]], fieldname: str, btexts: list[bytes],
                 offsets: list[int], docnums: list[int]) -> list[tuple[int, int, int]]:
    """(docnum, first character, end character) of each place in ``docnums`` (ascending) where
    every word of a phrase sits at its offset from the first (``offsets``, the first word's 0):
    what a snippet highlights of it. Read from the posting arrays of a field that stores
    characters (``widths[fieldname] == 3``), a few Python steps per word and document: a
    document lacking a word has none.

    :param stores: each segment (leaf reader, docnum offset, posting arrays), in docnum order.
    """
    found: list[tuple[int, int, int]] = []
    bounds = [offset for _l, offset, _s in stores[1:]] + [None]
    lo = 0
    for (_leaf, offset, store), bound in zip(stores, bounds, strict=True):
        hi = len(docnums) if bound is None else bisect_left(docnums, bound, lo)
        share, lo = docnums[lo:hi], hi
        if not share:
            continue
        extents = word_extents(store, fieldname, btexts)
        if len(extents) == len(btexts):
            found += _spans_in_segment(store.posting_columns, extents, offsets, share, offset)
    return found


def _spans_in_segment(columns: PostingColumns, extents: list[tuple[int, int]], offsets: list[int],
                      docnums: list[int], offset: int) -> list[tuple[int, int, int]]:
    """:func:`phrase_spans` in one segment (``docnums`` global, ``offset`` the segment's).
    Plain loops: on a few documents, a comprehension's or generator's own cost outweighs its
    work."""
    docs, occ_offsets, occ = columns.py_docs, columns.py_occ_offsets, columns.py_occ
    last_at = offsets[-1]
    found = []
    for docnum in docnums:
        local = docnum - offset
        # each word's (position, start, end) triples in the document, and its positions
        rows = []
        for a, b in extents:
            p = bisect_left(docs, local, a, b)
            if p == b or docs[p] != local:
                break
            rows.append(occ[occ_offsets[p] : occ_offsets[p + 1]])
        else:
            first, last = rows[0], rows[-1]
            positions = [row[0::3] for row in rows]
            for j in range(0, len(first), 3):
                start = first[j]
                for i in range(1, len(rows)):
                    at = positions[i]
                    wanted = start + offsets[i]
                    k = bisect_left(at, wanted)
                    if k == len(at) or at[k] != wanted:
                        break
                else:
                    k = bisect_left(positions[-1], start + last_at)
                    found.append((docnum, first[j + 1], last[3 * k + 2]))
    return found
