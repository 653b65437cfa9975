"""Citation formats: GOST text, and CSL-JSON / BibTeX / RIS read back by real parsers."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest
import rispy

from searchlib.cite import render_citations, render_footnote, render_passage, resolve
from searchlib.errors import InvalidReference
from tests.cite_books import (
    KOSTANAY_URL,
    LEBEDEV_URL,
    PUSHNYAKOVA_URL,
    citeproc_render,
    make_b1,
    make_b2,
)


@pytest.fixture
def books():
    return [make_b1(), make_b2()]


def _note(book, number):
    return next(n for n in book.footnotes if n.number == number)


def _all_citations(books):
    """Every defined footnote of both books, one shape each."""
    return [c for ref in ("b1:1", "b1:2", "b1:10", "b1:32", "b1:40", "b2:4")
            for c in resolve(books, ref).citations]


def test_gost_online_without_author():
    b1 = make_b1()
    assert render_footnote(b1, _note(b1, 32), "gost") == (
        "Les régions de Grodno et de Kostanay ont signé une feuille de route pour le "
        "développement de la coopération [Ressource électronique]. – 2021. – URL : "
        + KOSTANAY_URL
    )


def test_gost_online_with_author_as_the_books_print_it():
    b2 = make_b2()
    assert render_footnote(b2, _note(b2, 4), "gost") == (
        "Pushnyakova, A. Golovchenko : le programme \"Un district - un projet\" vise à libérer les "
        "initiatives locales / A. Pushnyakova // [Ressource électronique]. – 2024. – URL : "
        + PUSHNYAKOVA_URL
    )


def test_gost_book_and_document():
    b1 = make_b1()
    assert render_footnote(b1, _note(b1, 40), "gost") == (
        "Zalessky, B. Le temps des nouvelles opportunités. Collection d'articles / B. Zalessky. – "
        "LAP LAMBERT Academic Publishing, 2021. – C. 26."
    )
    assert render_footnote(b1, _note(b1, 10), "gost") == (
        "Programme interétatique de coopération en matière d'innovation des États membres de la "
        "CEI jusqu'en 2030. – M., 2020. – C. 8."
    )


def test_gost_missing_definition_renders_nothing_but_text_says_so():
    b1 = make_b1()
    assert render_footnote(b1, _note(b1, 5), "gost") == ""
    text = render_footnote(b1, _note(b1, 5), "text")
    assert "definition is missing from the source" in text
    assert "Le programme a été approuvé en 2011. [5] Il a été achevé en 2020." in text


def test_text_shows_everything_a_reader_needs(books):
    text = render_citations(resolve(books, "b1:2").citations, "text")
    assert "Note as printed: Lebedev : L'accord" in text
    assert f"Source: {LEBEDEV_URL}" in text
    assert f"archived copies: https://web.archive.org/web/2021*/{LEBEDEV_URL}" in text
    assert "Bibliography: entry 1 (matched by BelTA id)" in text
    assert "  Passage b1.c01.p001 (chap. 1 « La coopération dans la CEI », p. 12):" in text
    assert "renforcera la coopération. [2] Un détail important" in text
    assert "Cite the source (GOST): Lebedev" in text
    assert "Cite the passage: Boris Zalessky, La priorité" in text


def test_json_keeps_raw_text_fields_and_links(books):
    [data] = json.loads(render_citations(resolve(books, "b1:32").citations, "json"))
    assert data["key"] == "b1:32" and data["missing_definition"] is False
    assert data["text"].startswith("Les régions de Grodno")
    assert data["fields"]["raw"] == data["text"]
    assert data["fields"]["year"] == 2021
    assert data["sources"][0]["belta_id"] == 462339
    assert data["sources"][0]["wayback"].startswith("https://web.archive.org/web/2021*/")
    assert data["passages"][0]["paragraph"] == "b1.c02.p001"
    assert data["passages"][0]["gost"].endswith("§ 1.")
    assert data["passages"][0]["ordinal"] == 1


def test_unknown_format_is_refused(books):
    with pytest.raises(InvalidReference, match="unknown format"):
        render_citations(resolve(books, "b1:2").citations, "mla")


# --- round trips through real parsers ---------------------------------------------------------


def _latex_unescape(value: str) -> str:
    return re.sub(r"\\([&%$#_{}])", r"\1", value)


def test_bibtex_reads_back_with_the_same_fields(books):
    citations = _all_citations(books)
    library = bibtexparser.parse_string(render_citations(citations, "bibtex"))
    assert library.failed_blocks == []
    entries = {e.key: e for e in library.entries}
    assert list(entries) == ["b1_1", "b1_2", "b1_10", "b1_32", "b1_40", "b2_4"]
    for citation in citations:
        entry = entries[citation.key.replace(":", "_")]
        fields = {k: _latex_unescape(f.value) for k, f in entry.fields_dict.items()}
        parsed = citation.parsed
        assert fields["title"] == parsed.title
        assert fields["note"] == " ".join(citation.footnote.text.split())
        if parsed.year:
            assert fields["year"] == str(parsed.year)
        if citation.footnote.sources:
            assert fields["url"] == citation.footnote.sources[0].url
        if parsed.authors:
            assert fields["author"] == " and ".join(parsed.authors)
    assert entries["b1_40"].entry_type == "book"
    assert entries["b1_40"].fields_dict["publisher"].value == "LAP LAMBERT Academic Publishing"
    assert entries["b1_32"].entry_type == "online"


def test_bibtex_escapes_latex_specials():
    from searchlib.cite.machine import Record, to_bibtex

    text = to_bibtex([Record(id="x:1", kind="document", title="50 % & co_op {draft}")])
    [entry] = bibtexparser.parse_string(text).entries
    assert entry.fields_dict["title"].value == r"50 \% \& co\_op \{draft\}"


def test_csl_json_is_rendered_by_citeproc(books):
    items = json.loads(render_citations(_all_citations(books), "csl-json"))
    assert [i["id"] for i in items] == ["b1:1", "b1:2", "b1:10", "b1:32", "b1:40", "b2:4"]
    by_id = {i["id"]: i for i in items}
    assert by_id["b2:4"]["author"] == [{"family": "Pushnyakova", "given": "A."}]
    assert by_id["b1:32"]["type"] == "webpage"
    assert by_id["b1:32"]["issued"] == {"date-parts": [[2021]]}
    rendered = citeproc_render(items)
    assert len(rendered) == len(items)
    joined = "\n".join(rendered)
    assert "Pushnyakova, A. (2024) Golovchenko" in joined
    assert f"Available at: {KOSTANAY_URL}" in joined
    assert "LAP LAMBERT Academic Publishing" in joined


def test_ris_reads_back_with_type_and_fields(books):
    citations = _all_citations(books)
    records = rispy.loads(render_citations(citations, "ris"))
    assert [r["id"] for r in records] == [c.key for c in citations]
    by_id = {r["id"]: r for r in records}
    assert by_id["b2:4"]["type_of_reference"] == "ELEC"
    assert by_id["b2:4"]["authors"] == ["Pushnyakova, A."]
    assert by_id["b2:4"]["year"] == "2024"
    assert by_id["b2:4"]["urls"] == [PUSHNYAKOVA_URL]
    assert by_id["b1:40"]["type_of_reference"] == "BOOK"
    assert by_id["b1:40"]["start_page"] == "26"
    assert by_id["b1:10"]["notes"] == [" ".join(_note(make_b1(), 10).text.split())]


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex", "ris"])
def test_passage_reference_in_machine_formats(fmt):
    book = make_b1()
    paragraph = book.chapters[1].paragraphs[0]
    out = render_passage(book, paragraph, fmt)
    if fmt == "csl-json":
        [item] = json.loads(out)
        assert item["type"] == "chapter" and item["container-title"] == book.meta.title
        # The note is the reader's locator; the paragraph id stays the item's id.
        assert item["page"] == "30" and item["note"] == "chap. 2, p. 30, § 1"
        assert item["id"] == "b1.c02.p001"
        assert "Les régions" in citeproc_render([item])[0]
    elif fmt == "bibtex":
        [entry] = bibtexparser.parse_string(out).entries
        assert entry.entry_type == "inbook"
        assert entry.fields_dict["chapter"].value == "Les régions"
        assert entry.fields_dict["pages"].value == "30"
        assert entry.fields_dict["note"].value == "chap. 2, p. 30, § 1"
        assert entry.key == "b1_c02_p001"
    else:
        [record] = rispy.loads(out)
        assert record["type_of_reference"] == "CHAP"
        assert record["secondary_title"] == book.meta.title
        assert record["notes"] == ["chap. 2, p. 30, § 1"]
        assert record["id"] == "b1.c02.p001"


def test_machine_formats_give_a_book_without_pages_the_chapter_page_and_ordinal():
    # b1 prints no page per paragraph: the note says where its chapter starts and which §.
    book = make_b1()
    for chapter in book.chapters:
        chapter.page = 17 if chapter.number == 2 else 9
        for paragraph in chapter.paragraphs:
            paragraph.page = None
    paragraph = book.chapters[1].paragraphs[1]
    expected = "chap. 2, p. 17 et suiv., § 2"
    [item] = json.loads(render_passage(book, paragraph, "csl-json"))
    assert item["note"] == expected and item["id"] == "b1.c02.p002"
    [record] = rispy.loads(render_passage(book, paragraph, "ris"))
    assert record["notes"] == [expected] and record["id"] == "b1.c02.p002"
    [entry] = bibtexparser.parse_string(render_passage(book, paragraph, "bibtex")).entries
    assert entry.fields_dict["note"].value == expected and entry.key == "b1_c02_p002"
    data = json.loads(render_passage(book, paragraph, "json"))
    assert data["locator"] == expected and data["paragraph"] == "b1.c02.p002"
    assert data["book_label"] == "Zalessky 2023"
    for fmt in ("csl-json", "ris", "bibtex"):
        assert "§ b1." not in render_passage(book, paragraph, fmt), fmt
