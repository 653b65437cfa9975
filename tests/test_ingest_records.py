"""Ingest resolves each footnote once: fields, the one year rule, marker pages (literal books)."""

from __future__ import annotations

from searchlib.ingest.citation import parse_footnote
from searchlib.ingest.records import cited_year, resolve_records
from searchlib.ingest.urls import make_source
from searchlib.model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph

BELTA_2017 = "https://www.belta.by/regions/view/komi-opyt-belarusi-267360-2017/"
PRINTED_2021 = "Komi et le Belarus [Ressource électronique]. - 2021. - URL : " + BELTA_2017


def test_the_year_rule_prefers_the_slug_then_the_printed_year():
    fields = parse_footnote(PRINTED_2021)
    assert fields.year == 2021  # as printed: the fields keep it
    assert cited_year([make_source(BELTA_2017)], fields) == 2017  # the agency dates its article
    other_site = make_source("https://government.by/ru/content/10051")
    assert cited_year([other_site], fields) == 2021
    assert cited_year([], parse_footnote("Titre sans date.")) is None
    assert cited_year([], None) is None  # definition missing


def _book() -> Book:
    paragraphs = [Paragraph("x.c01.p001", "x", 1, "Un. Deux.", page=7, footnotes=[1]),
                  Paragraph("x.c01.p002", "x", 1, "Trois.", page=9, footnotes=[1, 2])]
    notes = [
        Footnote("x", 1, PRINTED_2021, [make_source(BELTA_2017),
                                        make_source("https://government.by/ru/content/1")],
                 [Marker("x.c01.p001", 3), Marker("x.c01.p002", 6)], page=8),
        Footnote("x", 2, None, [], [Marker("x.c01.p002", 0)]),
    ]
    meta = BookMeta(id="x", file="x.txt", format="html", title="X")
    return Book(meta, [Chapter(1, "Un", 7, paragraphs)], notes)


def test_resolve_records_fills_fields_year_and_marker_pages():
    book = _book()
    resolved = resolve_records(book)
    first, missing = resolved.footnotes
    assert first.year == 2017
    assert [s.year for s in first.sources] == [2017, 2017]  # a source without a slug: its note's
    assert first.fields is not None and first.fields.title == "Komi et le Belarus"
    # The first marker stands on the note's page; another one on its paragraph's first page.
    assert [m.page for m in first.markers] == [8, 9]
    assert (missing.fields, missing.year, [m.page for m in missing.markers]) == (None, None, [9])
    assert book.footnotes[0].fields is None  # the reader's book is left as it was
