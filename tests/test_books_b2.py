"""Book b2 (page-text extraction) ingested from the real source, checked against the source.

Line numbers refer to corpus/sources/003_fc394fa71e3d6478.txt; each fact below was read there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searchlib.corpus import qa_report

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def b2(real_books):
    return real_books["b2"]


@pytest.fixture(scope="module")
def notes(b2):
    return b2.footnotes_by_number()


@pytest.fixture(scope="module")
def paragraphs(b2):
    return b2.paragraphs_by_id()


def paragraph_with(b2, words):
    found = [p for p in b2.paragraphs() if words in p.text]
    assert len(found) == 1, words
    return found[0]


def test_counts(b2):
    report = qa_report(b2)
    assert report.chapters == 28
    assert [c.number for c in b2.chapters] == list(range(1, 29))
    assert report.pages == 321
    assert report.markers == 498
    assert [f.number for f in b2.footnotes if f.markers] == list(range(1, 499))
    assert 350 <= report.definitions <= 370
    assert report.definitions_without_marker == []


def test_printed_page_numbers(b2, paragraphs):
    # Lines 4855, 10206, 15642: printed pages 95, 198, 301 survive; page 1 of the file is p. 4.
    assert b2.chapters[0].page == 4
    # Line 4840-4855: the paragraph runs from p. 94 onto p. 95, past the "95" line.
    para = paragraph_with(b2, "attire de nombreux exportateurs de Biélorussie pour démontrer")
    assert para.page == 94 and " 95 " not in para.text
    pages = [p.page for p in paragraphs.values()]
    assert pages == sorted(pages) and pages[-1] == 324


def test_chapter_titles(b2):
    # Lines 1-2 and 2384-2388 (three-line title), 12774-12778 (title and subtitle).
    assert b2.chapters[0].title == (
        "L'initiative \"Un district, un projet\" comme outil de libération de l'initiative locale"
    )
    assert b2.chapters[4].title == (
        "Les technoparcs, un outil innovant pour les produits d'exportation et de "
        "substitution aux importations"
    )
    assert b2.chapters[4].page == 47
    assert b2.chapters[21].title == (
        "Bourse universelle des marchandises du Belarus : augmentation stable du nombre de "
        "participants L'appel d'offres est source de succès"
    )


def test_first_paragraph(paragraphs):
    # Lines 5-31: the first paragraph, marker 1 at line 27 ('services"1 . En outre').
    para = paragraphs["b2.c01.p001"]
    assert para.text.startswith('L\'initiative "Un district - un projet" est en place depuis 2022,')
    assert para.text.endswith("est une condition importante dans la situation actuelle.")
    assert 'énergie, services". En outre, la substitution' in para.text
    assert para.footnotes == [1] and para.page == 4


def test_paragraph_boundaries(b2):
    # Lines 3100-3104: a line short of the width without a period, then an indented line.
    para = paragraph_with(b2, "Pour en revenir aux perspectives et aux domaines de coopération")
    assert para.text.startswith("Pour en revenir aux perspectives") and para.page == 61
    # Line 1521-1523: "post-" / "soviétiques." keeps the hyphen and ends the paragraph.
    para = paragraph_with(b2, "marché des pays post-soviétiques.")
    assert para.text.endswith("ainsi qu'au marché des pays post-soviétiques.")
    # Line 3973: "122Cinq ans plus tard" opens a paragraph with marker 122 glued to it.
    para = paragraph_with(b2, "Cinq ans plus tard, en novembre 2024, Minsk")
    assert para.text.startswith("Cinq ans plus tard") and para.footnotes[0] == 122
    # Line 13939-13941: "Belarus-" / "2022.3" is a tractor model, not marker 3.
    assert "tracteur à forte consommation d'énergie Belarus-2022.3, dont" in "".join(
        p.text for p in b2.paragraphs()
    )


def test_footnotes_no_definition_text_in_body(b2):
    body = " ".join(p.text for p in b2.paragraphs())
    assert "[Ressource électronique]" not in body
    assert "https://" not in body


def test_footnote_1(notes):
    # Lines 52-55, marker at line 27.
    note = notes[1]
    assert note.text.startswith("Développement socio-économique des régions et substitution")
    assert note.urls == [
        "https://www.belta.by/society/view/sotsialno-ekonomicheskoe-razvitie-regionov-i-"
        "importozameschenie-zadachi-initsiativy-odin-rajon-odin-634027-2024"
    ]
    assert (note.sources[0].belta_id, note.sources[0].year) == (634027, 2024)
    assert note.paragraphs == ["b2.c01.p001"] and note.page == 4


def test_footnote_2_url_continues_on_next_page(notes):
    # Lines 56-58 then 102-103: the URL's end is in the next page's footnote block.
    assert notes[2].urls == [
        "https://www.belta.by/society/view/minekonomiki-v-programmu-odin-rajon-odin-proekt-"
        "budet-vkljucheno-esche-okolo-dvuh-desjatkov-initsiativ-634147-2024/"
    ]
    assert notes[2].sources[0].repaired


def test_footnote_10_marker_before_lone_period(notes, paragraphs):
    # Line 226 'emplois"10 ' then line 228 '. '; definition lines 273-277.
    note = notes[10]
    para = paragraphs[note.markers[0].paragraph]
    assert para.text[: note.markers[0].offset].endswith('plus de 2.000 emplois"')
    assert note.urls[0].endswith("odin-rajon-odin-proekt-635314-2024")


def test_footnotes_cut_or_lost(notes):
    # Lines 4464-4466: note 135 is cut at the page bottom inside its URL: no invented end.
    assert notes[135].text.endswith("belarus-gotova-okazat-pomosch-v-obuchenii-")
    (cut,) = notes[135].sources
    assert cut.url == "https://belta.by/society/view/belarus-gotova-okazat-pomosch-v-obuchenii-"
    assert (cut.partial, cut.belta_id) == (True, None)
    # Line 4467: note 136 survives as a fragment that begins with a space.
    assert notes[136].text.startswith("Le Belarus est prêt à créer des entreprises en Ouzbékistan")
    # Line 3973: marker 122; its definition is nowhere in the file.
    assert notes[122].text is None and notes[122].urls == []
    assert notes[122].markers[0].offset == 0


def test_footnote_155_hex_url(notes):
    # Lines 5180-5183: a non-slug URL wrapped in the middle of a hex id.
    assert notes[155].urls == [
        "https://subs.belta.by/Republ.nsf/59e33ed42f57f8c5422569f8002b86f7/"
        "4142892f5e53f61843258bcd0069ee26!OpenDocument"
    ]


def test_footnote_329_marker_opens_paragraph(notes, paragraphs):
    # Line 10872 "329En juin, ..."; definition lines 10893-10896.
    note = notes[329]
    assert note.markers[0].offset == 0
    assert paragraphs[note.markers[0].paragraph].text.startswith("En juin, lors du forum")
    assert note.urls == [
        "https://www.fezminsk.by/news/sez-minsk-prinyala-uchastie-v-belorussko-"
        "azerbaydzhanskom-biznes-forume-i-v2v-peregovorakh/"
    ]


def test_orphan_fragments(notes):
    # Lines 15464-15466: note 452 lost a line; the URL fragment below it is its own.
    assert notes[452].urls == [
        "https://eec.eaeunion.org/news/utverzhdeny-osnovnye-napravleniya-"
        "mezhdunarodnoy-deyatelnosti-eaes-na-2025-god/"
    ]
    # Lines 12032-12033: a fragment under the body of the page of call 362, the only call of
    # that page without a definition.
    assert notes[362].urls[0].endswith("birzhevyh-torgah-679946-2024/")
    # Line 13164: a fragment with its own "[Ressource électronique]" is not note 388's.
    assert notes[388].urls == []


def test_last_footnote(notes):
    # Lines 16856-16860: marker 498 at line 16852.
    assert notes[498].text.startswith("Le cycle de séminaires conjoints entre la CEE et le Myanmar")
    assert notes[498].page == 324


def test_call_glued_between_two_words_line_14556(notes, paragraphs):
    # 'compétitives425et vise à créer un marché'
    marker = notes[425].markers[0]
    text = paragraphs[marker.paragraph].text
    assert text[: marker.offset].endswith("industries compétitives")
    assert text[marker.offset :].startswith(" et vise à créer")


def test_slug_only_tails_are_kept_as_printed_lines_9412_13053(b2, notes):
    assert notes[276].text.endswith("URL : zakljuchili-dogovory-na-bolee-chem-4-mln-552857-2023/")
    assert notes[386].text.endswith("URL : belorusskoj-birzhevoj-ploschadke-698799-2025/")
    # Kept as partial sources with the BelTA id they print; no host is guessed.
    assert [(s.url, s.domain, s.belta_id, s.year, s.partial) for s in notes[276].sources] == [
        ("zakljuchili-dogovory-na-bolee-chem-4-mln-552857-2023/", "", 552857, 2023, True)
    ]
    assert [(s.belta_id, s.year, s.partial) for s in notes[386].sources] == [(698799, 2025, True)]
    # Cut-off URLs (e.g. note 135, line 4466) and these two slug tails.
    assert b2.stats["urls_truncated"] == b2.stats["damaged_partial"] == 21
