"""A field's postings over a whole segment, grouped from its values' words by array operations.

The shared analysis gives each value of a field as the ids of its words
(:class:`~.shared_analysis.ValueWords`), and remembers each distinct word's tokens once, in flat
tables (:class:`~.word_terms.WordTerms`). :class:`FieldWords` collects a field's values as
the segment writer adds documents (a list extension per value) and, at the flush, makes the
field's postings in a few ``numpy`` passes instead of a Python loop over every token:

1. each word of each value expands to its tokens (``repeat``), at the word's position in its
   value (the widths of the words before it, summed) plus the token's own;
2. the tokens are sorted by their term's rank in byte order, a stable sort: within a term they
   stay in document order, and within a document in the order the analyzer makes them;
3. a posting starts wherever the term or the document changes: its frequency is the run's
   length, its value the run's positions (and character spans) end to end, cut from one array.

What comes out is what grouping each document's tokens per term gives (``fmt.word_values``:
the same terms, frequencies, weights and encoded values), as :class:`~.posting_arrays
.FieldPostings`; ``tests/test_word_postings.py`` compares it with each field's own ``index``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from whoosh.formats import Characters, Format, Frequency, Positions

from .formats import CompactCharacters, CompactPositions
from .posting_arrays import FieldPostings, PackedValues
from .shared_analysis import ValueWords
from .sorted_arrays import stable_order
from .word_terms import WordTerms

__all__ = ["FieldWords"]


def _cut(blob: bytes, starts: np.ndarray, size: int) -> PackedValues:
    """``blob`` cut where each posting starts (``starts``, in items of ``size`` bytes)."""
    return PackedValues(blob, np.append(starts * size, len(blob)))


class FieldWords:
    """One field's values over a segment, as words, grouped into postings at the end.

    :param fmt: the field's format (one of the shared analysis's ``WORDWISE_FORMATS``).
    """

    def __init__(self, fmt: Format) -> None:
        self._format = fmt
        self._terms: WordTerms | None = None
        self._ids: list[int] = []
        self._starts: list[int] = []
        # Per value: its number of words, document, boost and field length (as read back).
        self._counts: list[int] = []
        self._docnums: list[int] = []
        self._boosts: list[float] = []
        self._lengths: list[int] = []

    def add(self, docnum: int, words: ValueWords, boost: float, length: int) -> None:
        """Add the value of document ``docnum`` (documents in increasing order), its postings
        weighted by ``boost``, each with the field length ``length``."""
        if not words.ids:
            return
        if self._terms is None:
            self._terms = words.terms
        elif words.terms is not self._terms:
            raise ValueError("a field's values come from one analysis of words")
        self._ids += words.ids
        self._starts += words.starts
        self._counts.append(len(words.ids))
        self._docnums.append(docnum)
        self._boosts.append(boost)
        self._lengths.append(length)

    def postings(self) -> tuple[FieldPostings, np.ndarray] | None:
        """The field's postings, sorted by term then document (their documents and weights as
        arrays), and each posting's field length; ``None`` when its values gave no token."""
        terms = self._terms
        if terms is None:
            return None
        table = terms.arrays()
        ids = np.array(self._ids, dtype=np.intp)
        counts = table.token_counts[ids]  # tokens per word
        total = int(counts.sum())
        if not total:
            return None
        # Each word's position in its value: the widths of the value's words before it.
        widths = table.widths[ids]
        before = np.cumsum(widths) - widths
        words_per_value = np.array(self._counts, dtype=np.intp)
        firsts = np.cumsum(words_per_value) - words_per_value
        word_positions = before - np.repeat(before[firsts], words_per_value)
        # 1. Every token of every word, in order: its word, its row in the token tables.
        word_of = np.repeat(np.arange(len(ids)), counts)
        token = np.arange(total) + np.repeat(table.first_tokens[ids] - (np.cumsum(counts) - counts),
                                             counts)
        term = table.token_terms[token]
        value_of = np.repeat(np.arange(len(words_per_value)), words_per_value)[word_of]
        # 2. The field's terms in byte order, and the tokens sorted by term rank (stable).
        # The ids of the terms present, ascending (np.unique would import numpy.ma: 16 ms).
        present = np.flatnonzero(np.bincount(term, minlength=len(terms.terms)))
        texts = list(map(terms.term_bytes.__getitem__, present.tolist()))
        by_bytes = sorted(range(len(texts)), key=texts.__getitem__)
        rank = np.empty(len(terms.terms), dtype=np.intp)
        rank[present[by_bytes]] = np.arange(len(texts))
        key = rank[term]
        order = stable_order(key, len(texts))
        key, value_of = key[order], value_of[order]
        # 3. A posting per run of one term in one value (one value per document).
        starts = np.flatnonzero(np.concatenate(
            ([True], (key[1:] != key[:-1]) | (value_of[1:] != value_of[:-1]))))
        frequencies = np.diff(np.append(starts, total))
        posting_key, posting_value = key[starts], value_of[starts]
        bounds = np.flatnonzero(np.concatenate(([True], posting_key[1:] != posting_key[:-1])))
        # Whoosh's weight: the frequency times the field boost (each token's boost is 1.0),
        # then times the document's boost.
        weights = (frequencies * self._format.field_boost
                   * np.array(self._boosts)[posting_value])
        positions = (word_positions[word_of] + table.token_positions[token])[order]
        values = self._values(positions, word_of, token, order, starts, frequencies)
        return (FieldPostings([texts[i] for i in by_bytes], [*bounds.tolist(), len(starts)],
                              np.array(self._docnums)[posting_value], weights, values),
                np.array(self._lengths)[posting_value])

    def _values(self, positions: np.ndarray, word_of: np.ndarray, token: np.ndarray,
                order: np.ndarray, starts: np.ndarray, frequencies: np.ndarray
                ) -> Sequence[bytes]:
        """Each posting's encoded value, as the field's format encodes it."""
        fmt = self._format
        kind = type(fmt)
        if kind is Frequency:  # pack_uint: big-endian unsigned int32
            return _cut(frequencies.astype(">u4").tobytes(), np.arange(len(starts)), 4)
        if kind in (CompactCharacters, Characters):
            table = self._terms.arrays()  # type: ignore[union-attr]
            word_starts = np.array(self._starts, dtype=np.int64)[word_of]
            spans = np.empty((len(order), 3), dtype="<i4")
            spans[:, 0] = positions
            spans[:, 1] = (word_starts + table.token_starts[token])[order]
            spans[:, 2] = (word_starts + table.token_ends[token])[order]
            if kind is CompactCharacters:
                return _cut(spans.tobytes(), starts, 12)
            rows = list(map(tuple, spans.tolist()))
            return [fmt.encode(rows[a:a + n]) for a, n in zip(starts.tolist(),
                                                             frequencies.tolist(), strict=True)]
        if kind is CompactPositions:
            return _cut(positions.astype("<i4").tobytes(), starts, 4)
        if kind is Positions:
            listed: list[Any] = positions.tolist()
            return [fmt.encode(listed[a:a + n]) for a, n in zip(starts.tolist(),
                                                               frequencies.tolist(), strict=True)]
        raise ValueError(f"no postings of words for the format {fmt!r}")
