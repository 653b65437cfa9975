"""Which candidate documents hold a phrase: its words' positions read from the posting arrays.

A phrase is checked (:meth:`.engine.Engine._phrase`) in the documents that hold all its words,
its candidates. Checked word after word (the positions of each word read, then matched against
the places the words before it reached), a phrase of six words paid six rounds of array
operations, each costing more in numpy's per-call overhead than in work: most of what an acronym
expanding to a few phrases cost. Here, in each segment, the positions of every word in every
candidate are gathered in one pass (:meth:`.PostingArrays.positions`), and matched in one more:

- adjacent words (``slop`` 1, every phrase typed without a dropped stop word): word ``i`` at
  position ``p + i`` for each ``i`` means every word counts the same start ``p``; the starts
  counted by all the words are the matches;
- words up to ``slop`` apart (a :class:`.nodes.GappedPhrase`): word after word, each within
  ``slop`` positions after a place the words before it reached (Whoosh's ordered ``SpanNear2``),
  on the gathered arrays.

A phrase with few candidates (:data:`FEW` pairs of candidate and word, most phrases met) is
checked in Python instead, the same test document by document: the positions read as lists
(:meth:`.PostingArrays.positions_in`), a few steps each, cheaper than numpy's calls.

Only the candidates' positions are read, never every document of a frequent word.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

import numpy as np

from ..index.posting_arrays import PostingArrays
from .occurrences import POS_BITS
from .postings import distinct, member

__all__ = ["FEW", "common_documents", "decoded_phrase_documents", "phrase_documents"]

#: Up to this many (candidate, word) pairs, a phrase is checked in Python (a few steps per pair),
#: beyond by array operations (numpy's cost per call, paid once per segment).
FEW = 64


def common_documents(documents: list[Any]) -> Any:
    """The documents in every one of ``documents`` (ascending docnum arrays), ascending: a
    phrase's candidates. The rarest word's first; while they are few (:data:`FEW`), each next
    word's list is binary-searched from Python for each of them, cheaper than numpy's calls."""
    by_size = sorted(documents, key=len)
    ids = by_size[0]
    if len(ids) > FEW:
        for other in by_size[1:]:
            ids = ids[member(ids, other)]
            if not len(ids):
                break
        return ids
    found = ids.tolist()
    for other in by_size[1:]:
        if not found:
            break
        held: Any = np.ascontiguousarray(other, dtype=np.int64)
        view = memoryview(held)
        n = len(view)
        found = [d for d in found if (i := bisect_left(view, d)) < n and view[i] == d]
    return np.array(found, dtype=np.int64)


def phrase_documents(stores: list[tuple[Any, int, Any]], fieldname: str,
                     btexts: list[bytes], ids: Any, slop: int) -> Any:
    """Which of ``ids`` (ascending docnums, each holding every word) hold the words
    ``btexts`` in order, each 1 to ``slop`` positions after the one before.

    :param stores: each segment (leaf reader, docnum offset, posting arrays holding
        ``fieldname``'s positions), in docnum order.
    :returns: a boolean array, one per document of ``ids``.
    """
    bounds = [offset for _l, offset, _s in stores[1:]]
    if len(ids) * len(btexts) <= FEW:
        wanted = ids.tolist()
        cuts = [bisect_left(wanted, bound) for bound in bounds]
        matched: list[bool] = []
        for (_leaf, offset, store), lo, hi in zip(stores, [0, *cuts], [*cuts, len(wanted)],
                                                  strict=True):
            if lo < hi:
                local = [d - offset for d in wanted[lo:hi]] if offset else wanted[lo:hi]
                matched += _few_in_segment(store, fieldname, btexts, local, slop)
        return np.array(matched, dtype=bool)
    found = np.zeros(len(ids), dtype=bool)
    cuts = ids.searchsorted(bounds).tolist() if bounds else []
    for (_leaf, offset, store), lo, hi in zip(stores, [0, *cuts], [*cuts, len(ids)],
                                              strict=True):
        if lo < hi:
            local = ids[lo:hi] - offset if offset else ids[lo:hi]
            found[lo:hi] = _in_segment(store, fieldname, btexts, local.astype(np.int32), slop)
    return found


def _few_in_segment(store: PostingArrays, fieldname: str, btexts: list[bytes],
                    docs: list[int], slop: int) -> list[bool]:
    """:func:`phrase_documents` in one segment for a few candidates (``docs``), in Python:
    word after word, the positions reached so far, each next word 1 to ``slop`` after one."""
    terms = store.find_many([(fieldname, btext) for btext in btexts])
    words = [store.positions_in(fieldname, term, docs) for term in terms]
    steps = range(1, slop + 1)
    found = []
    for j in range(len(docs)):
        ends = words[0][j]
        for word in words[1:]:
            # where the next word may be: 1 to slop after a place reached (a stop word has
            # many positions, the places reached few)
            reach = {p + d for p in ends for d in steps}
            ends = [p for p in word[j] if p in reach]
            if not ends:
                break
        found.append(bool(ends))
    return found


def _in_segment(store: PostingArrays, fieldname: str, btexts: list[bytes], docs: Any,
                slop: int) -> Any:
    """:func:`phrase_documents` in one segment (``docs``: its document numbers there)."""
    n = len(docs)
    terms = store.find_many([(fieldname, btext) for btext in btexts])
    owner, positions = store.positions(fieldname, terms, docs)
    keys = ((owner % n) << POS_BITS) + positions
    words = owner // n
    if slop == 1:
        return _adjacent(keys, words, len(btexts), n)
    return _within(keys, np.searchsorted(words, np.arange(len(btexts) + 1)), slop, n)


def _adjacent(keys: Any, words: Any, count: int, n: int) -> Any:
    """Candidates (of ``n``) where word ``i`` is at ``p + i`` for every word, some ``p``:
    ``keys`` are (candidate, position) packed, ``words`` each one's word."""
    # The start each occurrence counts, with its word: distinct (start, word) pairs, sorted by
    # start then word; a start counted by every word has ``count`` pairs in a row.
    pairs = distinct((keys - words) * count + words)
    found = np.zeros(n, dtype=bool)
    if len(pairs) < count:
        return found
    starts = pairs // count
    full = starts[: len(starts) - count + 1] == starts[count - 1 :]
    found[starts[: len(full)][full] >> POS_BITS] = True
    return found


def _within(keys: Any, edges: Any, slop: int, n: int) -> Any:
    """Candidates (of ``n``) where each word follows the one before by 1 to ``slop``
    positions: ``keys[edges[i]:edges[i + 1]]`` are word ``i``'s (candidate, position) pairs,
    ascending."""
    edges = edges.tolist()
    ends = keys[edges[0] : edges[1]]
    for lo, hi in zip(edges[1:-1], edges[2:], strict=True):
        if not len(ends):
            break
        reach = np.concatenate([ends + d for d in range(1, slop + 1)])
        ends = distinct(reach[member(reach, keys[lo:hi])])
    found = np.zeros(n, dtype=bool)
    found[ends >> POS_BITS] = True
    return found


def decoded_phrase_documents(arrays: Any, reader: Any, fieldname: str, btexts: list[bytes],
                             ids: Any, slop: int) -> Any:
    """:func:`phrase_documents` where a segment has no posting arrays: each word's positions
    decoded through Whoosh (:meth:`.IndexArrays.occurrences`), word after word, in the
    documents where the words before it still make the phrase. The places a match can have
    reached so far are packed (document, position) keys; each next word must occur 1 to
    ``slop`` positions after one of them."""
    ends = arrays.occurrences(reader, fieldname, btexts[0], ids).keys
    for btext in btexts[1:]:
        if not len(ends):
            break
        alive = distinct(ends >> POS_BITS)
        keys = arrays.occurrences(reader, fieldname, btext, alive).keys
        if slop == 1:  # adjacent words: every phrase typed without a dropped symbol
            ends = ends + 1
            ends = ends[member(ends, keys)]
        else:
            reach = np.concatenate([ends + d for d in range(1, slop + 1)])
            ends = distinct(reach[member(reach, keys)])
    return member(ids, ends >> POS_BITS)
