"""The orders a reader can put results in: relevance, book order, or the cited sources' year.

The search ranks by relevance (:mod:`searchlib.search`); the other two orders are a re-sort of all
the hits (up to ``CSV_MAX_HITS``) here, then the page asked for is cut from it. Book order is the
order of the corpus (book, chapter, paragraph); year order puts first the passages whose notes
cite the oldest sources, those citing no dated source last, ties in book order.
"""

from __future__ import annotations

from typing import Any

from .corpus import CorpusView

#: ``?sort=`` values, the first being the default (the names are French, like the URLs' labels).
SORTS = {"pertinence": "pertinence", "livre": "ordre du livre", "année": "année des sources"}
DEFAULT_SORT = "pertinence"


def _reading_order(view: CorpusView) -> dict[str, int]:
    return view.remembered(  # type: ignore[no-any-return]
        ("reading-order",), lambda: {pid: i for i, pid in enumerate(view.located)}
    )


def cited_year(view: CorpusView, hit: Any) -> int | None:
    """The year of the oldest dated source the hit's notes cite."""
    years = [s.year for ref in hit.footnotes for s in view.sources_of(ref.book, ref.number)
             if s.year is not None]
    return min(years) if years else None


def sort_hits(view: CorpusView, hits: list[Any], sort: str) -> list[Any]:
    """``hits`` in the order ``sort`` names (relevance: as given)."""
    order = _reading_order(view)
    end = len(order)
    if sort == "livre":
        return sorted(hits, key=lambda h: order.get(h.id, end))
    if sort == "année":
        def key(h: Any) -> tuple[int, int, int]:
            year = cited_year(view, h)
            return (year is None, year or 0, order.get(h.id, end))
        return sorted(hits, key=key)
    return list(hits)
