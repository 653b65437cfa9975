"""Positions of a term, decoded for the documents asked about only: phrase checks and snippets.

A phrase is checked (:mod:`.engine`) only in the documents that hold all its words, and a snippet
is cut (:mod:`.snippets`) only in the hits of one page, so the positions (and character spans) of
a term are never decoded for every document of a frequent word (``de``: 114,000 positions at ×10).
:class:`Occurrences` is what a caller gets: sorted arrays of packed (document, position) keys and
the spans.

Where the writer left posting arrays beside the segments (:mod:`..index.posting_arrays`),
:func:`stored_occurrences` slices them: no value is decoded. Else (an index written by other
code) :class:`TermOccurrences` decodes them through Whoosh and keeps, per term, those decoded so
far, document by document; :class:`.postings.IndexArrays` keeps one per term, bounded by
:meth:`TermOccurrences.weight`.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
from whoosh.reading import IndexReader, TermNotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DOC_POSITION_BITS", "Occurrences", "TermOccurrences", "held_in",
           "stored_occurrences"]

#: A (document, position) key: the position in the low bits, the document number above them
#: (``docnum << DOC_POSITION_BITS | pos``).
DOC_POSITION_BITS = 24

_EMPTY_KEYS = np.zeros(0, dtype=np.int64)
_EMPTY_INT32 = np.zeros(0, dtype=np.int32)


class Occurrences:
    """Occurrences of one term, sorted: packed (docnum, position) keys and character spans.

    Arrays; or, gathered from a few documents in Python (:func:`_few`), lists until an array is
    asked for: a snippet reads them as lists (:meth:`lists`), and converting them to arrays and
    back cost more than gathering them.
    """

    def __init__(self, keys: Any, starts: Any | None, ends: Any | None) -> None:
        self._keys = keys
        self._starts = starts
        self._ends = ends

    @property
    def keys(self) -> Any:
        self._keys = _arrayed(self._keys, np.int64)
        return self._keys

    @property
    def starts(self) -> Any | None:
        self._starts = _arrayed(self._starts, np.int32)
        return self._starts

    @property
    def ends(self) -> Any | None:
        self._ends = _arrayed(self._ends, np.int32)
        return self._ends

    def lists(self) -> tuple[list[int], list[int] | None, list[int] | None]:
        """The keys, starts and ends as lists (``None``: the field keeps no characters); shared
        with the cache that keeps these occurrences, so read, never modified."""
        return _listed(self._keys), _listed(self._starts), _listed(self._ends)

    def weight(self) -> int:
        """What a cache counts these as (never 0)."""
        return len(self._keys) + 1


def _arrayed(values: Any, dtype: Any) -> Any:
    """``values`` as an array of ``dtype`` (converted once: the caller keeps the array)."""
    return np.array(values, dtype=dtype) if type(values) is list else values


def _listed(values: Any) -> Any:
    return values if values is None or type(values) is list else values.tolist()


class TermOccurrences:
    """The occurrences of one term decoded so far, per document (``None``: not in it)."""

    def __init__(self, reader: IndexReader, fieldname: str, btext: bytes) -> None:
        self.fieldname = fieldname
        self.btext = btext
        self.chars = reader.schema[fieldname].format.supports("characters")
        self.docs: dict[int, tuple[list[int], list[int], list[int]] | None] = {}
        #: Occurrences and documents decoded (what the cache weighs it by).
        self.size = 0

    def missing(self, docnums: list[int]) -> bool:
        return any(d not in self.docs for d in docnums)

    def decode(self, reader: IndexReader, docnums: list[int]) -> None:
        """Decode the occurrences in the documents of ``docnums`` not decoded yet.

        Segment by segment, in the segments holding a wanted document only: each one's posting
        list is looked up once (a multi-segment reader's would test every segment, then look
        the term up again) and walked with ``skip_to``, so values are decoded only where a
        document is wanted.
        """
        todo = sorted({d for d in docnums if d not in self.docs})
        found: dict[int, tuple[list[int], list[int], list[int]] | None] = dict.fromkeys(todo)
        for leaf, offset in reader.leaf_readers():
            end = offset + leaf.doc_count_all()
            wanted = [d for d in todo if offset <= d < end]
            if not wanted:
                continue
            try:
                m = leaf.postings(self.fieldname, self.btext)
            except TermNotFound:
                continue
            self._walk(m, offset, wanted, found)
        self.docs.update(found)
        self.size += len(found) + sum(len(v[0]) for v in found.values() if v is not None)

    def _walk(self, m: Any, offset: int, wanted: list[int],
              found: dict[int, tuple[list[int], list[int], list[int]] | None]) -> None:
        for docnum in wanted:
            local = docnum - offset
            if not m.is_active():
                break
            if m.id() < local:
                m.skip_to(local)
                if not m.is_active():
                    break
            if m.id() != local:
                continue
            base = docnum << DOC_POSITION_BITS
            if self.chars:
                value = m.value_as("characters")
                found[docnum] = ([base | p for p, _s, _e in value], [s for _p, s, _e in value],
                                 [e for _p, _s, e in value])
            else:
                found[docnum] = ([base | p for p in m.value_as("positions")], [], [])

    def weight(self) -> int:
        """What a cache counts this term's occurrences as (never 0)."""
        return self.size + 1

    def select(self, docnums: list[int]) -> Occurrences:
        """The occurrences in ``docnums`` (ascending, all decoded), as arrays."""
        keys: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for docnum in docnums:
            entry = self.docs.get(docnum)
            if entry is not None:
                keys += entry[0]
                starts += entry[1]
                ends += entry[2]
        return Occurrences(keys, starts if self.chars else None, ends if self.chars else None)


