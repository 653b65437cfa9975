"""The search results page, its JSON twin and the CSV export of all hits.

The search itself is :func:`searchlib.search.search`; this module runs it (through a per-generation
results cache) and renders the page; what a page shows beyond :meth:`SearchResults.to_json` (short
headings, footnotes with their sources, facet labels) comes from :mod:`web.hits`.
"""

from __future__ import annotations

import csv
import html
import io
import re
import threading
from collections import OrderedDict
from functools import partial
from typing import Any

from flask import Response, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup

from searchlib.cite.locators import locate
from searchlib.search import search

from .chart import year_chart
from .corpus import corpus_view
from .errors import wants_json
from .fragments import fragment, macros, render_part, request_args
from .hits import FACET_LABELS, facet_counts, facets_html, filter_label, hit_view
from .params import format_param
from .searcher import get_generation, get_searcher, live_index
from .sorting import DEFAULT_SORT, SORTS, sort_order
from .urls import url_with

_TAGS = re.compile(r"<[^>]+>")


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


def _run(query: str, page: int, page_len: int, filters: dict[str, Any],
         sort: str = DEFAULT_SORT) -> Any:
    key = (query, page, page_len, tuple(sorted(filters.items())), sort)
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
        order=sort_order(sort),
    )
    # An answer from a generation a switch replaced meanwhile is not worth keeping.
    if cache.size and generation is not None and generation == live.generation:
        cache.put(generation, key, results)
    return results


def _sorted(query: str, page: int, page_len: int, filters: dict[str, Any], sort: str) -> Any:
    """One page of results in ``sort`` order (:mod:`web.sorting`: keys computed once per
    generation; only the page's hits are built)."""
    return _run(query, page, page_len, filters, sort)


def _page_links(results: Any, sort: str) -> dict[str, Any]:
    """Datasette-style paging for the JSON twin: the next page's number and URL (or ``None``)."""
    has_next = results.page < results.pages and results.total > results.page * results.page_len
    args = {k: v for k, v in request.args.items() if k not in ("page", "n")}
    args["size"] = str(results.page_len)
    next_url = (url_for("search.search_json", **args, page=results.page + 1, _external=True)
                if has_next else None)
    return {"size": results.page_len, "sort": sort, "next": results.page + 1 if has_next else None,
            "next_url": next_url}


def search_page(query: str, page: int, page_len: int, filters: dict[str, Any],
                sort: str = DEFAULT_SORT) -> Any:
    """The ``/search`` page (or ``/search.json``) for ``query``."""
    format_param()
    if not query:
        if wants_json():
            return jsonify({"ok": False, "error": "Le paramètre « q » (la requête) est vide."}), 400
        return render_template("search.html", results=None, query="", filters=filters)
    results = _sorted(query, page, page_len, filters, sort)
    if wants_json():
        return jsonify({"ok": True, **results.to_json(), "filters": filters,
                        **_page_links(results, sort)})
    view = corpus_view()
    context: dict[str, Any] = {"q": query, **filters}
    if page_len != current_app.config["PAGE_LEN"]:
        context["size"] = page_len
    if sort != DEFAULT_SORT:
        context["sort"] = sort
    # Everything the results block is rendered from, besides the generation: the request's
    # arguments (its links), the results' counts, messages, hits and facets.
    key = ("results", request_args(), results.total, results.page, results.pages,
           results.message, results.suggestion, results.corrected, results.parsed,
           repr(results.expansions),
           tuple((h.id, h.snippet) for h in results.hits), facet_counts(results.facets))
    shown = fragment(key, lambda: _results_html(view, results, query, filters, sort, context))
    return render_template("search.html", results=results, query=query, results_html=shown)


def _results_html(view: Any, results: Any, query: str, filters: dict[str, str], sort: str,
                  context: dict[str, Any]) -> Markup:
    """The results block (``_results.html``): summary, year chart, hits, paging, facets."""
    first = (results.page - 1) * results.page_len + 1
    hits = macros("_hit.html").hits(
        [hit_view(view, h, first + i, context) for i, h in enumerate(results.hits)])
    return render_part(
        "_results.html", results=results, query=query, filters=filters, hits_html=hits,
        facets_html=facets_html(view, results.facets, filters),
        chart=year_chart(results.facets.get("year", []), lambda y: url_with(year=y)),
        labels=FACET_LABELS, sort=sort, sorts=SORTS, max_size=current_app.config["MAX_PAGE_LEN"],
        url_with=url_with, filter_label=partial(filter_label, view))


#: The CSV's columns: the first nine as before (their order is the export's contract), then the
#: passage's URL and place, the snippet as plain text, and each note's page.
CSV_COLUMNS = ["rang", "id", "livre", "chapitre", "page", "score", "texte", "notes", "urls",
               "url", "emplacement", "extrait", "notes_urls"]


def csv_filename(query: str) -> str:
    """``recherche-kostanay-tracteurs.csv``: the query in ASCII letters and digits."""
    from unidecode import unidecode

    words = re.findall(r"[a-z0-9]+", unidecode(query).lower())
    slug = "-".join(words)[:60].strip("-")
    return f"recherche-{slug}.csv" if slug else "recherche.csv"


def csv_export(query: str, filters: dict[str, Any], sort: str = DEFAULT_SORT) -> Response:
    """Every hit of ``query`` (up to ``CSV_MAX_HITS``) as CSV, one row per passage.

    UTF-8 with a byte order mark, so that a spreadsheet (French Excel) reads the accents right.
    """
    results = _sorted(query, 1, current_app.config["CSV_MAX_HITS"], filters, sort)
    view = corpus_view()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for rank, hit in enumerate(results.hits, 1):
        loc = view.located.get(hit.id)
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
                url_for("search.passage", pid=hit.id, _external=True),
                str(locate(loc.book, loc.paragraph, loc.chapter)) if loc else "",
                _csv_safe(html.unescape(_TAGS.sub("", hit.snippet))),
                " ".join(url_for("search.note", book=f.book, number=f.number, _external=True)
                         for f in hit.footnotes),
            ]
        )
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_filename(query)}"'
    return response


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; a leading quote neutralises it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
