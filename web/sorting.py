"""The orders a reader can put results in: relevance, book order, or the cited sources' year.

The search ranks by relevance (:mod:`searchlib.search`). The other two orders are keys computed
once per index generation, one per document number: the search cuts the page asked for in that
order (``search(..., order=keys)``) and builds the snippets of that page only, instead of every
hit being built and re-sorted per request. Book order is the order of the corpus (book, chapter,
paragraph); year order puts first the passages whose notes cite the oldest sources, those citing
no dated source last, ties in book order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from searchlib.index.display import Passage, display_record
from searchlib.search.postings import index_arrays

from .corpus import CorpusView, corpus_view
from .searcher import get_generation, get_searcher

#: ``?sort=`` values, the first being the default (the names are French, like the URLs' labels).
SORTS = {"pertinence": "pertinence", "livre": "ordre du livre", "année": "année des sources"}
DEFAULT_SORT = "pertinence"


def cited_year(view: CorpusView, notes: Any) -> int | None:
    """The year of the oldest dated source the notes (``book``, ``number`` each) cite."""
    years = [s.year for ref in notes for s in view.sources_of(ref.book, ref.number)
             if s.year is not None]
    return min(years) if years else None


def _passages(searcher: Any) -> list[Passage | None]:
    """The display record of every document number (``None`` for a deleted document)."""
    reader = searcher.reader()
    records = index_arrays(reader).display(reader)
    return [
        None if reader.is_deleted(d)
        else records.get(d) if records is not None
        else display_record(searcher.stored_fields(d))
        for d in range(reader.doc_count_all())
    ]


def order_keys(view: CorpusView, passages: list[Passage | None], sort: str) -> Any:
    """One key per document number for ``sort`` (smaller first), distinct: a document's rank.

    A document the corpus does not place (none should be) comes after all the others.
    """
    reading = {pid: i for i, pid in enumerate(view.located)}
    end = len(reading)

    def place(d: int) -> int:
        passage = passages[d]
        return reading.get(passage.id, end + d) if passage is not None else end + d

    def key(d: int) -> tuple[int, ...]:
        passage = passages[d]
        if sort == "livre" or passage is None:
            return (place(d),)
        year = cited_year(view, passage.footnotes)
        return (year is None, year or 0, place(d))

    ranked = sorted(range(len(passages)), key=key)
    keys = np.empty(len(passages), dtype=np.int64)
    keys[ranked] = np.arange(len(passages))
    return keys


def sort_order(sort: str) -> Any:
    """The keys of ``sort`` for the request's generation (``None`` for relevance), computed once
    per generation."""
    if sort not in SORTS or sort == DEFAULT_SORT:
        return None
    searcher = get_searcher()  # first: the generation is then the one this searcher reads
    return get_generation().derived(
        ("sort-order", sort), lambda: order_keys(corpus_view(), _passages(searcher), sort))