def held_in(reader: IndexReader, stores: list[tuple[Any, int, Any]], fieldname: str,
             text: Any) -> bool:
    """``(fieldname, text) in reader``, asked of the segments' posting arrays."""
    if fieldname not in reader.schema:
        return False
    btext = text if isinstance(text, bytes) else reader.schema[fieldname].to_bytes(text)
    return any(store.find(fieldname, btext) >= 0 for _l, _o, store in stores)


#: Up to this many documents asked, occurrences are gathered by a Python loop
#: (:meth:`..index.posting_arrays.PostingArrays.each`), beyond by array operations.
FEW = 24


def stored_occurrences(stores: list[tuple[Any, int, Any]], fieldname: str, btext: bytes,
                       wanted: Any) -> Occurrences:
    """The occurrences of a term in ``wanted`` (ascending docnums) read from the segments'
    posting arrays (:class:`..index.posting_arrays.PostingArrays`, one per (leaf reader,
    docnum offset) in ``stores``): nothing decoded, a few array operations per segment (or a
    Python loop over a few documents)."""
    chars = stores[0][2].widths[fieldname] == 3
    if len(wanted) <= FEW:
        return _few(stores, fieldname, btext, wanted.tolist(), chars)
    cuts = wanted.searchsorted([offset for _l, offset, _s in stores[1:]]).tolist() \
        if len(stores) > 1 else []
    shares = [(offset, store, wanted[lo:hi]) for (_leaf, offset, store), lo, hi
              in zip(stores, [0, *cuts], [*cuts, len(wanted)], strict=True) if lo < hi]
    docs, rows = [], []
    for offset, store, share in shares:
        term = store.find(fieldname, btext)
        if term < 0:
            continue
        local, occ = store.occurrences(fieldname, term, share - offset if offset else share)
        if len(local):
            docs.append(local + offset if offset else local)
            rows.append(occ)
    if not docs:
        return Occurrences(_EMPTY_KEYS, _EMPTY_INT32 if chars else None,
                           _EMPTY_INT32 if chars else None)
    found = docs[0] if len(docs) == 1 else np.concatenate(docs)
    occ = rows[0] if len(rows) == 1 else np.concatenate(rows)
    keys = (found << DOC_POSITION_BITS) | occ[:, 0]
    return Occurrences(keys, occ[:, 1] if chars else None, occ[:, 2] if chars else None)


def _few(stores: list[tuple[Any, int, Any]], fieldname: str, btext: bytes, wanted: list[int],
         chars: bool) -> Occurrences:
    """:func:`stored_occurrences` in a few documents (``wanted``, ascending), as Python lists
    (numpy's cost per call outweighs the work here)."""
    keys: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    bounds = [offset for _l, offset, _s in stores[1:]]
    for i, (_leaf, offset, store) in enumerate(stores):
        share = wanted[bisect_left(wanted, offset) : bisect_left(wanted, bounds[i])
                       if i < len(bounds) else len(wanted)]
        if not share:
            continue
        term = store.find(fieldname, btext)
        if term < 0:
            continue
        for docnum, values in store.each(term, [d - offset for d in share] if offset else share):
            base = (docnum + offset) << DOC_POSITION_BITS
            if chars:
                keys += [base | p for p in values[0::3]]
                starts += values[1::3]
                ends += values[2::3]
            else:
                keys += [base | p for p in values]
    return Occurrences(keys, starts if chars else None, ends if chars else None)
