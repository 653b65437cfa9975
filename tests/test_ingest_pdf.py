"""The PDF reader on PDFs the project typesets itself (tests/fixtures_pdf.py), checked exactly."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from searchlib.corpus import qa_report
from searchlib.errors import ParseError, SourceFileError
from searchlib.ingest import reader_for
from searchlib.model import BookMeta, Marker
from tests.fixtures_pdf import Typesetter

URL1 = (
    "https://www.belta.by/politics/view/lebedev-soglashenie-o-svobodnoj-torgovle-uslugami-v-sng-"
    "mozhet-byt-podpisano-v-mae-2022-goda-469260-2021/"
)
P1 = (
    "La présidence biélorusse de la Communauté a marqué l'année 2022. "
    "Les échanges de services ont progressé."
)
# Soft hyphens mark where "développement" may be broken; the typesetter breaks it at "déve-".
P2 = (
    "Le programme de coopération en matière d'innovation est devenu plus souple. "
    "Les scientifiques ont enfin adopté une déclaration nouvelle sur la coopération dans l'espace "
    "post-soviétique. Les experts ont finalisé la liste des projets dans les domaines prioritaires "
    "de la recherche fondamentale, afin de renforcer le dé\u00adve\u00adlop\u00adpe\u00adment "
    "durable de la région. Plus de huit cents personnes ont été formées à l'université en réseau, "
    "et les députés ont ratifié l'accord sur sa création et son fonctionnement."
)
P3 = "Bishkek prévoit d'acheter des machines pour le nettoyage des rues."
N1 = (
    "Lebedev : l'accord pourrait être signé en mai 2022 [Ressource électronique]. - 2021. - URL : "
    + URL1
)
N2 = "Plus de 800 personnes ont été formées [Ressource électronique]. - 2019."
N3 = "Voir www.example.org/rapport-annuel."
META = BookMeta(id="t", file="sources/t.pdf", format="pdf", title="Test")


def typeset(**options) -> bytes:
    t = Typesetter(width=300, height=260, first_folio=7, **options)
    t.heading("Premier chapitre")
    t.paragraph(P1, [(1, P1.index(" Les"))], {1: N1})
    t.paragraph(P2, [(2, P2.index(" Plus"))], {2: N2})
    t.heading("Deuxième chapitre")
    t.paragraph(P3, [(3, len(P3) - 1)], {3: N3})
    return t.pdf()


def ingest(tmp_path: Path, data: bytes):
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    return reader_for("pdf")(path, META)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return typeset()


def test_fixture_really_has_the_hard_cases(pdf_bytes):
    """The typeset PDF breaks lines where the reader must repair them (else nothing is proven)."""
    doc = pymupdf.open("pdf", pdf_bytes)
    pages = [page.get_text() for page in doc]
    assert "post-\nsoviétique" in pages[1]  # a compound broken at its hyphen
    assert "déve-\nloppement" in pages[1]  # a word hyphenated at the margin
    assert "politics/vie\nw/lebedev" in pages[0] and "v-sng-\nmozhet" in pages[0]  # URL wrapped
    # The paragraph runs across the page break.
    assert "souple. Les\n1Lebedev" in pages[0] and pages[1].startswith("scientifiques")
    assert doc.get_toc() == [[1, "Premier chapitre", 1], [1, "Deuxième chapitre", 3]]
    assert len(doc[0].get_links()) == 3


@pytest.mark.parametrize("options", [{}, {"outline": False, "links": False}])
def test_structure_exactly(tmp_path, options):
    """With outline and link annotations, and without (font-size headings, URL from geometry)."""
    book = ingest(tmp_path, typeset(**options))
    assert [(c.number, c.title, c.page) for c in book.chapters] == [
        (1, "Premier chapitre", 7),
        (2, "Deuxième chapitre", 9),
    ]
    paragraphs = [(p.id, p.chapter, p.page, p.footnotes, p.text) for p in book.paragraphs()]
    assert paragraphs == [
        ("t.c01.p001", 1, 7, [1], P1),
        ("t.c01.p002", 1, 7, [2], P2.replace("\u00ad", "")),
        ("t.c02.p001", 2, 9, [3], P3),
    ]
    notes = [(f.number, f.page, f.text, f.urls, f.markers) for f in book.footnotes]
    assert notes == [
        (1, 7, N1, [URL1], [Marker("t.c01.p001", P1.index(" Les"))]),
        (2, 8, N2, [], [Marker("t.c01.p002", P2.replace("\u00ad", "").index(" Plus"))]),
        (3, 9, N3, ["https://www.example.org/rapport-annuel"], [Marker("t.c02.p001", len(P3) - 1)]),
    ]
    assert book.footnotes[0].sources[0].belta_id == 469260
    assert book.pages == 3
    assert book.stats["hyphens_repaired"] == 1
    assert book.stats["urls_joined"] == 2


def test_qa_report_of_a_pdf_book(tmp_path, pdf_bytes):
    report = qa_report(ingest(tmp_path, pdf_bytes))
    assert (report.chapters, report.paragraphs, report.markers, report.definitions) == (2, 3, 3, 3)
    assert report.markers_without_definition == []
    assert report.definitions_without_marker == []
    assert report.footnotes_without_url == [2]
    assert report.pages == 3


def test_link_annotation_adds_a_source_not_printed(tmp_path, pdf_bytes):
    """A link over words (no URL printed) still gives the footnote its source."""
    doc = pymupdf.open("pdf", pdf_bytes)
    page = doc[1]
    (rect,) = page.search_for("800 personnes")
    uri = "https://www.belta.by/society/view/bolee-800-chelovek-337497-2019/"
    page.insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": uri})
    book = ingest(tmp_path, doc.tobytes())
    note = book.footnotes[1]
    assert note.text == N2
    assert [(s.url, s.belta_id, s.year) for s in note.sources] == [(uri, 337497, 2019)]


def test_page_labels_win_over_physical_pages(tmp_path):
    doc = pymupdf.open("pdf", typeset())
    doc.set_page_labels([{"startpage": 0, "prefix": "", "style": "D", "firstpagenum": 101}])
    book = ingest(tmp_path, doc.tobytes())
    assert [c.page for c in book.chapters] == [101, 103]
    assert [f.page for f in book.footnotes] == [101, 102, 103]


def test_superscript_that_is_not_a_number_is_text(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    font = pymupdf.Font("tiro")
    tw = pymupdf.TextWriter(page.rect)
    tw.append((40, 60), "Au XX", font=font, fontsize=10)
    tw.append((40 + font.text_length("Au XX", 10), 56), "e", font=font, fontsize=6)
    x = 40 + font.text_length("Au XX", 10) + font.text_length("e", 6)
    tw.append((x, 60), " siècle, la croissance", font=font, fontsize=10)
    tw.append((x + font.text_length(" siècle, la croissance", 10), 56), "4", font=font, fontsize=6)
    tw.write_text(page)
    book = ingest(tmp_path, doc.tobytes())
    (para,) = book.paragraphs()
    assert para.text == "Au XXe siècle, la croissance"
    assert para.footnotes == [4]
    assert [(f.number, f.text, f.markers) for f in book.footnotes] == [
        (4, None, [Marker("t.c00.p001", len("Au XXe siècle, la croissance"))])
    ]


def test_glued_markers_split_by_sequence():
    from searchlib.ingest.pdf import _split_markers

    assert _split_markers("4142", 41) == [41, 42]
    assert _split_markers("3, 4", 3) == [3, 4]
    assert _split_markers("5-7", 5) == [5, 6, 7]
    assert _split_markers("12", 3) == [12]


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x13 this is not a PDF body \xff\xfe")
    with pytest.raises(SourceFileError, match=r"is not a readable PDF \(corrupt or truncated\)"):
        reader_for("pdf")(path, META)


def test_encrypted_pdf(tmp_path, pdf_bytes):
    doc = pymupdf.open("pdf", pdf_bytes)
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(SourceFileError) as e:
        reader_for("pdf")(path, META)
    assert str(e.value) == f"{path} is encrypted: a password is needed to read it"


def test_image_only_pdf_needs_ocr(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=200, height=200)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(20, 20, 180, 180), pixmap=pix)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    with pytest.raises(ParseError) as e:
        reader_for("pdf")(path, META)
    assert str(e.value) == (f"{path} has no text layer (scanned pages?): OCR is needed first")
    assert "\n" not in str(e.value)


def test_missing_pdf(tmp_path):
    with pytest.raises(SourceFileError, match="source file not found"):
        reader_for("pdf")(tmp_path / "nope.pdf", META)


@pytest.mark.parametrize("links", [True, False])
def test_roundtrip_of_b1(real_books, links):
    """b1's text ingestion, typeset with real page-bottom footnotes and read back, agrees exactly.

    Without link annotations one footnote (51) and one bibliography entry (169) cannot come back:
    their text has a space right after a hyphen, and the line break fell on that space.
    """
    from bench.pdf_roundtrip import roundtrip

    book = real_books["b1"]
    pdf_book, agreement = roundtrip(book, links=links, context=[real_books["b2"]])
    assert agreement["chapters"] == (11, 11)
    assert agreement["paragraphs"] == (174, 174)
    assert agreement["footnotes"] == ((210, 210) if links else (209, 210))
    assert agreement["bibliography"] == (204, 205)
    assert [c.page for c in pdf_book.chapters] == sorted(c.page for c in pdf_book.chapters)
    assert qa_report(pdf_book).markers_without_definition == [5, 6]


def test_pdf_book_is_a_manifest_entry(tmp_path, pdf_bytes):
    """A PDF book needs only a manifest entry and its file; a broken one loses nothing ingested."""
    from searchlib.corpus import ingest_books, load_corpus, write_corpus

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "t.pdf").write_bytes(pdf_bytes)
    manifest = '[[book]]\nid = "t"\nfile = "sources/t.pdf"\nformat = "pdf"\ntitle = "Test"\n'
    (tmp_path / "books.toml").write_text(manifest, encoding="utf-8")
    write_corpus(ingest_books(tmp_path), tmp_path / "ingested")
    (book,) = load_corpus(tmp_path)
    assert [p.id for p in book.paragraphs()] == ["t.c01.p001", "t.c01.p002", "t.c02.p001"]
    before = (tmp_path / "ingested" / "t.json").read_bytes()
    (tmp_path / "sources" / "t.pdf").write_bytes(pdf_bytes[: len(pdf_bytes) // 3])
    with pytest.raises(
        SourceFileError, match=r"t\.pdf is not a readable PDF \(corrupt or truncated\)$"
    ):
        ingest_books(tmp_path)
    assert (tmp_path / "ingested" / "t.json").read_bytes() == before
