"""Every term's postings of a segment as flat arrays, written beside it and memory-mapped to search.

Reading a term through Whoosh costs, the first time it is met, a hash-table lookup of its term
info, a matcher, a pickled block per 128 postings, and to check a phrase or cut a snippet a second
lookup and a decoded value per document: most of what a query met for the first time spent. The
segment writer already holds every posting of the segment in memory when it writes the segment
(:class:`.segment_writer.PassageSegmentWriter`); :func:`write_posting_arrays` lays them out once
more, as ``numpy`` arrays end to end in one file beside the segment (``<segment>.pa2_arrays.npy``,
mapped at once by a process's first query; where each array lies, with its type and shape, is in
``<segment>.pa2_meta.json``, written last):

``prefixes``, ``keys``, ``key_offsets``
    every ``field SEP term`` key, sorted: the first :data:`PREFIX` bytes of each as a fixed-width
    array (one binary search in C finds a term) and the whole keys end to end (to confirm it);
``term_postings``
    where each term's postings begin in ``docs`` and ``weights`` (and end: the next term's begin);
``docs``, ``weights``
    each posting's document number in the segment and its weight (as Whoosh stores it: float32);
``occ_offsets``, ``occ``
    where each posting's occurrences begin in ``occ`` (int32 units), and the occurrences of the
    fields stored with :mod:`.formats`: the postings' values end to end (positions, or (position,
    start, end) triples); the other fields' postings have none here.

:class:`PostingArrays` maps them back (read-only) and answers a term's postings, and its
occurrences in the documents asked about, with a few vectorised operations. A segment without
these files (written by other code, or by an older layout) is read through Whoosh, as before.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import pairwise
from pathlib import Path

import numpy as np

from ..quick_loading import NamedTuple
from .formats import CompactCharacters, CompactPositions
from .layout import segment_files
from .mapped import map_arrays, write_arrays
from .term_keys import PREFIX, SEP, TermKeys, key_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["PREFIX", "FieldPostings", "PackedValues", "PostingArrays", "PostingColumns",
           "joined_values", "runs", "write_posting_arrays"]

#: The name of this layout in the files' names (a new layout gets a new name).
LAYOUT = "pa2"

_ARRAYS = ("prefixes", "keys", "key_offsets", "term_postings", "docs", "weights", "occ_offsets",
           "occ")


def _stem(segment_id: str) -> str:
    return f"{segment_id}.{LAYOUT}"


def _width(fmt: Any) -> int:
    """Integers per occurrence in the values of a field's format (0: not stored here)."""
    return fmt.width if type(fmt) in (CompactPositions, CompactCharacters) else 0


