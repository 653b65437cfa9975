"""The search results page, its JSON twin and the CSV export of all hits.

The search itself is :func:`searchlib.search.search`; this module only adds what a page needs
beyond :meth:`SearchResults.to_json`: book and chapter titles, each footnote's sources with their
archived copies (from the corpus), the facet links, the pagination.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import OrderedDict
from typing import Any

from flask import Response, current_app, jsonify, render_template

from searchlib.search import search

from .corpus import CorpusView, corpus_view
from .errors import wants_json
from .params import format_param
from .render import source_data
from .searcher import get_searcher, live_index

FACET_LABELS = {"book": "Livre", "chapter": "Chapitre", "domain": "Source", "year": "Année"}


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
    live.index()  # one stat of CURRENT: notices a rebuild even when every answer is cached
    before = live.generation
    cached = cache.get(before, key) if cache.size else None
    if cached is not None:
        return cached
    searcher = get_searcher()
    results = search(
        searcher,
        query,
        page=page,
        page_len=page_len,
        filters=filters or None,
        corpus_dir=current_app.config["CORPUS_DIR"],
    )
    # Cache only when no switch happened while we searched: then ``results`` belong to it.
    after = live.generation
    if cache.size and after is not None and after == before:
        cache.put(after, key, results)
    return results


def _hit_view(view: CorpusView, hit: Any) -> dict[str, Any]:
    """What ``_hit.html`` shows of one hit: titles and each note's sources with archive links."""
    loc = view.located.get(hit.id)
    notes = []
    for ref in hit.footnotes:
        sources = view.sources_of(ref.book, ref.number)
        notes.append(
            {
                "book": ref.book,
                "number": ref.number,
                "text": ref.text,
                "sources": [source_data(s) for s in sources]
                or [{"url": u, "domain": None, "archive": None} for u in ref.urls],
            }
        )
    return {
        "hit": hit,
        "book_title": loc.book.meta.title if loc else hit.book,
        "chapter_title": loc.chapter.title if loc else None,
        "notes": notes,
    }


def _facet_label(view: CorpusView, name: str, value: str) -> str:
    """A facet value as a reader knows it: a book's title, ``b1 · ch. 3 Title`` for a chapter."""
    if name == "book" and value in view.by_book:
        return view.by_book[value].meta.title
    if name == "chapter" and ":" in value:
        book_id, _, number = value.partition(":")
        book = view.by_book.get(book_id)
        titles = {str(c.number): c.title for c in book.chapters} if book else {}
        title = titles.get(number.lstrip("0") or "0")
        return f"{book_id} · ch. {number}" + (f" {title}" if title else "")
    return value


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
    view = corpus_view(current_app.config["CORPUS_DIR"])
    facets = [
        {
            "name": name,
            "label": FACET_LABELS.get(name, name),
            "values": [
                {"value": v.value, "count": v.count, "label": _facet_label(view, name, v.value)}
                for v in values
            ],
        }
        for name, values in results.facets.items()
    ]
    return render_template(
        "search.html",
        results=results,
        query=query,
        filters=filters,
        hits=[_hit_view(view, h) for h in results.hits],
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
