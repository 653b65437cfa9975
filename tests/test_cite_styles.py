"""Formatted references from CSL (ISO 690, Chicago, APA), the exports' archive links, and
``searchlib cite --style``: each style's output, and each export parsing back in its reader."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from citeproc.source.json import CiteProcJSON

from searchlib.cite import make_citation, render_footnote, render_passage
from searchlib.cite.styles import NO_AUTHOR, STYLES, for_style, style_citations, style_passage
from searchlib.cli import cli
from searchlib.errors import InvalidReference
from searchlib.model import BookMeta
from tests.web_fixtures import BELTA, tiny_books, write_tiny_corpus


@pytest.fixture(scope="module")
def books():
    found = {b.id: b for b in tiny_books()}
    found["b1"].meta = BookMeta("b1", "f", "markdown-export", "Chronique de l'intégration",
                                author="Boris Zalessky", publisher="Sciencia Scripts", year=2023)
    return found


def test_a_belta_article_is_a_newspaper_article_of_belta(books):
    citation = make_citation(books["b1"], books["b1"].footnotes[0])
    expected = {
        # ISO 690 sets a person's surname in capitals, not an agency's name: BelTA as it writes it.
        "iso690": "BelTA, 2021. Tracteurs biélorusses au Kazakhstan. BelTA [en ligne]. 2021. "
                  f"Disponible à l'adresse : {BELTA}",
        "chicago": f"BelTA. « Tracteurs biélorusses au Kazakhstan ». BelTA, 2021. {BELTA}.",
        "apa": f"BelTA. (2021). Tracteurs biélorusses au Kazakhstan. BelTA. {BELTA}",
    }
    for style, text in expected.items():
        assert style_citations([citation], style) == [text], style
    assert style_citations([citation], "apa", html=True)[0].count("<i>BelTA</i>") == 1


def test_a_passage_reference_ends_with_its_locator(books):
    b1 = books["b1"]
    para = b1.chapters[0].paragraphs[1]
    apa = style_passage(b1, para, "apa")
    assert apa.startswith("Zalessky, B. (2023). Le Kazakhstan. In Chronique de l'intégration")
    assert apa.endswith(" Chap. 1, p. 12, § 2.")
    # A book stating no author says so instead of repeating its title.
    b2 = books["b2"]
    text = style_passage(b2, b2.chapters[0].paragraphs[0], "chicago")
    assert text.startswith(f"{NO_AUTHOR}. « Les districts »") and text.count("Les districts") == 1


def test_style_input_is_valid_csl_json_and_drops_archive_and_note(books):
    citation = make_citation(books["b1"], books["b1"].footnotes[0])
    items = [for_style(i) for i in json.loads(render_footnote(books["b1"], citation.footnote,
                                                              "csl-json"))]
    assert {"note", "archive_location", "medium"}.isdisjoint(items[0])
    assert items[0]["type"] == "article-newspaper" and items[0]["container-title"] == "BelTA"
    # citeproc-py reads it back.
    assert list(CiteProcJSON(items)) == ["b1:1"]


def test_unknown_style_is_refused(books):
    with pytest.raises(InvalidReference, match="unknown style 'mla'"):
        style_citations([], "mla")


def test_exports_parse_back_and_carry_no_archive_as_attachment(books):
    b1 = books["b1"]
    note = b1.footnotes[0]
    ris = rispy.loads(render_footnote(b1, note, "ris"))
    assert ris[0]["urls"] == [BELTA] and "file_attachments1" not in ris[0]
    assert ris[0]["secondary_title"] == "BelTA"
    assert "web.archive.org" not in render_footnote(b1, note, "ris")
    entry = bibtexparser.parse_string(render_footnote(b1, note, "bibtex")).entries[0]
    assert entry.fields_dict["url"].value == BELTA and "addendum" not in entry.fields_dict
    items = json.loads(render_footnote(b1, note, "csl-json"))
    assert "archive_location" not in items[0] and items[0]["container-title"] == "BelTA"
    assert list(CiteProcJSON(items)) == ["b1:1"]
    passage = rispy.loads(render_passage(b1, b1.chapters[0].paragraphs[0], "ris"))
    assert passage[0]["authors"] == ["Boris Zalessky"]


def test_cli_cite_style(tmp_path, cli_runner):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    for style in STYLES:
        result = cli_runner.invoke(cli, ["cite", "b1:1", "--style", style, "--corpus",
                                         str(corpus)])
        assert result.exit_code == 0, result.output
        assert "Tracteurs biélorusses au Kazakhstan" in result.output and "BelTA" in result.output
    result = cli_runner.invoke(cli, ["cite", "b1.c01.p001", "--style", "iso690", "--corpus",
                                     str(corpus)])
    lines = result.output.splitlines()
    assert lines[0].startswith("ZALESSKY, Boris, 2023.")
    assert lines[0].endswith("Chap. 1, p. 11, § 1.")
    assert lines[1].startswith("BelTA, 2021. Tracteurs biélorusses au Kazakhstan.")
    bad = cli_runner.invoke(cli, ["cite", "b1:1", "--style", "mla", "--corpus", str(corpus)])
    assert bad.exit_code == 2 and "Invalid value for '--style'" in bad.output


def test_cli_spells_the_styles_of_the_library():
    from searchlib.cli import cite_commands

    assert cite_commands.STYLES == tuple(STYLES)


def test_the_missing_author_notice_reads_as_written_in_every_style(books):
    # ISO 690 writes authors in capitals; the notice is no author's name.
    b2 = books["b2"]
    paragraph = b2.chapters[0].paragraphs[0]
    for style in STYLES:
        for html in (False, True):
            text = style_passage(b2, paragraph, style, html=html)
            assert text.startswith(NO_AUTHOR), (style, html, text)
            assert NO_AUTHOR.upper() not in text and "\ue000" not in text, (style, html)
            assert "\ue001" not in text, (style, html)
    iso = style_passage(b2, paragraph, "iso690")
    assert iso.startswith(f"{NO_AUTHOR}, [sans date]. Les districts.")
    # A real author keeps the style's capitals.
    assert style_passage(books["b1"], books["b1"].chapters[0].paragraphs[0],
                         "iso690").startswith("ZALESSKY, Boris")


def test_iso690_capitalises_a_persons_surname_not_an_organisations_name():
    from searchlib.cite.styles import format_items

    items = [
        {"id": "a", "type": "report", "title": "Rapport", "issued": {"date-parts": [[2020]]},
         "author": [{"literal": "Banque mondiale & FMI"}]},
        {"id": "b", "type": "article-newspaper", "title": "Dépêche", "container-title": "BelTA",
         "URL": "https://www.belta.by/economics/view/x-1-2021/",
         "issued": {"date-parts": [[2021]]}},
        {"id": "c", "type": "book", "title": "Livre", "issued": {"date-parts": [[2019]]},
         "author": [{"family": "Lebedev", "given": "Sergei"}, {"literal": "BelTA"}]},
    ]
    plain = format_items(items, "iso690")
    assert [t.split(",")[0] for t in plain] == ["Banque mondiale & FMI", "BelTA", "LEBEDEV"]
    assert "BELTA" not in " ".join(plain) and "BANQUE" not in " ".join(plain)
    assert plain[2].startswith("LEBEDEV, Sergei et BelTA, 2019. Livre.")
    html = format_items(items, "iso690", html=True)
    assert html[0].startswith("Banque mondiale &amp; FMI, 2020.")
    assert not any(c in t for t in plain + html for c in "\ue000\ue001")
    # The other styles print literal names as they are, too.
    assert format_items(items[1:2], "chicago")[0].startswith("BelTA.")