class PackedValues(Sequence[bytes]):
    """Postings' values end to end in one ``bytes``, as :mod:`.word_postings` encodes them in
    one go: read by their offsets (``offsets[i]:offsets[i + 1]``) only by code that wants them
    one at a time, while the writers take the whole (:attr:`blob`, :meth:`sizes`), with no
    object per value (a segment has a hundred thousand).

    :param blob: the values end to end.
    :param offsets: where each value starts in ``blob``, then its length (n + 1 integers).
    """

    def __init__(self, blob: bytes, offsets: np.ndarray) -> None:
        self.blob = blob
        self._offsets = offsets
        self._listed: list[int] | None = None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def sizes(self) -> np.ndarray:
        """Each value's length in bytes."""
        return np.diff(self._offsets)

    def __getitem__(self, index: Any) -> Any:
        if self._listed is None:
            self._listed = self._offsets.tolist()
        offsets = self._listed
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("packed values are sliced with a step of 1")
            blob = self.blob
            return [blob[offsets[i]:offsets[i + 1]] for i in range(start, stop)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.blob[offsets[index]:offsets[index + 1]]


def joined_values(values: Sequence[bytes]) -> tuple[bytes, np.ndarray]:
    """Values end to end and each one's length in bytes (packed ones as they are)."""
    if isinstance(values, PackedValues):
        return values.blob, values.sizes()
    return b"".join(values), np.fromiter(map(len, values), dtype=np.int64, count=len(values))


class FieldPostings(NamedTuple):
    """One field's postings as the segment writer sorted them: its terms ascending, where each
    term's postings start and end (``bounds[i]:bounds[i + 1]``), and the postings' columns in
    that order (document order within a term). The document numbers and weights are lists, or
    numpy arrays where they were grouped as arrays (:mod:`.word_postings`): their readers make
    arrays of them; the values a list, or :class:`PackedValues`."""

    btexts: list[bytes]
    bounds: list[int]
    docnums: Sequence[int] | np.ndarray
    weights: Sequence[float] | np.ndarray
    values: Sequence[bytes]


class PostingColumns(NamedTuple):
    """A segment's posting columns, for code that walks postings by their index (a phrase's
    check, :mod:`..search.phrases`): term ``t``'s postings are ``starts[t]:starts[t + 1]``; each
    as a numpy array and as a memoryview (a Python step reads an item of a memoryview in a
    tenth of numpy's time)."""

    starts: Any
    docs: Any
    weights: Any
    occ_offsets: Any
    occ: Any
    py_docs: Any
    py_weights: Any
    py_occ_offsets: Any
    py_occ: Any


def write_posting_arrays(folder: Path, segment_id: str, schema: Any,
                         postings: dict[str, FieldPostings]) -> None:
    """Write the arrays of one segment's postings (per field, sorted by term, see
    :class:`FieldPostings`) into ``folder``, beside the segment's own files."""
    # The writer holds millions of postings: the collections the lists made here would trigger
    # walk them all, for nothing (none of this makes a cycle).
    enabled = gc.isenabled()
    gc.disable()
    try:
        _write(folder, segment_id, schema, postings)
    finally:
        if enabled:
            gc.enable()


def _write(folder: Path, segment_id: str, schema: Any,
           postings: dict[str, FieldPostings]) -> None:
    keys: list[bytes] = []
    counts: list[int] = []
    widths: dict[str, int] = {}
    docs, weights, sizes, values = [], [], [], []
    # Field by field in the order of their keys (a field's name and SEP sort below any longer
    # name it begins).
    for fieldname in sorted(postings, key=lambda name: name.encode("utf-8") + SEP):
        field = postings[fieldname]
        if not field.btexts:
            continue
        width = _width(schema[fieldname].format)
        prefix = fieldname.encode("utf-8") + SEP
        keys += [prefix + btext for btext in field.btexts]
        counts += [b - a for a, b in pairwise(field.bounds)]
        n = len(field.docnums)
        docs.append(np.array(field.docnums, dtype=np.int32))
        # Whoosh keeps weights as float32 in its blocks: the same numbers.
        weights.append(np.array(field.weights, dtype=np.float32))
        if width:
            widths[fieldname] = width
            blob, value_sizes = joined_values(field.values)
            values.append(blob)
            sizes.append(value_sizes // 4)
        else:
            sizes.append(np.zeros(n, dtype=np.int64))
    term_postings = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(np.array(counts, dtype=np.int64), out=term_postings[1:])
    occ_offsets = np.zeros(int(term_postings[-1]) + 1, dtype=np.int64)
    if sizes:
        np.cumsum(np.concatenate(sizes), out=occ_offsets[1:])
    arrays = {
        **key_arrays(keys),
        "term_postings": term_postings,
        "docs": np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32),
        "weights": np.concatenate(weights) if weights else np.zeros(0, dtype=np.float32),
        "occ_offsets": occ_offsets,
        "occ": np.frombuffer(b"".join(values), dtype="<i4"),
    }
    # One file: a process's first query maps it once (eight files cost eight opens and maps,
    # most of a millisecond). A segment whose arrays are incomplete has no meta (written last)
    # and is read through Whoosh.
    write_arrays(folder, _stem(segment_id), arrays, {"widths": widths})


class PostingArrays(TermKeys):
    """The posting arrays of one segment, memory-mapped (see the module docstring)."""

    def __init__(self, arrays: dict[str, Any], widths: dict[str, int]) -> None:
        super().__init__(arrays)
        self.widths = widths
        self._term_postings = arrays["term_postings"]
        self._docs = arrays["docs"]
        self._weights = arrays["weights"]
        self._occ_offsets = arrays["occ_offsets"]
        self._occ = arrays["occ"]
        # The same arrays read from Python (a memoryview's item costs a tenth of numpy's).
        self._py_term_postings = memoryview(self._term_postings)
        self._py_docs = memoryview(self._docs)
        self._py_occ_offsets = memoryview(self._occ_offsets)
        self._py_occ = memoryview(self._occ)
        #: The generation's table of terms this segment's are found through (see :meth:`via`).
        self._table: TermKeys | None = None
        self._table_terms: Any = None

    @classmethod
    def open(cls, folder: Path, segment_id: str) -> PostingArrays | None:
        """The arrays written beside segment ``segment_id`` in ``folder``, or ``None``."""
        found = map_arrays(folder, _stem(segment_id), _ARRAYS)
        return None if found is None else cls(found[0], found[1]["widths"])

    @classmethod
    def beside(cls, leaf: Any) -> PostingArrays | None:
        """The arrays of the segment a Whoosh leaf reader reads, or ``None``."""
        files = segment_files(leaf)
        return None if files is None else cls.open(*files)

    def via(self, table: TermKeys, terms: Any) -> None:
        """Find terms through ``table`` (every term of the generation, found by a hash, its
        look-ups remembered), ``terms`` giving this segment's number of each (-1: none): a
        binary search of this segment's keys cost a few microseconds a term."""
        self._table, self._table_terms = table, memoryview(terms)

    def find_many(self, terms: list[tuple[str, bytes]]) -> list[int]:
        if self._table is None:
            return super().find_many(terms)
        # Through the table's hash, where the search has usually looked each term up already:
        # a dictionary's look-up a term, cheaper than one numpy call for all.
        return [self.find(fieldname, btext) for fieldname, btext in terms]

    def _find(self, fieldname: str, btext: bytes) -> int:
        if self._table is None:
            return super()._find(fieldname, btext)
        term = self._table.find(fieldname, btext)
        return self._table_terms[term] if term >= 0 else -1  # type: ignore[no-any-return]

    def columns(self) -> tuple[Any, Any, Any]:
        """Where each term's postings begin (and the last ends), every posting's docnum in the
        segment and its weight (float32): what a build merging the segments reads."""
        return self._term_postings, self._docs, self._weights

    def postings(self, term: int, offset: int = 0) -> tuple[Any, Any]:
        """(docnums plus ``offset``, weights as float64) of term number ``term``."""
        a, b = self._py_term_postings[term], self._py_term_postings[term + 1]
        ids = self._docs[a:b].astype(np.int64)
        if offset:
            ids += offset
        return ids, self._weights[a:b].astype(np.float64)

    def occurrences(self, fieldname: str, term: int, docnums: Any) -> tuple[Any, Any]:
        """(docnum of each occurrence, the occurrences as rows of ``widths[fieldname]``
        integers) of term number ``term`` in ``docnums`` (ascending, in the segment)."""
        width = self.widths[fieldname]
        a, b = self._term_postings[term : term + 2].tolist()
        docs = self._docs[a:b]
        # Asked as int32, as they are stored: int64 keys would make numpy cast the postings.
        where = docs.searchsorted(docnums.astype(np.int32))
        where[where == len(docs)] = 0
        hit = docs[where] == docnums if len(docs) else np.zeros(len(docnums), dtype=bool)
        postings = where[hit] + a
        starts = self._occ_offsets[postings]
        counts = self._occ_offsets[postings + 1] - starts
        occ = self._occ[runs(starts, counts)].reshape(-1, width)
        return np.repeat(docnums[hit], counts // width), occ

    def each(self, term: int, docnums: list[int]) -> Iterator[tuple[int, list[int]]]:
        """(docnum, its occurrences' integers end to end) of term number ``term`` in each of
        ``docnums`` (ascending, in the segment) that holds it.

        :meth:`occurrences` for a few documents (the hits of a page, a phrase's rare
        candidates), read from Python: a binary search of the term's postings per document
        (in C, over the mapped array: nothing converted), where each numpy call would cost
        microseconds.
        """
        docs, offsets, occ = self._py_docs, self._py_occ_offsets, self._py_occ
        lo, hi = self._py_term_postings[term], self._py_term_postings[term + 1]
        for docnum in docnums:
            lo = bisect_left(docs, docnum, lo, hi)
            if lo == hi:
                break
            if docs[lo] == docnum:
                yield docnum, occ[offsets[lo] : offsets[lo + 1]].tolist()
                lo += 1

    @cached_property
    def posting_columns(self) -> PostingColumns:
        """The posting columns, for code that walks postings by their index (made once)."""
        return PostingColumns(self._py_term_postings, self._docs, self._weights,
                              self._occ_offsets, self._occ, self._py_docs,
                              memoryview(self._weights), self._py_occ_offsets, self._py_occ)


def runs(starts: Any, counts: Any) -> Any:
    """The indexes ``starts[i] .. starts[i] + counts[i] - 1`` of every run, laid end to end
    (one array operation for all the runs)."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - counts),
                                                                     counts)
