"""Posting lists and per-document columns of an open index, decoded once into numpy arrays.

Whoosh scores a query by walking a tree of matcher objects posting by posting in Python; on these
books that walk was most of the time of a search (about 20 µs per matching clause and document).
:class:`IndexArrays` reads each term's posting list into two arrays (document numbers and
term weights): sliced from the generation's scored postings the build stored
(:mod:`..index.scored_postings`: one lookup, which also gives the terms' BM25F scores), else from
the posting arrays the writer left beside each segment (:mod:`..index.posting_arrays`, both
memory-mapped), else read block by block through Whoosh (these two kept in a bounded cache); and
each scorable field's per-document lengths (the same byte-quantised lengths Whoosh's BM25F uses)
into one array, so that :mod:`.engine` can score every matching passage with a few vectorised
operations. The facet columns (book, chapter, source domain, source year of every passage) are
read the same way. Positions are read apart, for the documents a phrase or a snippet asks about
only (:mod:`.occurrences`).

These are index structures, not results: they depend on the segments only, never on a query, and
live as long as the segments are open. They are kept on the object that owns the open files — the
Whoosh storage of an opened index, which a :class:`searchlib.index.Generation` owns — one
:class:`IndexArrays` per set of segments, shared by every searcher of that generation and gone with
it; a rebuild's new generation gets new ones. Nothing here is module-global.
"""

from __future__ import annotations

import threading

import numpy as np
from whoosh.reading import IndexReader, TermNotFound

from ..index.bounded import BoundedCache
from ..index.display import DisplayRecords
from ..index.doc_tables import read_length_table
from ..index.generation import memoized
from ..index.posting_arrays import PostingArrays
from ..index.scored_postings import ScoredPostings
from ..index.sorted_arrays import distinct, member
from .doc_columns import field_lengths, stored_facet_column
from .occurrences import (
    DOC_POSITION_BITS,
    Occurrences,
    TermOccurrences,
    held_in,
    stored_occurrences,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DOC_POSITION_BITS", "IndexArrays", "Occurrences", "distinct", "index_arrays",
           "member", "segments_key"]

#: Decoded posting lists kept per index, at most (least recently used dropped first).
MAX_POSTINGS = 400_000

#: Terms whose presence in the index is remembered, at most (then forgotten all at once).
MAX_HELD = 100_000

#: Sets of segments whose arrays are kept per opened index (an index written to in place gets
#: new segments; a generation never changes).
MAX_INDEXES = 2

#: The attribute of the opened index's storage that holds its arrays.
_ATTRIBUTE = "searchlib_arrays"
#: The attribute of a reader that remembers the arrays of its segments.
_ON_READER = "searchlib_reader_arrays"

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)


def segments_key(reader: IndexReader) -> tuple[str, ...]:
    """What identifies the open segments of ``reader`` (their ids and docnum offsets)."""
    keys = []
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        keys.append(f"{segment.segment_id() if segment else id(leaf)}@{offset}")
    return tuple(keys)


def _owner(reader: IndexReader) -> Any:
    """The object that owns ``reader``'s open segments: the storage of the opened index (the
    reader itself when it has none)."""
    for leaf, _offset in reader.leaf_readers():
        storage = leaf.storage() if hasattr(leaf, "storage") else None
        if storage is not None:
            return storage
    return reader


def index_arrays(reader: IndexReader) -> IndexArrays:
    """The :class:`IndexArrays` of the segments ``reader`` has open (built on first use), kept on
    the opened index they belong to."""
    # A reader reads one fixed set of segments for its whole life: the arrays found for it are
    # remembered on it (working out the segments' key again costs about 10 µs a call).
    found = reader.__dict__.get(_ON_READER)
    if found is not None:
        return found  # type: ignore[no-any-return]
    key = segments_key(reader)
    owner = _owner(reader)
    # dict.setdefault is atomic: concurrent first requests share one holder, and one IndexArrays.
    kept: BoundedCache = owner.__dict__.setdefault(_ATTRIBUTE, BoundedCache(MAX_INDEXES))
    arrays = kept.get(key)
    if arrays is None:
        arrays = kept.setdefault(key, IndexArrays(reader))
    reader.__dict__[_ON_READER] = arrays
    return arrays


def _leaf_postings(m: Any) -> tuple[Any, Any]:
    """(docnums, weights) of one term's matcher in one segment, read a block at a time when
    possible."""
    ids: list[Any] = []
    weights: list[Any] = []
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        # Whoosh's on-disk matcher: each block's ids and weights are already arrays; walking
        # them posting by posting through the public API would cost as much as the search did.
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.append(np.asarray(m._ids, dtype=np.int64))
            weights.append(np.asarray(m._weights, dtype=np.float64))
            m._next_block()
    else:
        pairs = []
        while m.is_active():
            pairs.append((m.id(), m.weight()))
            m.next()
        if pairs:
            ids.append(np.array([p[0] for p in pairs], dtype=np.int64))
            weights.append(np.array([p[1] for p in pairs], dtype=np.float64))
    if not ids:
        return _EMPTY_IDS, _EMPTY_WEIGHTS
    return np.concatenate(ids), np.concatenate(weights)


