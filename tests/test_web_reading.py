"""From a hit to its context: the query highlighted on the passage page and in the chapter view,
the way back to the results, and locators a reader of the printed book can use."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import re

from searchlib.cite.locators import Locator, locate
from searchlib.model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph
from tests.web_fixtures import app, client, tiny_dirs  # noqa: F401
from web.reading import annotated_text, snippet_spans


def test_snippet_spans_read_the_marks_back_as_offsets():
    text = "Kostanay & Gomel <b> Kostanay"
    snippet = "<mark>Kostanay</mark> &amp; Gomel &lt;b&gt; <mark>Kostanay</mark>"
    assert snippet_spans(text, snippet) == [(0, 8), (21, 29)]
    # A snippet that is not a slice of the text highlights nothing.
    assert snippet_spans("autre chose", "<mark>Kostanay</mark>") == []


def test_annotated_text_escapes_marks_and_splits_a_mark_at_a_marker():
    para = Paragraph("b1.c01.p001", "b1", 1, "Les <tracteurs> de Kostanay.", None, [7])
    notes = {("b1", 7): Footnote("b1", 7, "note", [], [Marker("b1.c01.p001", 23)])}
    html = str(annotated_text(para, notes, [(19, 27)]))
    assert html == ('Les &lt;tracteurs&gt; de <mark>Kost</mark><sup class="marker">'
                    '<a href="#note-7" id="ref-7">7</a></sup><mark>anay</mark>.')
    linked = str(annotated_text(para, notes, [], note_url=lambda n: f"/note/b1/{n}"))
    assert '<a href="/note/b1/7" title="Note 7">7</a>' in linked and "id=" not in linked


def _book(chapter_page, para_page):
    paras = [Paragraph(f"x.c02.p00{i}", "x", 2, f"texte {i}", para_page) for i in (1, 2, 3)]
    return Book(BookMeta("x", "f", "page-text", "T"), [Chapter(2, "Deux", chapter_page, paras)])


def test_locator_names_chapter_printed_page_and_ordinal():
    book = _book(17, None)
    assert str(locate(book, book.chapters[0].paragraphs[1])) == "chap. 2, p. 17 et suiv., § 2"
    paged = _book(17, 19)
    assert str(locate(paged, paged.chapters[0].paragraphs[2])) == "chap. 2, p. 19, § 3"
    assert str(Locator(None, None, None, 4)) == "§ 4"


def test_a_hit_link_carries_the_query_and_its_rank(client):
    page = client.get("/search?q=Kostanay&book=b1").get_data(as_text=True)
    links = re.findall(r'class="hit-link" href="([^"]+)"', page)
    assert links == ["/p/b1.c01.p001?q=Kostanay&amp;book=b1&amp;rank=1"]
    assert '<article class="hit" id="hit-1">' in page
    # Hits are h2 under the page's h1.
    assert re.search(r'<article class="hit"[^>]*>\s*<h2>', page)


def test_the_passage_page_highlights_the_query_and_leads_back(client):
    page = client.get("/p/b1.c01.p001?q=Kostanay&book=b1&rank=1").get_data(as_text=True)
    assert "<mark>Kostanay</mark>" in page
    assert '<a class="back" href="/search?q=Kostanay&amp;book=b1#hit-1">' in page
    assert "résultat n° 1 pour « Kostanay »" in page
    assert "chap. 1, p. 11, § 1" in page
    assert 'href="/b/b1/c/1?q=Kostanay#b1.c01.p001"' in page
    # Without a query: no highlight and no way back to results that do not exist.
    plain = client.get("/p/b1.c01.p001").get_data(as_text=True)
    assert "<mark>" not in plain and "retour aux résultats" not in plain


def test_the_back_link_returns_to_the_page_holding_the_hit(client):
    page = client.get("/p/b2.c01.p001?q=Kostanay&rank=3&size=2").get_data(as_text=True)
    assert 'href="/search?q=Kostanay&amp;size=2&amp;page=2#hit-3"' in page


def test_chapter_view_highlights_and_links_markers_to_notes(client):
    page = client.get("/b/b1/c/1?q=Kostanay").get_data(as_text=True)
    assert '<section class="reading" id="b1.c01.p001">' in page
    assert '<section class="reading" id="b1.c01.p002">' in page
    assert "<mark>Kostanay</mark>" in page
    assert '<a href="/note/b1/1" title="Note 1">1</a>' in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert 'rel="next" href="/b/b1/c/2?q=Kostanay"' in page
    data = client.get("/b/b1/c/1.json").get_json()
    locators = [p["locator"] for p in data["passages"]]
    assert locators == ["chap. 1, p. 11, § 1", "chap. 1, p. 12, § 2"]


def test_chapter_view_errors_are_404(client):
    for path in ("/b/b1/c/9", "/b/zz/c/1", "/b/b1/c/x", "/b/b1/c/123456", "/b/a.b/c/1"):
        assert client.get(path).status_code == 404, path
    assert client.get("/p/b1.c01.p001?rank=x").status_code == 400


def test_a_book_without_author_says_so_and_is_labelled_by_its_short_title(client):
    page = client.get("/p/b2.c01.p001").get_data(as_text=True)
    assert "auteur non indiqué dans la source" in page
    assert "Un district, un projet" in page


def test_a_short_title_from_the_manifest_labels_a_book_without_author():
    long_title = "L'initiative « Un district, un projet » comme outil de libération (et autres)"
    meta = BookMeta("b2", "f", "page-text", long_title)
    assert meta.label == "b2"
    meta.short_title = "Un district, un projet"
    assert meta.label == "Un district, un projet"
    meta.author, meta.year = "Boris Zalessky", 2023
    assert meta.label == "Un district, un projet"  # the manifest's choice wins
    meta.short_title = None
    assert meta.label == "Zalessky 2023"
