"""Where a query's words sit in the passages shown: the character spans a snippet highlights.

:class:`.snippets.Highlighter` knows what to highlight (terms, phrases, a family's printed
words); this module finds their occurrences, from the character offsets the ``text`` and
``variants`` postings keep, in the documents asked about only. Two ways, with the same spans:

* a page's few documents (up to :data:`FEW_DOCS`), when every segment has posting arrays:
  each term's occurrences in each document as a Python list of (position, start, end)
  integers, read in place from the posting columns by one binary search per document
  (:func:`_add_term_spans`; the terms of every segment looked up together first,
  :meth:`..index.posting_arrays.PostingArrays.find_many`: through the generation's table,
  where the search found them already, its answers used for every term, family word and
  phrase word); a phrase's words are looked
  for in place, from the places of the word a document holds fewest times
  (:func:`_add_phrase_spans`). A page has some ten documents and a query a few terms: numpy's
  calls, and the bookkeeping of occurrences kept for later, cost several times these steps;
* more documents (an export), or an index without posting arrays: array operations over each
  term's occurrences (:meth:`.postings.IndexArrays.occurrences`), after a test of the postings
  where a phrase's or a family's documents are fewer than those asked.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping

import numpy as np
from whoosh.reading import IndexReader

from .postings import DOC_POSITION_BITS, IndexArrays, Occurrences, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FEW_DOCS", "char_stores", "find_spans"]

#: Up to this many documents, spans are found per document from Python lists, beyond by
#: array operations.
FEW_DOCS = 32

#: Up to this many documents matching a phrase, those of a page are found with a Python set.
FEW_MATCHED = 256

#: The fields whose postings keep each occurrence's characters (in ``(position, start, end)``
#: triples: a width of 3 in the posting arrays).
CHAR_FIELDS = ("text", "variants")

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
    stores = char_stores(reader, arrays)
    if len(wanted) <= FEW_DOCS and stores is not None:
        return _page_spans(stores, wanted, terms, family, phrases, within, texts)
    return _many_spans(reader, arrays, wanted, terms, family, phrases, within, texts)


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


def _page_spans(stores: list[tuple[Any, int, Any]], wanted: list[int], terms: Terms,
                family: Family, phrases: Phrases, within: Mapping[int, Any],
                texts: Mapping[int, str] | None) -> Found:
    found: Found = {d: [] for d in wanted}
    shares = _shares(stores, wanted)
    terms = list(terms)
    family = list(family)
    # Every term looked up in each segment at once (through the generation's table, where the
    # search looked most of them up already; else one numpy call, where a query's first run paid
    # several µs per term): the terms, then the family's words, then each phrase's words, their
    # numbers read from those answers by their place in the list.
    asked = [*terms, *(("text", btext) for btext, _word in family),
             *((fieldname, w) for fieldname, words, _o in phrases for w in words)]
    looked = {}
    for offset, store, local in shares:
        numbers = looked[id(store)] = store.find_many(asked)
        _add_term_spans(found, offset, store.posting_columns, numbers[: len(terms)], local)
        if family:
            _add_family_spans(found, offset, store, numbers[len(terms) : len(terms) + len(family)],
                              family, local, texts)
    first = len(terms) + len(family)  # where the phrases' words begin in ``asked``
    for i, (_fieldname, words, offsets) in enumerate(phrases):
        begin, first = first, first + len(words)
        here = shares
        if i in within:
            docs = _matched(wanted, within[i])
            if not docs:
                continue
            here = _shares(stores, docs)
        for offset, store, local in here:
            terms_of = looked[id(store)][begin:first]
            if min(terms_of) >= 0:
                _add_phrase_spans(found, offset, store, terms_of, offsets, local)
    return found


def _add_term_spans(found: Found, offset: int, columns: Any, terms: list[int],
                    local: list[int]) -> None:
    """Add to ``found`` the (start, end) of each occurrence of the terms numbered ``terms`` (-1:
    not in the segment) in the documents ``local`` (ascending, numbered in the segment;
    ``offset`` makes them global): a binary search of each term's postings per document, its
    occurrences read in place (:meth:`..index.posting_arrays.PostingArrays.each`, without a
    generator's steps per document)."""
    starts, docs = columns.starts, columns.py_docs
    bounds, occ = columns.py_occ_offsets, columns.py_occ
    for term in terms:
        if term < 0:
            continue
        lo, hi = starts[term], starts[term + 1]
        for d in local:
            lo = bisect_left(docs, d, lo, hi)
            if lo == hi:
                break
            if docs[lo] == d:
                values = occ[bounds[lo] : bounds[lo + 1]].tolist()
                del values[::3]  # the positions: (start, end) pairs end to end are left
                found[d + offset] += values
                lo += 1


def _add_family_spans(found: Found, offset: int, store: Any, terms: list[int], family: Family,
                      local: list[int], texts: Mapping[int, str] | None) -> None:
    """Add to ``found`` the (start, end) of each occurrence of a family's word (its ``text``
    term numbered in ``terms``) where the paragraph prints that word (every occurrence of its
    stem without ``texts``)."""
    for term, (_btext, word) in zip(terms, family, strict=True):
        if term < 0:
            continue
        for d, values in store.each(term, local):
            d += offset
            printed = texts.get(d) if texts is not None else None
            for s, e in zip(values[1::3], values[2::3], strict=True):
                if printed is None or printed[s:e].lower() == word:
                    found[d] += (s, e)


def _matched(wanted: list[int], matched: Any) -> list[int]:
    """The documents of ``wanted`` that ``matched`` (an ascending array) holds."""
    if len(matched) <= FEW_MATCHED:
        # A phrase matches few passages: a set of them asked in Python costs a few steps, where
        # each of numpy's calls costs microseconds.
        held = set(matched.tolist())
        return [d for d in wanted if d in held]
    shown = np.array(wanted, dtype=np.int64)
    return shown[member(shown, matched)].tolist()  # type: ignore[no-any-return]


def _shares(stores: list[tuple[Any, int, Any]], docs: list[int],
            ) -> list[tuple[int, Any, list[int]]]:
    """(docnum offset, posting arrays, the documents of ``docs`` (ascending) it holds, numbered
    in it) of each segment holding one of ``docs``."""
    if len(stores) == 1:
        return [(0, stores[0][2], docs)]
    shares = []
    lo = 0
    for i, (_leaf, offset, store) in enumerate(stores):
        hi = bisect_left(docs, stores[i + 1][1], lo) if i + 1 < len(stores) else len(docs)
        if lo < hi:
            shares.append((offset, store, [d - offset for d in docs[lo:hi]] if offset
                           else docs[lo:hi]))
        lo = hi
    return shares


def _add_phrase_spans(found: Found, offset: int, store: Any, terms: list[int],
                      offsets: list[int], local: list[int]) -> None:
    """Add to ``found`` the span of each place in the documents ``local`` (ascending, numbered
    in the segment; ``offset`` makes them global) where the words of a phrase (term numbers
    ``terms`` in the posting arrays ``store``) sit at ``offsets`` from the first: from the
    first word's start to the last word's end (one span per place, from the first occurrence
    of each word at its position, as :func:`_phrase_spans` finds them with array operations).

    In each document the places of the word it holds fewest times are listed, and every other
    word is looked for at its offset from them by a binary search of its positions (every
    third integer of its occurrences, read in place): a frequent word ("de" in "zone de
    libre-échange", dozens of times in a paragraph) is never copied out whole.
    """
    columns = store.posting_columns
    docs, bounds, occ = columns.py_docs, columns.py_occ_offsets, columns.py_occ
    # Where each distinct word's postings are still to be searched (the documents ascend).
    lows = {t: columns.starts[t] for t in terms}
    highs = {t: columns.starts[t + 1] for t in terms}
    # Each word with its place from the first word's (which is where a place counts from).
    words = list(enumerate(zip(terms, [0, *offsets[1:]], strict=True)))
    _k, (first_term, _s) = words[0]
    _k, (last_term, last_shift) = words[-1]
    for d in local:
        held = {}
        for t, lo in lows.items():
            lo = lows[t] = bisect_left(docs, d, lo, highs[t])
            if lo == highs[t] or docs[lo] != d:
                break
            start = bounds[lo]
            held[t] = (start, occ[start : bounds[lo + 1] : 3])  # its positions, in place
        else:
            rarest, (t, shift) = min(words, key=lambda word: len(held[word[1][0]][1]))
            bases = [p - shift for p in held[t][1].tolist()]
            for k, (t, shift) in words:
                if k == rarest:
                    continue
                positions = held[t][1]
                n = len(positions)
                kept = []
                for base in bases:
                    i = bisect_left(positions, base + shift)
                    if i < n and positions[i] == base + shift:
                        kept.append(base)
                bases = kept
                if not bases:
                    break
            else:
                # A place's first occurrence of the first and last words, as a search of the
                # sorted occurrences finds it.
                a, first = held[first_term]
                z, last = held[last_term]
                spans = found[d + offset]
                for base in bases:
                    spans += (occ[a + 3 * bisect_left(first, base) + 1],
                              occ[z + 3 * bisect_left(last, base + last_shift) + 2])


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
            found[key >> DOC_POSITION_BITS] += (start, end)
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
    lo = np.searchsorted(occ.keys, docnums << DOC_POSITION_BITS)
    hi = np.searchsorted(occ.keys, (docnums + 1) << DOC_POSITION_BITS)
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
    return ((occ.keys[picked] >> DOC_POSITION_BITS).tolist(),
            occ.starts[picked].tolist(),  # type: ignore[index]
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
    return (keys >> DOC_POSITION_BITS).tolist(), starts.tolist(), ends.tolist()
