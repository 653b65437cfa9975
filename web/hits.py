"""What the results page shows of each hit and each facet value, beyond the search's own data.

A hit's heading is short and informative (``b2 · ch. 8 · Ouzbékistan : la coopération… · p. 89``)
with the full book and chapter titles in its ``title`` attribute; under it, each footnote with its
sources, their archived copies and, when imported, the source page's own title and date. Facet
values get the same short labels (:mod:`web.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template, request
from markupsafe import Markup, escape

from searchlib.cite.locators import locate

from .corpus import CorpusView
from .fragments import fragment, macros, render_part
from .labels import chapter_label
from .render import source_data
from .urls import memo_url_for, url_with

FACET_LABELS = {"book": "Livre", "chapter": "Chapitre", "domain": "Source", "year": "Année"}


def _note_html(view: CorpusView, ref: Any) -> Markup:
    """One footnote of a hit as ``_sources.html`` shows it, rendered once per corpus version."""
    def render() -> Markup:
        sources = view.sources_of(ref.book, ref.number)
        note = {
            "book": ref.book,
            "number": ref.number,
            "text": ref.text,
            "sources": [source_data(s, view) for s in sources]
            or [{"url": u, "domain": None, "archive": None} for u in ref.urls],
        }
        return Markup(render_template("_sources.html", note=note, compact=True))

    key = ("note", request.script_root, ref.book, ref.number, ref.text, tuple(ref.urls))
    return view.remembered(key, render)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class HitParts:
    """What a hit shows whatever the query, as HTML: its heading (short labels), its ``title``
    (full book and chapter titles) and its notes."""

    title: Markup
    heading: Markup
    notes: Markup


@dataclass(frozen=True, slots=True)
class HitView:
    """One hit as ``_hit.html`` shows it (attributes, not a dict: Jinja reads them first)."""

    hit: Any
    rank: int
    href: str
    parts: HitParts


def hit_view(
    view: CorpusView, hit: Any, rank: int = 0, context: dict[str, Any] | None = None
) -> HitView:
    """What ``_hit.html`` shows of one hit: its link, its snippet and its :func:`hit_parts`.

    :param rank: the hit's rank in the results (from 1).
    :param context: what the hit's link carries back (``q``, filters, ``size``), so that the
        passage page highlights the query and leads back to these results.
    """
    args = {**(context or {}), "rank": rank} if rank else dict(context or {})
    href = memo_url_for("search.passage", pid=hit.id, **args)
    return HitView(hit, rank, href, hit_parts(view, hit))


def hit_parts(view: CorpusView, hit: Any) -> HitParts:
    """A hit's :class:`HitParts`, rendered once per passage and generation (web.fragments).

    Keyed by the passage's id alone: its book, chapter, page and notes are the generation's
    (stored in its index and corpus), the same in every query that finds it.
    """
    return fragment(("hit", hit.id), lambda: _render_parts(view, hit))


def _render_parts(view: CorpusView, hit: Any) -> HitParts:
    loc = view.located.get(hit.id)
    book_title = loc.book.meta.title if loc else hit.book
    chapter_title = loc.chapter.title if loc else None
    full = book_title + (f" — Chapitre {hit.chapter} · {chapter_title}" if chapter_title else "")
    parts = macros("_hit_parts.html")
    heading = parts.heading(
        hit,
        locate(loc.book, loc.paragraph, loc.chapter) if loc else None,
        loc.book.meta.label if loc else hit.book,
        chapter_label(hit.chapter, chapter_title, 50),
    )
    # A note's HTML depends on the corpus, not on the query: each is rendered once.
    notes = [_note_html(view, ref) for ref in hit.footnotes]
    return HitParts(escape(full), heading, parts.notes(notes) if notes else Markup())


def facet_label(view: CorpusView, name: str, value: str, with_book: bool = True) -> dict[str, str]:
    """A facet value's short ``label`` and its full ``title`` (for the tooltip).

    A book is named by its short label; a chapter ``b1:3`` by ``ch. 3 · title``, prefixed by
    the book's id when ``with_book`` (chapters of several books in one list). Computed once per
    corpus version.
    """
    return view.remembered(  # type: ignore[no-any-return]
        ("facet", name, value, with_book), lambda: _facet_label(view, name, value, with_book)
    )


def filter_label(view: CorpusView, name: str, value: str) -> str:
    """An active filter as its facet names it (``Zalessky 2023``, ``b1 · ch. 3 · title``)."""
    return facet_label(view, name, value)["label"]  # type: ignore[no-any-return]


def _facet_label(view: CorpusView, name: str, value: str, with_book: bool = True) -> dict[str, str]:
    if name == "book" and value in view.by_book:
        meta = view.by_book[value].meta
        return {"label": meta.label, "title": meta.title}
    if name == "chapter" and ":" in value:
        book_id, _, number = value.partition(":")
        book = view.by_book.get(book_id)
        titles = {str(c.number): c.title for c in book.chapters} if book else {}
        title = titles.get(number.lstrip("0") or "0")
        label = chapter_label(number, title, 40)
        full = f"{book.meta.title} — Chapitre {number}" if book else f"Chapitre {number}"
        return {
            "label": f"{book.meta.label if book else book_id} · {label}" if with_book
            else label,
            "title": full + (f" · {title}" if title else ""),
        }
    return {"label": value, "title": value}


def facet_views(view: CorpusView, facets: dict[str, Any],
                filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The facets as the template lists them: name, heading, values with counts and labels,
    each value's link (``href``: this page with its filter added, or removed when ``active``)."""
    chapter_books = {v.value.partition(":")[0] for v in facets.get("chapter", [])}
    with_book = len(chapter_books) > 1
    filters = filters or {}
    out = []
    for name, values in facets.items():
        current = filters.get(name)
        listed = []
        for v in values:
            active = current == v.value
            listed.append({"value": v.value, "count": v.count, "active": active,
                           "href": url_with(**{name: None if active else v.value}),
                           **facet_label(view, name, v.value, with_book)})
        out.append({"name": name, "label": FACET_LABELS.get(name, name), "values": listed})
    return out


def facet_counts(facets: dict[str, Any]) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """The facets' values and counts, hashable: what the facet list and chart are drawn from."""
    return tuple((name, tuple((v.value, v.count) for v in values))
                 for name, values in facets.items())


def facets_html(view: CorpusView, facets: dict[str, Any], filters: dict[str, str]) -> Markup:
    """The page's facet list (``_facets.html``; empty when no facet has a value)."""
    if not any(facets.values()):
        return Markup()
    return render_part("_facets.html", facets=facet_views(view, facets, filters))
