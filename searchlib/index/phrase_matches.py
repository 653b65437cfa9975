"""Which documents hold a phrase, and its words' weights there: read from the posting arrays.

A phrase is looked for segment by segment (:func:`stored_phrase`), by the index of each of its
words' postings, each found once:

- its words' terms, looked up in order (:meth:`.PostingArrays.find`): the first a segment lacks
  ends the phrase there, nothing else of it read (an expansion's phrase in ``title``, where most
  of its words never occur, costs a look-up or two);
- its candidates, the documents holding every word: the rarest word's postings, then each next
  rarest word's posting in each candidate still standing (most phrases end empty early);
- the positions of those postings only (never every document of a frequent word), checked:

  - adjacent words (``slop`` 1, every phrase typed without a dropped stop word): word ``i`` at
    position ``p + i`` for each ``i`` means every word counts the same start ``p``; the starts
    counted by all the words are the matches (in Python: the starts the rarest word allows,
    each next rarest word's position binary-searched after each, a stop word's many positions
    neither copied nor hashed; in arrays, when every word occurs once in every candidate, as a
    title's words do, the differences of their positions);
  - words up to ``slop`` apart (a :class:`.nodes.GappedPhrase`): word after word, each within
    ``slop`` positions after a place the words before it reached (Whoosh's ordered
    ``SpanNear2``);

- the weights of the matching postings, for their scores.

A phrase with few candidates (:data:`FEW` pairs of candidate and word, most phrases met) is
checked in Python, a few steps per posting on memoryviews, cheaper than numpy's calls; beyond, by
array operations, numpy's cost per call paid once per segment.

Its matches are scored as Whoosh's intersection of its words scores them, each word's BM25F
score summed in the words' order (:func:`summed_scores`).

A search (:meth:`searchlib.search.phrase_nodes.PhraseNodes._phrase`) and the build that stores
the matches of the tables' phrases (:mod:`.stored_phrases`) both run these functions: a stored
phrase is the one a search computes, to the last bit. A segment without posting arrays is read
through Whoosh (:func:`searchlib.search.phrases.decoded_phrase_documents`).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from ..quick_loading import NamedTuple
from . import bm25f
from .posting_arrays import PostingColumns, runs
from .sorted_arrays import distinct, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FEW", "PhraseMatches", "stored_phrase", "summed_scores", "summed_weights"]

#: Up to this many (candidate, word) pairs, a phrase is checked in Python (a few steps per pair),
#: beyond by array operations (numpy's cost per call, paid once per segment; the first call of
#: each of its functions in a process, 5 to 35 µs, more: at 64, "feuille de route" spent 0.35 ms
#: of its 1.5 ms first answer there). Between 64 and 128 pairs, Python is the quicker even with
#: numpy's calls warm (68 µs against 75, the median of 134 phrases of the books' words).
FEW = 128

#: A (candidate, position) key: a candidate's index among those checked together above the
#: position's bits, in one int64 (not a document number: compare ``DOC_POSITION_BITS`` of
#: :mod:`searchlib.search.occurrences`).
CANDIDATE_POSITION_BITS = 24

_NO_DOCS = np.zeros(0, dtype=np.int64)


class PhraseMatches(NamedTuple):
    """What :func:`stored_phrase` found of a phrase."""

    #: The documents holding it, ascending (int64).
    ids: Any
    #: Each word's weight in each of ``ids``, a row per word in the words' order: float64 arrays,
    #: or lists of Python floats when a few documents were checked in Python.
    weights: Any
    #: Each word's number of postings in the index (its document frequency), up to the first
    #: word no segment holds (that one included, 0): the words a search looking them up one by
    #: one would have met (all of them when ``ids`` is not empty).
    postings: list[int]


def stored_phrase(stores: list[tuple[Any, int, Any]], fieldname: str,
                  btexts: list[bytes], slop: int) -> PhraseMatches:
    """The documents holding the words ``btexts`` in order, each 1 to ``slop`` positions after
    the one before, with each word's weight there.

    :param stores: each segment (leaf reader, docnum offset, posting arrays holding
        ``fieldname``'s positions), in docnum order.
    """
    n = len(btexts)
    ids: list[Any] = []
    weights: list[Any] = []
    for _leaf, offset, store in stores:
        here = _word_extents(store, fieldname, btexts)
        if len(here) < n:
            continue
        found = _segment_matches(store.posting_columns, store.widths[fieldname], here, slop)
        if found is not None:
            docs, rows = found
            if offset:
                docs = [d + offset for d in docs] if isinstance(docs, list) else docs + offset
            ids.append(docs)
            weights.append(rows)
    postings = []
    for btext in btexts:
        # Each word's number of postings in every segment (the look-ups above, remembered by
        # each store), up to the first word no segment holds.
        count = 0
        for _l, _o, store in stores:
            term = store.find(fieldname, btext)
            if term >= 0:
                starts = store.posting_columns.starts
                count += starts[term + 1] - starts[term]
        postings.append(count)
        if not count:
            break
    if not ids:
        return PhraseMatches(_NO_DOCS, [[] for _ in btexts], postings)
    if all(isinstance(docs, list) for docs in ids):
        # Checked in Python in every segment: the rows stay lists (a few Python floats, scored
        # as such) unless the segments' together are many.
        matched: list[int] = sum(ids, [])
        rows = weights[0] if len(weights) == 1 else \
            [sum(parts, []) for parts in zip(*weights, strict=True)]
        if len(matched) * n > FEW:
            rows = np.array(rows, dtype=np.float64)
        return PhraseMatches(np.array(matched, dtype=np.int64), rows, postings)
    if len(ids) == 1:
        return PhraseMatches(ids[0], weights[0], postings)
    arrays = [np.asarray(w, dtype=np.float64).reshape(n, -1) for w in weights]
    return PhraseMatches(np.concatenate([np.asarray(d, dtype=np.int64) for d in ids]),
                         np.concatenate(arrays, axis=1), postings)


def _word_extents(store: Any, fieldname: str, btexts: list[bytes]) -> list[tuple[int, int]]:
    """Where each word's postings lie in a segment's posting columns
    (:class:`.PostingColumns`), up to the first word the segment lacks:
    one word at a time, in the words' order, so that the first missing ends the phrase there
    (most words of an expansion's phrase are absent from ``title``)."""
    starts = store.posting_columns.starts
    found = []
    for btext in btexts:
        term = store.find(fieldname, btext)
        if term < 0:
            break
        found.append((starts[term], starts[term + 1]))
    return found


def _segment_matches(columns: PostingColumns, width: int, extents: list[tuple[int, int]],
                     slop: int) -> tuple[Any, Any] | None:
    """(the documents of one segment holding the phrase; each word's weight in them, a row per
    word), or ``None``; ``extents``: where each word's postings lie. Python lists when checked
    in Python (a few), else arrays (int64; float64 rows)."""
    n = len(extents)
    # The rarest words first: most candidates drop out early, and the fewer are searched.
    order = sorted(range(n), key=lambda i: extents[i][1] - extents[i][0])
    a, b = extents[order[0]]
    found: Any
    if (b - a) * n <= FEW:
        found = _few_candidates(columns, extents, order)
    else:
        found = _many_candidates(columns, extents, order)
        if found is not None and len(found[0]) * n <= FEW:
            found = (found[0].tolist(), found[1].tolist())
    if found is None:
        return None
    docs, postings = found
    if isinstance(docs, list):
        if n == 1:
            kept: Any = range(len(docs))
        elif slop == 1:
            kept = _few_adjacent(columns, width, postings, order)
        else:
            kept = _few_matching(columns, width, postings, slop)
        if not kept:
            return None
        weights = columns.py_weights
        return [docs[k] for k in kept], [[weights[p[k]] for k in kept] for p in postings]
    chosen = postings
    if n > 1:
        keep = _many_matching(columns, width, chosen, slop)
        if not keep.all():
            if not keep.any():
                return None
            docs, chosen = docs[keep], chosen[:, keep]
    return docs.astype(np.int64), columns.weights[chosen].astype(np.float64)


def _few_candidates(columns: PostingColumns, extents: list[tuple[int, int]],
                    order: list[int]) -> tuple[list[int], list[list[int]]] | None:
    """The documents holding every word (ascending) and each word's posting in each (a list per
    word, in the words' order), searched from Python; ``None`` when there is none."""
    docs = columns.py_docs
    a, b = extents[order[0]]
    wanted: list[int] = docs[a:b].tolist()
    postings = {order[0]: list(range(a, b))}
    for i in order[1:]:
        lo, hi = extents[i]
        kept, where = [], []
        for k, d in enumerate(wanted):
            j = bisect_left(docs, d, lo, hi)
            if j == hi:
                break
            if docs[j] == d:
                kept.append(k)
                where.append(j)
            lo = j
        if not kept:
            return None
        if len(kept) < len(wanted):
            wanted = [wanted[k] for k in kept]
            postings = {w: [p[k] for k in kept] for w, p in postings.items()}
        postings[i] = where
    return wanted, [postings[i] for i in range(len(extents))]


def _many_candidates(columns: PostingColumns, extents: list[tuple[int, int]],
                     order: list[int]) -> tuple[Any, Any] | None:
    """:func:`_few_candidates` by array operations: the docnums, and each word's postings as
    the rows of one array (a row per word, in the words' order; those of words not searched
    yet are filled as they are, so each drop of candidates is one operation for all rows)."""
    a, b = extents[order[0]]
    wanted = columns.docs[a:b]
    chosen = np.empty((len(extents), b - a), dtype=np.int64)
    chosen[order[0]] = np.arange(a, b)
    for i in order[1:]:
        lo, hi = extents[i]
        docs = columns.docs[lo:hi]
        where = docs.searchsorted(wanted)
        hit = docs.take(where, mode="clip") == wanted
        if not hit.all():
            wanted = wanted[hit]
            if not len(wanted):
                return None
            chosen = chosen[:, hit]
            where = where[hit]
        chosen[i] = where + lo
    return wanted, chosen


def _few_adjacent(columns: PostingColumns, width: int, postings: list[list[int]],
                  order: list[int]) -> list[int]:
    """:func:`_few_matching` for adjacent words (``slop`` 1): the positions of the rarest word
    (word ``r``) where each next rarest word ``i`` is at ``p + i - r``, binary-searched in
    place (a stop word's many positions are neither copied nor hashed).

    Plain loops, no comprehension: a comprehension is a function made and called per candidate
    and word (a third of the instructions of a typed phrase's check, on its first run)."""
    offsets, occ = columns.py_occ_offsets, columns.py_occ
    rarest = order[0]
    # Each next rarest word's postings, and where it sits from the rarest word.
    others = [(postings[i], i - rarest) for i in order[1:]]
    kept = []
    for k, first in enumerate(postings[rarest]):
        starts: Any = occ[offsets[first] : offsets[first + 1] : width]
        for word, delta in others:
            p = word[k]
            lo, hi = offsets[p], offsets[p + 1]
            at = occ  # one integer per occurrence: searched in place, between its bounds
            if width != 1:
                at = occ[lo:hi:width]
                lo, hi = 0, len(at)
            found = []
            for start in starts:
                j = bisect_left(at, start + delta, lo, hi)
                if j < hi and at[j] == start + delta:
                    found.append(start)
            if not found:
                break
            starts = found
        else:
            kept.append(k)
    return kept


def _few_matching(columns: PostingColumns, width: int, postings: list[list[int]],
                  slop: int) -> list[int]:
    """Which candidates (by their index in each word's ``postings``) hold the phrase: in
    Python, word after word, the places reached so far, each next word 1 to ``slop`` after one
    (its positions read only while the words before it still make the phrase)."""
    offsets, occ = columns.py_occ_offsets, columns.py_occ
    steps = range(1, slop + 1)
    kept = []
    for k, first in enumerate(postings[0]):
        ends = occ[offsets[first] : offsets[first + 1] : width].tolist()
        for word in postings[1:]:
            p = word[k]
            # where the next word may be: 1 to slop after a place reached (a stop word has
            # many positions, the places reached few)
            reach = {e + d for e in ends for d in steps}
            ends = [q for q in occ[offsets[p] : offsets[p + 1] : width].tolist() if q in reach]
            if not ends:
                break
        if ends:
            kept.append(k)
    return kept


def _many_matching(columns: PostingColumns, width: int, chosen: Any, slop: int) -> Any:
    """Which candidates hold the phrase (a boolean array): ``chosen[i, k]`` is word ``i``'s
    posting in candidate ``k``; every position of those postings gathered in one pass."""
    count, m = chosen.shape
    flat = chosen.ravel()
    starts = columns.occ_offsets[flat]
    counts = columns.occ_offsets[flat + 1] - starts
    if (counts == width).all():
        # Every word once in every candidate (a title's words, a rare name's): one position
        # each, the phrase there where each follows the one before by 1 to ``slop``.
        gaps = np.diff(columns.occ[starts].reshape(count, m), axis=0)
        return (gaps == 1).all(axis=0) if slop == 1 else ((gaps >= 1) & (gaps <= slop)).all(axis=0)
    values = columns.occ[runs(starts, counts)]
    # Each position's pair, numbered word-major (``i * m + k``), positions ascending in a pair.
    owner = np.repeat(np.arange(len(flat)), counts // width)
    keys = ((owner % m) << CANDIDATE_POSITION_BITS) + values[::width]
    words = owner // m
    if slop == 1:
        return _adjacent(keys, words, count, m)
    return _within(keys, np.searchsorted(words, np.arange(count + 1)), slop, m)


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
    found[starts[: len(full)][full] >> CANDIDATE_POSITION_BITS] = True
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
    found[ends >> CANDIDATE_POSITION_BITS] = True
    return found


def summed_weights(weights: Any) -> Any:
    """A phrase's score in a field not scored (Whoosh's ``WeightScorer``: each word's weight),
    its words' weights summed in their order (``weights``: a row per word, as
    :class:`PhraseMatches` holds them)."""
    scores = np.array(weights[0], dtype=np.float64)
    for row in weights[1:]:
        scores = scores + row
    return scores


def summed_scores(K1: float, idfs: list[float], weights: Any, norms: Any, ids: Any) -> Any:
    """The sum, in the words' order, of each word's BM25F score in documents ``ids``: ``idfs``
    each word's idf, ``weights`` a row per word (its weight in each document: an array, or a
    list of a few Python floats), ``norms`` each document's length term in the field
    (:func:`.bm25f.length_norms`)."""
    if isinstance(weights, list):
        # A few documents: the same operations on Python floats (the same IEEE doubles,
        # numpy's own ``float64`` arithmetic), cheaper than numpy's calls.
        view = memoryview(norms)
        lengths = [view[d] for d in ids.tolist()]
        summed: list[float] = []
        for word_idf, row in zip(idfs, weights, strict=True):
            scored = [word_idf * ((w * (K1 + 1)) / (w + n))
                      for w, n in zip(row, lengths, strict=True)]
            summed = [a + b for a, b in zip(summed, scored, strict=True)] if summed \
                else scored
        return np.array(summed, dtype=np.float64)
    # Every word's at once: the same operations on a row per word (numpy's cost per call,
    # paid once), then the rows summed in order.
    idf = np.array(idfs)
    rows = bm25f.scores(K1, idf[:, None], weights, norms[ids])
    scores = rows[0]
    for row in rows[1:]:
        scores = scores + row
    return scores
