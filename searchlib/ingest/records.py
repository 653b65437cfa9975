"""Resolve every footnote of a book into the record that everything downstream reads.

A reader gives each footnote its text, repaired sources and markers; :func:`resolve_records`
adds, once, at ingest, what used to be re-derived at run time in several places:

- ``fields``: the reference parsed into bibliographic fields (:func:`.citation.parse_footnote`);
- ``year``: the year the footnote cites, by the one rule of :func:`cited_year`, and the same
  year on each of its sources that has none of its own;
- ``bibliography``: the entry of the book's own bibliography it matches, and how
  (:func:`.bibliography.reconcile`, run once per book);
- each marker's printed ``page``.

The index facets, ``searchlib cite``, ``searchlib sources`` and the web pages read these fields and
never parse a note again, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Book, Footnote, Marker, ParsedCitation, Source
from .bibliography import reconcile
from .citation import parse_footnote


def cited_year(sources: list[Source], fields: ParsedCitation | None) -> int | None:
    """The one year rule: the year a footnote cites.

    The year in the slug of its first belta.by article URL (``…-462339-2021/``) when it has one:
    the agency dates its own articles, where a printed year is the translator's copy and was
    seen wrong (b1:125 prints 2021 for an article of 2017); else the year its reference prints
    (``- 2021. -``); else ``None``.

    :param sources: the footnote's sources as the reader made them (slug years only).
    :param fields: its parsed reference, ``None`` when the definition is missing.
    """
    slug = next((s.year for s in sources if s.year is not None), None)
    if slug is not None:
        return slug
    return fields.year if fields is not None else None


def _marker_pages(note: Footnote, starts: dict[str, int | None]) -> list[Marker]:
    # A paragraph's page is where it starts; the reader's page of a note is where its (first)
    # marker stands, which is the page a reader cites (b2's paragraphs run across pages).
    return [
        replace(m, page=note.page if i == 0 and note.page is not None else starts.get(m.paragraph))
        for i, m in enumerate(note.markers)
    ]


def resolve_footnote(note: Footnote, starts: dict[str, int | None]) -> Footnote:
    """``note`` with its fields, year, sources' years and marker pages (not its bibliography).

    :param starts: the printed page each paragraph of its book starts on, by paragraph id.
    """
    fields = parse_footnote(note.text, note.sources) if note.text is not None else None
    year = cited_year(note.sources, fields)
    sources = [s if s.year is not None else replace(s, year=year) for s in note.sources]
    return replace(note, fields=fields, year=year, sources=sources,
                   markers=_marker_pages(note, starts))


def resolve_records(book: Book) -> Book:
    """``book`` with every footnote resolved (see the module docstring); ``book`` is unchanged.

    The bibliography is reconciled once, with the footnotes as the reader gave them.
    """
    matches = reconcile(book).matches
    starts = {p.id: p.page for p in book.paragraphs()}
    notes = [
        replace(resolve_footnote(n, starts), bibliography=matches.get(n.number))
        for n in book.footnotes
    ]
    return replace(book, footnotes=notes)
