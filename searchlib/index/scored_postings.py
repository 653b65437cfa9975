"""Every term's postings over the whole generation with their BM25F scores, computed by the build.

A term met for the first time cost a query about 55 µs: a binary search in each segment's posting
arrays (:mod:`.posting_arrays`), two slices a segment, their concatenation, the BM25F scores (five
array operations), and a bounded cache's upkeep; a query asks about fifteen terms (each word in
the text, its spellings, variants, notes, titles). Every one of those numbers depends on the
generation only (its segments, their statistics) and the weighting's parameters, never on a query.

So :func:`write_scored_postings`, run once the generation's segments are final, merges the
segments' posting arrays into one table of the generation's terms (one key table,
:class:`.term_keys.TermKeys`; each term's postings with their document numbers in the
generation, ascending), scores every posting with :data:`.bm25f.WEIGHTING` (the same functions
the search calls, so the same numbers to the last bit), and writes them beside the segments
(``scores2_arrays.npy``, ``scores2_meta.json``, see :mod:`.mapped`), with a hash table of the
terms (``slots``, crc32 of the key, linear probing). A term is then a slot or two read from Python
and two slices of mapped arrays. The table also gives each segment's number of each term
(``segment_terms``): the segments' posting arrays find their terms through its hash
(:meth:`.posting_arrays.PostingArrays.via`), not by a binary search of their own keys.

The meta names the segments (ids and document counts, in the reader's order) and the weighting's
parameters: :meth:`ScoredPostings.open` gives ``None`` to a reader of other segments or with
deletions, and :meth:`ScoredPostings.scores_for` says whether a weighting is the one stored
(field by field); otherwise the search computes the scores as before. A one-book rebuild
rewrites the table whole: every term's idf and every document's length term depend on both books.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from pathlib import Path
from zlib import crc32

import numpy as np
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from .bm25f import field_B, length_norms, scores, term_idf
from .doc_tables import BYTE_LENGTHS, read_length_table, segment_list
from .generation_tables import GenerationTable, weighting_meta
from .mapped import write_arrays
from .posting_arrays import PostingArrays
from .sorted_arrays import stable_order
from .term_keys import MAX_FOUND, SEP, TermKeys, field_key, key_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["SCORES", "ScoredPostings", "write_scored_postings"]

#: The name of the table's files in a generation (a new layout gets a new name).
SCORES = "scores2"

_ARRAYS = ("prefixes", "keys", "key_offsets", "slots", "term_postings", "docs", "weights",
           "scores", "segment_terms")

_EMPTY: tuple[Any, Any] = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def write_scored_postings(directory: Path, reader: Any, weighting: Any) -> None:
    """Merge the posting arrays of the segments ``reader`` reads (in ``directory``) and store
    them with their scores under ``weighting`` (a BM25F); nothing when a segment has no posting
    arrays, the index has deletions, or no length table (searches then score as before)."""
    segments = segment_list(reader)
    stores = [(PostingArrays.beside(leaf), offset) for leaf, offset in reader.leaf_readers()]
    lengths = read_length_table(reader)
    if segments is None or lengths is None or type(weighting).idf is not WeightingModel.idf:
        return
    found = [(store, offset) for store, offset in stores if store is not None]
    if len(found) < len(stores):
        return
    keys, term_postings, docs, weights, owns = _merged(found)
    scored = weights.astype(np.float64)  # a field not scored: the weight itself (Whoosh's)
    doc_count = reader.doc_count_all()
    searcher = Searcher(reader)
    fields: dict[str, float | None] = {}
    for fieldname in reader.schema.names():
        if not reader.schema[fieldname].scorable:
            fields[fieldname] = None
            continue
        if fieldname not in lengths:
            continue  # not stored: the search computes this field's scores
        name = fieldname.encode("utf-8")
        lo, hi = bisect_left(keys, name + SEP), bisect_left(keys, name + bytes([SEP[0] + 1]))
        counts = np.diff(term_postings[lo : hi + 1])
        a, b = int(term_postings[lo]), int(term_postings[hi])
        # Whoosh's idf (a Python float) of each distinct document frequency, then each term's.
        frequencies, which = np.unique(counts, return_inverse=True)
        idf = np.array([term_idf(doc_count, n) for n in frequencies.tolist()],
                       dtype=np.float64)[which]
        K1, B = weighting.K1, field_B(weighting, fieldname)
        norms = length_norms(K1, B, BYTE_LENGTHS[lengths[fieldname]],
                             searcher.avg_field_length(fieldname) or 1)
        scored[a:b] = scores(K1, np.repeat(idf, counts), scored[a:b], norms[docs[a:b]])
        fields[fieldname] = B
    # Each segment's number of each term of the table (-1: not in that segment): a segment's
    # term is then found by the table's hash (a phrase's, a snippet's look-ups).
    segment_terms = np.full((len(owns), len(keys)), -1, dtype=np.int32)
    for i, own in enumerate(owns):
        segment_terms[i, own] = np.arange(len(own), dtype=np.int32)
    arrays = {**key_arrays(keys), "slots": _slots(keys), "term_postings": term_postings,
              "docs": docs, "weights": weights, "scores": scored,
              "segment_terms": segment_terms}
    write_arrays(directory, SCORES, arrays, weighting_meta(segments, weighting, fields))


def _slots(keys: list[bytes]) -> Any:
    """A hash table of the keys' numbers, at most half full: key number ``n`` sits in slot
    ``crc32(key) & mask`` or the first free one after it; -1 in a free slot."""
    size = 1 << max(1, (2 * len(keys)).bit_length())
    mask = size - 1
    slots = [-1] * size
    for number, key in enumerate(keys):
        i = crc32(key) & mask
        while slots[i] >= 0:
            i = (i + 1) & mask
        slots[i] = number
    return np.array(slots, dtype=np.int32)


def _merged(stores: list[tuple[PostingArrays, int]]) -> tuple[list[bytes], Any, Any, Any,
                                                               list[Any]]:
    """The keys of every segment's terms (sorted, each once), where each one's postings begin,
    the postings (docnums in the generation, ascending within a term; weights), and each
    segment's terms' numbers among the keys."""
    per_store = [store.key_list() for store, _offset in stores]
    # Each segment's keys are sorted: sorting them end to end merges those runs (Timsort finds
    # them), several times faster than sorting their union; equal keys then sit side by side.
    keys = list(dict.fromkeys(sorted(chain.from_iterable(per_store))))
    number = dict(zip(keys, range(len(keys)), strict=True))
    terms, docs, weights, owns = [], [], [], []
    for (store, offset), store_keys in zip(stores, per_store, strict=True):
        bounds, store_docs, store_weights = store.columns()
        own = np.fromiter(map(number.__getitem__, store_keys), dtype=np.int64,
                          count=len(store_keys))
        owns.append(own)
        terms.append(np.repeat(own, np.diff(bounds)))
        docs.append(store_docs.astype(np.int64) + offset)
        weights.append(store_weights)
    every = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int64)
    # Stable: within a term, the segments' postings stay in docnum order (segment by segment).
    order = stable_order(every, len(keys))
    term_postings = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(np.bincount(every, minlength=len(keys)), out=term_postings[1:])
    return (keys, term_postings, np.concatenate(docs)[order] if docs else every,
            np.concatenate(weights)[order] if weights else np.zeros(0, dtype=np.float32), owns)


class ScoredPostings(TermKeys, GenerationTable):
    """The scored postings of a generation, memory-mapped (see the module docstring)."""

    STEM = SCORES
    ARRAYS = _ARRAYS

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
        super().__init__(arrays)
        self._K1 = meta["K1"]
        self._fields: dict[str, float | None] = meta["fields"]
        self._term_postings = arrays["term_postings"]
        self._py_term_postings = memoryview(self._term_postings)
        self._docs = arrays["docs"]
        self._weights = arrays["weights"]
        self._scores = arrays["scores"]
        self._slots = arrays["slots"]
        self._segment_terms = arrays["segment_terms"]
        self._py_slots = memoryview(self._slots)
        self._mask = len(self._slots) - 1
        #: The scores of the terms asked for, by (field, text as a query holds it, boost): a
        #: term met again costs a dictionary look-up (the engine's, in this very dictionary:
        #: emptied when full, never replaced). Bounded as the terms found are.
        self.asked_scores: dict[tuple[str, Any, float], tuple[Any, Any]] = {}
        #: Each field's prefix of its keys (its name and SEP), made once.
        self._key_prefixes: dict[str, bytes] = {}
        #: Each boost asked, as a 0-d float64 array: numpy multiplies an array by one in half
        #: the time it takes with a Python float (whose type it works out again at each call,
        #: NEP 50), to the same bits (float64 times float64 either way).
        self._boosts: dict[float, Any] = {}

    def _find(self, fieldname: str, btext: bytes) -> int:
        # A hash table's slot or two, read from Python: a term met for the first time was most
        # of its cost in a binary search of the keys (numpy's overhead per call, and a cache
        # miss per step in arrays a query's other work had evicted).
        prefix = self._key_prefixes.get(fieldname)
        if prefix is None:
            prefix = self._key_prefixes[fieldname] = field_key(fieldname, b"")
        key = prefix + btext
        size = len(key)
        slots, offsets, keys, mask = self._py_slots, self._py_key_offsets, self._py_keys, self._mask
        i = crc32(key) & mask
        while (term := slots[i]) >= 0:
            # A key of another length is passed over without comparing bytes (a third of the
            # keys met in a slot before the one looked for, or in an absent term's run).
            start = offsets[term]
            if offsets[term + 1] - start == size and keys[start : start + size] == key:
                return term
            i = (i + 1) & mask
        return -1

    def segment_terms(self, segment: int) -> Any:
        """The number, in segment ``segment`` (in the reader's order), of each term of the
        table (-1: not in that segment)."""
        return self._segment_terms[segment]

    def postings(self, fieldname: str, btext: bytes) -> tuple[Any, Any]:
        """(docnums ascending, weights as float64) of a term (empty when absent)."""
        term = self.find(fieldname, btext)
        if term < 0:
            return _EMPTY
        a, b = self._py_term_postings[term], self._py_term_postings[term + 1]
        return self._docs[a:b], self._weights[a:b].astype(np.float64)

    def asked(self, fieldname: str, text: Any, boost: float = 1.0) -> tuple[Any, Any] | None:
        """What :meth:`term_scores` gave for term ``text`` (as a query holds it) of
        ``fieldname`` and ``boost``, or ``None`` when it was not asked yet."""
        return self.asked_scores.get((fieldname, text, boost))

    def term_scores(self, fieldname: str, text: Any, btext: bytes | None,
                    boost: float = 1.0) -> tuple[Any, Any]:
        """(docnums ascending, scores times ``boost``) of term ``text`` of ``fieldname``
        (``btext``: its bytes in the index, ``None`` when it has none), empty when absent.

        Remembered: a term met again, with the same boost, costs a look-up (boosted once, not
        once per query). The unboosted arrays are read-only views of the table; the boosted
        ones are shared by every query that asks them: never written to.
        """
        asked = self.asked_scores
        if len(asked) >= MAX_FOUND:
            asked.clear()
        found = asked.get((fieldname, text, 1.0))
        if found is None:
            term = -1 if btext is None else self.find(fieldname, btext)
            found = _EMPTY
            if term >= 0:
                a, b = self._py_term_postings[term], self._py_term_postings[term + 1]
                found = self._docs[a:b], self._scores[a:b]
            asked[fieldname, text, 1.0] = found
        if boost != 1.0:
            if len(found[0]):
                factor = self._boosts.get(boost)
                if factor is None:
                    if len(self._boosts) >= MAX_FOUND:
                        self._boosts.clear()
                    factor = self._boosts[boost] = np.array(boost, dtype=np.float64)
                found = found[0], found[1] * factor
            asked[fieldname, text, boost] = found
        return found
