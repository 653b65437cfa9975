"""Short headings and facet labels, note texts with their URLs as links, the fallback message."""

# ruff: noqa: F811  (pytest fixtures imported from web_fixtures are parameters here)
from __future__ import annotations

import re

from searchlib.model import BookMeta, Footnote, Marker, Paragraph
from tests.web_fixtures import BELTA, app, client, tiny_dirs  # noqa: F401
from web.labels import chapter_label, french_date, shorten, surname
from web.render import linked_note, marked_text

LONG_TITLE = (
    "La priorité est donnée à des projets spécifiques : chronique de l'interaction de "
    "l'intégration dans l'espace post-soviétique"
)


def meta(**kw) -> BookMeta:
    return BookMeta(**{"id": "b9", "file": "x.txt", "format": "html", "title": LONG_TITLE, **kw})


def test_book_label_is_the_manifest_short_title_else_author_and_year_else_the_id():
    assert meta(author="Boris Zalessky", year=2023).label == "Zalessky 2023"
    assert meta(author="Boris Zalessky", year=2023, short_title="Chronique").label \
        == "Chronique"
    assert meta(author="Zalessky, Boris").label == "Zalessky"
    assert meta(title="Un district, un projet").label == "Un district, un projet"
    assert meta().label == "b9"
    assert surname("Jean de La Fontaine; Autre") == "Fontaine"


def test_shorten_cuts_at_a_word_boundary():
    assert shorten("court", 10) == "court"
    cut = shorten("Bélarus-Kazakhstan : des projets pour l'avenir - dans la feuille de route", 40)
    assert cut == "Bélarus-Kazakhstan : des projets pour…" and len(cut) <= 40
    assert chapter_label(8, "Ouzbékistan", 60) == "ch. 8 · Ouzbékistan"
    assert chapter_label(3, None) == "ch. 3"
    assert french_date("2021-10-05") == "5 octobre 2021" and french_date("2021") == "2021"


def test_note_text_links_its_urls_once_escaped():
    sources = [
        {"url": BELTA, "href": BELTA},
        {"url": "https://repaired.example/a", "href": "https://repaired.example/a"},
        {"url": "javascript:alert(1)", "href": None},
    ]
    text = f"Titre <i>1</i>. - URL : {BELTA} ; voir javascript:alert(1)"
    note = linked_note(text, sources)
    assert str(note.html) == (
        "Titre &lt;i&gt;1&lt;/i&gt;. - URL : "
        f'<a class="source-link" href="{BELTA}" rel="noopener noreferrer">{BELTA}</a>'
        " ; voir javascript:alert(1)"
    )
    # The repaired URL is not in the text: the page lists it beside the note instead.
    assert note.linked == {BELTA}


def test_a_url_inside_a_longer_one_is_linked_once():
    long, short = "https://a.by/x/y", "https://a.by/x"
    note = linked_note(f"URL : {long}", [{"url": short, "href": short},
                                         {"url": long, "href": long}])
    assert str(note.html).count("<a ") == 1 and f'href="{long}"' in note.html


def test_repeated_markers_of_one_note_get_distinct_ids():
    para = Paragraph("b1.c01.p001", "b1", 1, "Un deux trois", None, [4])
    note = Footnote("b1", 4, "n", [], [Marker(para.id, 2), Marker(para.id, 7)], None)
    html = str(marked_text(para, {("b1", 4): note}))
    assert re.findall(r'id="([^"]+)"', html) == ["ref-4", "ref-4-7"]


def headings(page: str) -> list[str]:
    found = re.findall(r'<h2><a class="hit-link" href="/p/[^"]+" title="([^"]*)">(.*?)</a></h2>',
                       page)
    return [(title, re.sub(r"<[^>]+>", "", inner)) for title, inner in found]


def test_hit_headings_are_short_with_full_titles_in_their_tooltip(client):
    page = client.get("/search?q=Kostanay").get_data(as_text=True)
    assert headings(page) == [
        ("Chronique de l&#39;intégration — Chapitre 1 · Le Kazakhstan",
         "Zalessky 2023 · ch. 1 · Le Kazakhstan · p. 11 · § 1"),
        ("Un district, un projet — Chapitre 1 · Les districts",
         "Un district, un projet · ch. 1 · Les districts · p. 11 · § 1"),
    ]


def test_facet_labels_are_short_and_name_the_book_only_when_needed(client):
    page = client.get("/search?q=Kostanay").get_data(as_text=True)
    assert ('href="?q=Kostanay&amp;book=b1" title="Chronique de l&#39;intégration">'
            "Zalessky 2023</a>") in page
    assert ">Zalessky 2023 · ch. 1 · Le Kazakhstan</a>" in page
    assert ">Un district, un projet · ch. 1 · Les districts</a>" in page
    one_book = client.get("/search?q=Kostanay&book=b1").get_data(as_text=True)
    assert ">ch. 1 · Le Kazakhstan</a>" in one_book and "Zalessky 2023 · ch. 1" not in one_book
    # The active filter is named like its facet value.
    assert "Livre : Zalessky 2023 ✕</a>" in one_book
    chapter = client.get("/search?q=Kostanay&chapter=b2:1").get_data(as_text=True)
    assert "Chapitre : Un district, un projet · ch. 1 · Les districts ✕</a>" in chapter


def test_fallback_message_is_in_french(client):
    page = client.get("/search?q=Kostanay+lait").get_data(as_text=True)
    assert '<p class="message">Aucun passage ne contient tous les mots' in page
    # The page and its JSON twin say the same (the library writes it in French).
    message = client.get("/search.json?q=Kostanay+lait").get_json()["message"]
    assert f'<p class="message">{message}</p>' in page


def test_search_hit_notes_show_the_url_once_as_the_link(client):
    page = client.get("/search?q=Kostanay").get_data(as_text=True)
    assert page.count(f'href="{BELTA}"') == 1
    # Shown once, as the link's text (the archive and lookup links carry it only in their href).
    assert page.count(f">{BELTA}<") == 1
    assert page.count(f" {BELTA}") == 0  # not also as plain text after "URL :"
    assert f"URL : <a class=\"source-link\" href=\"{BELTA}\"" in page
    assert '<span class="domain">belta.by, 2021</span>' in page


def test_passage_notes_link_back_to_their_marker_and_show_the_printed_page(client):
    page = client.get("/p/b1.c01.p001").get_data(as_text=True)
    assert '<sup class="marker"><a href="#note-1" id="ref-1">1</a></sup>' in page
    note = page[page.index('id="note-1"'):]
    assert note.index('class="backref" href="#ref-1"') < note.index("</li>")
    assert '<strong class="printed-page">page 11</strong>' in page
    assert page.count(f">{BELTA}</a>") == 1
