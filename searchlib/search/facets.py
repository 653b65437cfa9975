"""Facet counts of all the passages a query matched: book, chapter, source domain, source year.

Each facet value's set of documents is read once per index segment from the postings of the
filter fields and kept while that segment is open (it is part of the index, not of any result);
a query's counts are then set intersections with its matched documents. Chapters are counted per
book (``b1:3``), since both books have a chapter 3.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from whoosh.reading import IndexReader

from .results import FacetValue

#: The facets, in display order, and how many values of each are reported at most.
FACET_LIMITS = {"book": 10, "chapter": 60, "domain": 20, "year": 30}

_cache: OrderedDict[tuple[str, ...], dict[str, dict[str, frozenset[int]]]] = OrderedDict()
_lock = threading.Lock()
_CACHE_SEGMENTS = 4


def _segment_key(reader: IndexReader) -> tuple[str, ...]:
    keys = []
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        keys.append(f"{segment.segment_id() if segment else id(leaf)}@{offset}")
    return tuple(keys)


def value_sets(reader: IndexReader) -> dict[str, dict[str, frozenset[int]]]:
    """For each facet field, each value's set of document numbers (cached per open segments)."""
    key = _segment_key(reader)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    sets: dict[str, dict[str, frozenset[int]]] = {}
    for fieldname in ("book", "chapter", "domain", "year"):
        sets[fieldname] = {
            term.decode("utf-8"): frozenset(reader.postings(fieldname, term).all_ids())
            for term in reader.lexicon(fieldname)
        }
    with _lock:
        _cache[key] = sets
        while len(_cache) > _CACHE_SEGMENTS:
            _cache.popitem(last=False)
    return sets


def facet_counts(reader: IndexReader, docs: set[int]) -> dict[str, list[FacetValue]]:
    """Counts of each facet value among ``docs``, most frequent first (chapters in book order).

    :param reader: the reader of the searched index.
    :param docs: the document numbers of every passage the query matched.
    """
    if not docs:
        return {name: [] for name in FACET_LIMITS}
    sets = value_sets(reader)
    facets: dict[str, list[FacetValue]] = {}
    books = {b: docs & s for b, s in sets["book"].items()}
    facets["book"] = [FacetValue(b, len(d)) for b, d in sorted(books.items()) if d]
    chapters = []
    for book, in_book in sorted(books.items()):
        for chapter, chapter_docs in sorted(sets["chapter"].items(), key=lambda c: _num(c[0])):
            n = len(in_book & chapter_docs) if in_book else 0
            if n:
                chapters.append(FacetValue(f"{book}:{chapter}", n))
    facets["chapter"] = chapters[: FACET_LIMITS["chapter"]]
    for name in ("domain", "year"):
        counts = [FacetValue(v, len(docs & s)) for v, s in sets[name].items()]
        counts = [c for c in counts if c.count]
        if name == "year":
            counts.sort(key=lambda c: c.value, reverse=True)
        else:
            counts.sort(key=lambda c: (-c.count, c.value))
        facets[name] = counts[: FACET_LIMITS[name]]
    return facets


def _num(text: str) -> int:
    return int(text) if text.isdigit() else -1
