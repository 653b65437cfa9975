"""Where a query's words sit in the passages shown: the character spans a snippet highlights.

:class:`.snippets.Highlighter` knows what to highlight (terms, phrases, a family's printed
words); this module finds their occurrences, from the character offsets the ``text`` and
``variants`` postings keep, in the documents asked about only. Two ways, with the same spans:

* a page's few documents (up to :data:`FEW_DOCS`): each term's occurrences in each document
  as a Python list of (position, start, end) integers (:class:`PagePlaces`), read from the
  posting arrays by one binary search per document (:meth:`..index.posting_arrays.
  PostingArrays.each`). A page has some ten documents and a query a few terms: numpy's calls,
  and the bookkeeping of occurrences kept for later, cost several times these steps;
* more documents (an export): array operations over each term's occurrences
  (:meth:`.postings.IndexArrays.occurrences`), after a test of the postings where a phrase's
  or a family's documents are fewer than those asked.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from .postings import POS_BITS, IndexArrays, Occurrences, member

__all__ = ["FEW_DOCS", "PagePlaces", "char_stores", "find_spans"]

#: Up to this many documents, spans are found per document from Python lists
#: (:class:`PagePlaces`), beyond by array operations.
FEW_DOCS = 32

#: The fields whose postings keep each occurrence's characters (in ``(position, start, end)``
#: triples: a width of 3 in the posting arrays).
CHAR_FIELDS = ("text", "variants")

_POSITION = (1 << POS_BITS) - 1

#: (fieldname, term's bytes) of each term to highlight.
Terms = Iterable[tuple[str, bytes]]
#: (the ``text`` term of a family's word, the word in lower case).
Family = Iterable[tuple[bytes, str]]
#: (fieldname, words' bytes, each word's offset from the first) of each phrase.
Phrases = list[tuple[str, list[bytes], list[int]]]
#: Spans found per document, not merged: (start, end) pairs end to end.
Found = dict[int, list[int]]


def find_spans(reader: IndexReader, arrays: IndexArrays, wanted: list[int], terms: Terms,
               family: Family, phrases: Phrases, within: Mapping[int, Any],
               texts: Mapping[int, str] | None) -> Found:
    """The spans of ``terms``, ``family`` and ``phrases`` in each of ``wanted`` (ascending
    docnums), unsorted: the few documents of a page one by one, more with array operations.

    :param within: by phrase index, the documents where the search matched it (others: those
        holding all its words).
    :param texts: each document's text, to tell a family's word from the rest of its stem.
    """
    if len(wanted) <= FEW_DOCS:
        return _page_spans(PagePlaces(reader, arrays, wanted), terms, family, phrases, within,
                           texts)
    return _many_spans(reader, arrays, wanted, terms, family, phrases, within, texts)


class PagePlaces:
    """Each term's occurrences in a few documents, as ``(docnum, [position, start, end, ...])``
    for those holding it: sliced from the posting arrays, or (an index without them) regrouped
    from the occurrences :class:`.postings.IndexArrays` decodes."""

    def __init__(self, reader: IndexReader, arrays: IndexArrays, docs: list[int]) -> None:
        self.reader = reader
        self.arrays = arrays
        self.docs = docs
        self._stores: Any = char_stores(reader, arrays)
        self._shares = self.shared(docs)

    def of(self, fieldname: str, btext: bytes, docs: list[int] | None = None,
           shares: list[tuple[int, Any, list[int]]] | None = None,
           ) -> list[tuple[int, list[int]]]:
        """The occurrences of a term in ``docs`` (ascending; by default all of :attr:`docs`),
        each document's in a list of its own (the caller's to change).

        :param shares: ``docs`` as :meth:`shared` divides them (when already asked).
        """
        if self._stores is None:
            return self._decoded(fieldname, btext, self.docs if docs is None else docs)
        if shares is None:
            shares = self._shares if docs is None else self.shared(docs)
        found: list[tuple[int, list[int]]] = []
        for offset, store, local in shares:
            term = store.find(fieldname, btext)
            if term < 0:
                continue
            if offset:
                found += [(d + offset, values) for d, values in store.each(term, local)]
            else:
                found += store.each(term, local)
        return found

    def shared(self, docs: list[int]) -> list[tuple[int, Any, list[int]]]:
        """(docnum offset, posting arrays, the documents of ``docs`` it holds, numbered in it)
        of each segment holding one of ``docs``."""
        stores = self._stores
        if stores is None:
            return []
        if len(stores) == 1:
            return [(0, stores[0][2], docs)] if docs else []
        shares = []
        lo = 0
        for i, (_leaf, offset, store) in enumerate(stores):
            hi = bisect_left(docs, stores[i + 1][1], lo) if i + 1 < len(stores) else len(docs)
            if lo < hi:
                shares.append((offset, store, [d - offset for d in docs[lo:hi]]))
            lo = hi
        return shares

    def _decoded(self, fieldname: str, btext: bytes,
                 docs: list[int]) -> list[tuple[int, list[int]]]:
        occ = self.arrays.occurrences(self.reader, fieldname, btext,
                                      np.array(docs, dtype=np.int64))
        keys, starts, ends = occ.lists()
        if starts is None or ends is None:
            return []
        grouped: dict[int, list[int]] = {}
        for key, start, end in zip(keys, starts, ends, strict=True):
            grouped.setdefault(key >> POS_BITS, []).extend((key & _POSITION, start, end))
        return list(grouped.items())


def char_stores(reader: IndexReader, arrays: IndexArrays) -> Any:
    """Each segment's (leaf, docnum offset, posting arrays) when every segment's arrays keep the
    characters of :data:`CHAR_FIELDS`, else ``None``: worked out once per set of open segments
    (:mod:`.ready` does it when a searcher is opened)."""
    return arrays.derived("char_stores", lambda: _char_stores(reader, arrays))[0]


def _char_stores(reader: IndexReader, arrays: IndexArrays) -> tuple[Any]:
    """(each segment's (leaf, docnum offset, posting arrays) when every segment has posting
    arrays keeping the characters of :data:`CHAR_FIELDS`, else ``None``,)."""
    stores = arrays.stores(reader)
    readable = all(store is not None and all(store.widths.get(f) == 3 for f in CHAR_FIELDS)
                   for _l, _o, store in stores)
    return (stores if readable else None,)


def _page_spans(places: PagePlaces, terms: Terms, family: Family, phrases: Phrases,
                within: Mapping[int, Any], texts: Mapping[int, str] | None) -> Found:
    found: Found = {d: [] for d in places.docs}
    for fieldname, btext in terms:
        for d, values in places.of(fieldname, btext):
            del values[::3]  # the positions: (start, end) pairs end to end are left
            found[d] += values
    for btext, word in family:
        for d, values in places.of("text", btext):
            printed = texts.get(d) if texts is not None else None
            for s, e in zip(values[1::3], values[2::3], strict=True):
                if printed is None or printed[s:e].lower() == word:
                    found[d] += (s, e)
    for i, (fieldname, words, offsets) in enumerate(phrases):
        docs = None
        if i in within:
            wanted = np.array(places.docs, dtype=np.int64)
            docs = wanted[member(wanted, within[i])].tolist()
            if not docs:
                continue
        shares = None if docs is None else places.shared(docs)
        # A word the phrase holds twice ("un district un projet") is read once.
        read = {w: dict(places.of(fieldname, w, docs, shares)) for w in set(words)}
        held = [read[w] for w in words]
        for d, first in held[0].items():
            others = [h.get(d) for h in held[1:]]
            if all(o is not None for o in others):
                found[d] += phrase_places(first, others, offsets)  # type: ignore[arg-type]
    return found


def phrase_places(first: list[int], others: list[list[int]], offsets: list[int]) -> list[int]:
    """The span of each place in a document where every word of a phrase sits at its offset
    from the first, from the first word's start to the last word's end: (start, end) pairs
    end to end, in the order of the places.

    :param first: the first word's occurrences in the document, (position, start, end) end to
        end; ``others``: each other word's.
    """
    # The first word's positions that every other word follows at its offset: set operations
    # in C (a frequent first word, "un", occurs dozens of times in a paragraph).
    places = set(first[0::3])
    for offset, values in zip(offsets[1:], others, strict=True):
        places.intersection_update(map(offset.__rsub__, values[0::3]))
        if not places:
            return []
    # A position's first occurrence, as a search of the sorted occurrences finds it.
    starts = dict(zip(first[-3::-3], first[-2::-3], strict=True))
    last = others[-1]
    ends = dict(zip(last[-3::-3], last[-1::-3], strict=True))
    found: list[int] = []
    for p in sorted(places):
        found += (starts[p], ends[p + offsets[-1]])
    return found


def _many_spans(reader: IndexReader, arrays: IndexArrays, wanted: list[int], terms: Terms,
                family: Family, phrases: Phrases, within: Mapping[int, Any],
                texts: Mapping[int, str] | None) -> Found:
    found: Found = {d: [] for d in wanted}
    wanted_keys = np.array(wanted, dtype=np.int64)

    def holding(fieldname: str, btexts: Iterable[bytes]) -> Any:
        """The wanted documents that hold every term of ``btexts`` (their postings, read
        by the search already, are cheaper to ask than their occurrences)."""
        docs = wanted_keys
        for btext in btexts:
            docs = docs[member(docs, arrays.postings(reader, fieldname, btext)[0])]
            if not len(docs):
                break
        return docs

    for fieldname, text in terms:
        # Asked of every wanted document: the occurrences skip those without the term as
        # cheaply as a test of its postings would.
        keys, starts, ends = arrays.occurrences(reader, fieldname, text, wanted_keys).lists()
        if starts is None or ends is None:
            continue
        for key, start, end in zip(keys, starts, ends, strict=True):
            found[key >> POS_BITS] += (start, end)
    for btext, word in family:
        docs = holding("text", (btext,))
        if not len(docs):
            continue
        occ = arrays.occurrences(reader, "text", btext, docs)
        for d, s, e in zip(*_places(occ, docs), strict=True):
            printed = texts.get(d) if texts is not None else None
            if printed is None or printed[s:e].lower() == word:
                found[d] += (s, e)
    for i, (fieldname, words, offsets) in enumerate(phrases):
        if i in within:
            docs = wanted_keys[member(wanted_keys, within[i])]
        else:
            docs = holding(fieldname, words)
        if not len(docs):
            continue
        occs = [arrays.occurrences(reader, fieldname, w, docs) for w in words]
        for d, s, e in zip(*_phrase_spans(occs, offsets, docs), strict=True):
            found[d] += (s, e)
    return found


def _in_docs(occ: Occurrences, docnums: Any) -> Any | None:
    """Indices of the occurrences of one term that lie in ``docnums`` (ascending array)."""
    if not len(occ.keys) or occ.starts is None:
        return None
    lo = np.searchsorted(occ.keys, docnums << POS_BITS)
    hi = np.searchsorted(occ.keys, (docnums + 1) << POS_BITS)
    counts = hi - lo
    total = int(counts.sum())
    if not total:
        return None
    # The runs lo[i]..hi[i] laid end to end: a running index, shifted at each run's start.
    shift = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.arange(total) + shift


def _places(occ: Occurrences, docnums: Any) -> tuple[list[int], list[int], list[int]]:
    """(docnums, starts, ends) of the occurrences of one term that lie in ``docnums``
    (ascending array)."""
    picked = _in_docs(occ, docnums)
    if picked is None or occ.ends is None:
        return [], [], []
    return ((occ.keys[picked] >> POS_BITS).tolist(), occ.starts[picked].tolist(),  # type: ignore[index]
            occ.ends[picked].tolist())


def _phrase_spans(
    occs: list[Occurrences], offsets: list[int], docnums: Any
) -> tuple[list[int], list[int], list[int]]:
    """(docnums, starts, ends): one span per place in ``docnums`` where every word of a phrase
    sits at its offset from the first."""
    picked = _in_docs(occs[0], docnums)
    if picked is None or any(o.ends is None for o in occs):
        return [], [], []
    keys = occs[0].keys[picked]
    here = np.ones(len(keys), dtype=bool)
    for occ, offset in zip(occs[1:], offsets[1:], strict=True):
        here &= member(keys + offset, occ.keys)
    keys = keys[here]
    last = occs[-1]
    ends = last.ends[np.searchsorted(last.keys, keys + offsets[-1])]  # type: ignore[index]
    starts = occs[0].starts[picked][here]  # type: ignore[index]
    return (keys >> POS_BITS).tolist(), starts.tolist(), ends.tolist()