class IndexArrays:
    """Decoded posting lists, field lengths and facet columns of one set of open segments.

    Thread-safe: request threads of the web app share one instance per index generation.
    """

    def __init__(self, reader: IndexReader) -> None:
        self.doc_count = reader.doc_count_all()
        self._lock = threading.Lock()
        # Bounded by the postings they hold (one entry weighs its length + 1), LRU first out.
        self._postings = BoundedCache(MAX_POSTINGS, _pair_size)
        self._occurrences = BoundedCache(MAX_POSTINGS, TermOccurrences.weight)
        self._scores = BoundedCache(MAX_POSTINGS, _pair_size)
        self._selected = BoundedCache(MAX_POSTINGS, Occurrences.weight)
        self._lengths: dict[str, Any] = {}
        self._stored_lengths: dict[str, Any] | None = None
        self._lengths_read = False
        self._live: Any = None
        self._columns: dict[str, tuple[list[str], Any]] = {}
        self._vocabularies: dict[str, tuple[list[str], dict[str, int]]] = {}
        self._display: DisplayRecords | None | bool = False  # False: not opened yet
        self._derived: dict[Any, Any] = {}
        self._held: dict[tuple[str, Any], bool] = {}
        self._stores: list[tuple[Any, int, PostingArrays | None]] | None = None
        self._scored: ScoredPostings | None | bool = False  # False: not opened yet

    def scored(self, reader: IndexReader) -> ScoredPostings | None:
        """The generation's scored postings the build stored (:mod:`..index.scored_postings`),
        opened once; ``None`` when there are none for these segments."""
        if self._scored is False:
            with self._lock:
                if self._scored is False:
                    self._scored = ScoredPostings.open(reader)
        return self._scored  # type: ignore[return-value]

    def stores(self, reader: IndexReader) -> list[tuple[Any, int, PostingArrays | None]]:
        """Each segment (leaf reader, docnum offset) with its posting arrays (``None``: read
        through Whoosh), opened once."""
        found = self._stores
        if found is None:
            found = [(leaf, offset, PostingArrays.beside(leaf))
                     for leaf, offset in reader.leaf_readers()]
            scored = self.scored(reader)
            if scored is not None:  # a segment's terms found by the generation's hash
                for segment, (_leaf, _offset, store) in enumerate(found):
                    if store is not None:
                        store.via(scored, scored.segment_terms(segment))
            self._stores = found
        return found

    def postings(self, reader: IndexReader, fieldname: str, btext: bytes) -> tuple[Any, Any]:
        """(docnums ascending, weights) of a term, as arrays (empty when the term is absent)."""
        scored = self.scored(reader)
        if scored is not None:  # one lookup and two slices: nothing to keep
            return scored.postings(fieldname, btext)
        key = (fieldname, btext)
        found = self._postings.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        parts = []
        for leaf, offset, store in self.stores(reader):
            if store is not None:
                term = store.find(fieldname, btext)
                if term < 0:
                    continue
                parts.append(store.postings(term, offset))
                continue
            # One lookup of the term per segment (testing ``in`` first would look it up twice).
            try:
                m = leaf.postings(fieldname, btext)
            except TermNotFound:
                continue
            ids, weights = _leaf_postings(m)
            parts.append((ids + offset, weights))
        if not parts:
            found = (_EMPTY_IDS, _EMPTY_WEIGHTS)
        else:
            if len(parts) == 1:
                found = parts[0]
            else:
                found = (np.concatenate([p[0] for p in parts]),
                         np.concatenate([p[1] for p in parts]))
            live = self.live(reader)
            if live is not None:
                keep = live[found[0]]
                found = (found[0][keep], found[1][keep])
        self._postings.put(key, found)
        return found

    def holds(self, reader: IndexReader, term: tuple[str, Any]) -> bool:
        """``term in reader`` (a (field, text) pair), looked up in the segments once."""
        found = self._held.get(term)
        if found is None:
            scored = self.scored(reader)
            if scored is not None:  # one table for the generation
                # Most terms asked here were just matched: the table remembers what it found.
                matched = scored.asked(*term)
                found = len(matched[0]) > 0 if matched is not None \
                    else held_in(reader, [(None, 0, scored)], *term)
            else:
                stores = self.stores(reader)
                if all(store is not None for _l, _o, store in stores):
                    found = held_in(reader, stores, *term)
                else:
                    found = term in reader
            # A plain dict (its operations are atomic), emptied when full: a query asks a
            # few dozen terms, most of them again.
            if len(self._held) >= MAX_HELD:
                self._held.clear()
            self._held[term] = found
        return found

    def term_scores(self, key: tuple[Any, ...], compute: Any) -> tuple[Any, Any]:
        """(docnums, scores) of a term under one weighting, computed by ``compute()`` once (a
        phrase's too: :meth:`.engine.Engine._Phrase` keeps its matches here, with its words).

        A term's score in a document depends on the index and the weighting's parameters only
        (document frequency, field lengths), never on the query it appears in: ``key`` names the
        field, the term and those parameters. The query's boosts are applied by the caller.
        """
        found = self._scores.get(key)
        if found is None:
            found = compute()
            self._scores.put(key, found)
        return found  # type: ignore[no-any-return]

    def occurrences(self, reader: IndexReader, fieldname: str, btext: bytes,
                    docnums: Any) -> Occurrences:
        """The occurrences of a term in ``docnums`` (ascending): positions and, if the field
        keeps them, characters.

        Decoded only for the documents asked for, and each (term, document) once: a phrase
        checks positions in the documents that hold all its words, a snippet in the hits of one
        page, never in every document of a frequent word (``de``: 114,000 positions at ×10).
        """
        stores = self.stores(reader)
        if all(store is not None and fieldname in store.widths for _l, _o, store in stores):
            # Read from the posting arrays; kept per term and documents asked (a query run again
            # asks the same), as the decoded ones are below.
            asking = np.asarray(docnums, dtype=np.int64)
            asked = (fieldname, btext, asking.tobytes())
            found = self._selected.get(asked)
            if found is None:
                found = stored_occurrences(stores, fieldname, btext, asking)
                self._selected.put(asked, found)
            return found  # type: ignore[no-any-return]
        key = (fieldname, btext)
        term = self._occurrences.get(key)
        if term is None:
            term = TermOccurrences(reader, fieldname, btext)
        wanted = [int(d) for d in docnums]
        if term.missing(wanted):
            term.decode(reader, wanted)
        self._occurrences.put(key, term)
        return term.select(wanted)

    def derived(self, key: Any, build: Any) -> Any:
        """A structure other modules derive from these arrays, built by ``build()`` once."""
        found = self._derived.get(key)  # atomic: built once, then read without the lock
        if found is None:
            found = memoized(self._lock, self._derived, key, build)
        return found

    def display(self, reader: IndexReader) -> DisplayRecords | None:
        """The mapped display records of the segments, or ``None`` when a segment has none."""
        if self._display is False:
            with self._lock:
                if self._display is False:
                    self._display = DisplayRecords.open(reader)
        return self._display  # type: ignore[return-value]

    def live(self, reader: IndexReader) -> Any:
        """A boolean array of documents not deleted, or ``None`` when none is."""
        if self._live is None:
            if not reader.has_deletions():
                self._live = False
            else:
                self._live = np.array([not reader.is_deleted(d) for d in range(self.doc_count)])
        return None if self._live is False else self._live

    def lengths(self, reader: IndexReader, fieldname: str) -> Any:
        """Each document's length in ``fieldname`` as BM25F sees it (Whoosh's stored byte)."""
        found = self._lengths.get(fieldname)
        if found is None:
            if not self._lengths_read:
                # Every field's, stored by the build in one file (None: none for these segments).
                self._stored_lengths = read_length_table(reader)
                self._lengths_read = True
            found = self._lengths[fieldname] = field_lengths(
                reader, fieldname, self.doc_count, self._stored_lengths)
        return found

    def vocabulary(self, reader: IndexReader, fieldname: str) -> tuple[list[str], dict[str, int]]:
        """A field's terms, sorted, and each one's document frequency (for "did you mean")."""
        found = self._vocabularies.get(fieldname)
        if found is None:
            # Segment by segment: a multi-segment reader merges the segments' term lists through
            # a heap of combined term infos, many times slower than reading each list.
            counts: dict[str, int] = {}
            for leaf, _offset in reader.leaf_readers():
                for t, info in leaf.iter_field(fieldname):
                    word = t.decode("utf-8")
                    counts[word] = counts.get(word, 0) + info.doc_frequency()
            found = self._vocabularies[fieldname] = (sorted(counts), counts)
        return found

    def column(self, reader: IndexReader, fieldname: str) -> tuple[list[str], Any]:
        """A facet field as (values, matrix): ``matrix[v, d]`` says if doc ``d`` has value ``v``.

        Read from the column files the writer stored beside each segment (memory-mapped), else
        from the postings of the field's terms; multi-valued fields (several source domains) work
        like single-valued ones.
        """
        found = self._columns.get(fieldname)
        if found is None:
            found = stored_facet_column(reader, fieldname, self.doc_count)
        if found is None:
            values = [t.decode("utf-8") for t in reader.lexicon(fieldname)]
            matrix = np.zeros((len(values), self.doc_count), dtype=bool)
            for i, value in enumerate(values):
                ids, _ = self.postings(reader, fieldname, value.encode("utf-8"))
                matrix[i, ids] = True
            found = (values, matrix)
        self._columns[fieldname] = found
        return found


def _pair_size(value: tuple[Any, Any]) -> int:
    return len(value[0]) + 1
