"""The search results page, its JSON twin and the CSV export of all hits.

The search itself is :func:`searchlib.search.search`; this module runs it (through a per-generation
results cache) and renders the page; what a page shows beyond :meth:`SearchResults.to_json` (short
headings, footnotes with their sources, facet labels) comes from :mod:`web.hits`.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import OrderedDict
from typing import Any

from flask import Response, current_app, jsonify, render_template

from searchlib.search import search

from .corpus import corpus_view
from .errors import wants_json
from .hits import FACET_LABELS, facet_views, hit_view
from .params import format_param
from .searcher import get_generation, get_searcher, live_index


class ResultsCache:
    """The last ``size`` search results, valid for one index generation only.

    Readers page through results, add and remove facets and come back to a query: each of these
    repeats a search whose answer cannot have changed until a rebuild switches the generation,
    which empties the cache.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, generation: str | None, key: tuple[Any, ...]) -> Any:
        with self._lock:
            if generation != self._generation:
                return None
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, generation: str | None, key: tuple[Any, ...], value: Any) -> None:
        with self._lock:
            if generation != self._generation:
                self._items.clear()
                self._generation = generation
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _cache() -> ResultsCache:
    cache = current_app.extensions.get("searchlib.results")
    if cache is None:
        cache = current_app.extensions["searchlib.results"] = ResultsCache(
            current_app.config["RESULTS_CACHE_SIZE"]
        )
    return cache  # type: ignore[no-any-return]


def _run(query: str, page: int, page_len: int, filters: dict[str, Any]) -> Any:
    key = (query, page, page_len, tuple(sorted(filters.items())))
    live = live_index()
    cache = _cache()
    # Borrowing the searcher is the request's one stat of CURRENT: it notices a rebuild even when
    # every answer is cached, and names the generation the answer comes from.
    searcher = get_searcher()
    generation = live.generation_of(searcher)
    cached = cache.get(generation, key) if cache.size else None
    if cached is not None:
        return cached
    results = search(
        searcher,
        query,
        page=page,
        page_len=page_len,
        filters=filters or None,
        corpus_dir=get_generation().corpus_dir,  # the tables this generation was built with
    )
    # An answer from a generation a switch replaced meanwhile is not worth keeping.
    if cache.size and generation is not None and generation == live.generation:
        cache.put(generation, key, results)
    return results


def search_page(query: str, page: int, page_len: int, filters: dict[str, Any]) -> Any:
    """The ``/search`` page (or ``/search.json``) for ``query``."""
    format_param()
    if not query:
        if wants_json():
            return jsonify({"ok": False, "error": "Le paramètre « q » (la requête) est vide."}), 400
        return render_template("search.html", results=None, query="", filters=filters)
    results = _run(query, page, page_len, filters)
    if wants_json():
        return jsonify({"ok": True, **results.to_json(), "filters": filters})
    view = corpus_view()
    facets = facet_views(view, results.facets)
    first = (results.page - 1) * results.page_len + 1
    context: dict[str, Any] = {"q": query, **filters}
    if page_len != current_app.config["PAGE_LEN"]:
        context["size"] = page_len
    return render_template(
        "search.html",
        results=results,
        query=query,
        filters=filters,
        hits=[hit_view(view, h, first + i, context) for i, h in enumerate(results.hits)],
        facets=facets,
        labels=FACET_LABELS,
    )


def csv_export(query: str, filters: dict[str, Any]) -> Response:
    """Every hit of ``query`` (up to ``CSV_MAX_HITS``) as CSV, one row per passage."""
    results = _run(query, 1, current_app.config["CSV_MAX_HITS"], filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rang", "id", "livre", "chapitre", "page", "score", "texte", "notes", "urls"])
    for rank, hit in enumerate(results.hits, 1):
        writer.writerow(
            [
                rank,
                hit.id,
                hit.book,
                hit.chapter,
                hit.page,
                round(hit.score, 4),
                _csv_safe(hit.text),
                " ".join(str(f.number) for f in hit.footnotes),
                " ".join(u for f in hit.footnotes for u in f.urls),
            ]
        )
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="recherche.csv"'
    return response


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; a leading quote neutralises it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
