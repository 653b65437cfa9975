"""Book b1 ingested from the real source (corpus/sources/000_f526094f009cffe6.txt).

The sample footnotes below were checked by reading the source; each names the source line(s)
its marker and definition come from.
"""

from __future__ import annotations

import re

import pytest

from searchlib.model import Repair


@pytest.fixture(scope="module")
def b1(real_books):
    return real_books["b1"]


def footnote(book, number):
    return next(f for f in book.footnotes if f.number == number)


def paragraph(book, pid):
    return next(p for p in book.paragraphs() if p.id == pid)


def marked_text(book, number, index=0):
    """The clean text around a footnote's marker: (before, after)."""
    marker = footnote(book, number).markers[index]
    text = paragraph(book, marker.paragraph).text
    return text[: marker.offset], text[marker.offset :]


def test_eleven_chapters_with_titles_and_pages(b1):
    assert [c.number for c in b1.chapters] == list(range(1, 12))
    assert b1.chapters[0].title == (
        "Communauté des États indépendants : libre-échange des services, innovation, science, "
        "éducation"
    )
    assert [c.page for c in b1.chapters] == [2, 17, 27, 37, 51, 68, 72, 84, 88, 92, 103]
    assert b1.pages is None


def test_bibliography_is_separate(b1):
    assert [e.number for e in b1.bibliography] == list(range(1, 206))
    assert b1.bibliography[0].text.startswith("Roman Golovchenko")
    assert b1.bibliography[-1].text.startswith('"BELJI prévoit')
    body = " ".join(p.text for p in b1.paragraphs())
    assert "Littérature" not in body


def test_footnotes_1_to_210_marked_in_order_only_5_and_6_undefined(b1):
    numbers = [f.number for f in b1.footnotes]
    assert numbers == list(range(1, 211))
    assert all(f.markers for f in b1.footnotes)
    assert [f.number for f in b1.footnotes if f.text is None] == [5, 6]
    # The first markers follow the reading order of the paragraphs.
    order = {p.id: i for i, p in enumerate(b1.paragraphs())}
    firsts = [(order[f.markers[0].paragraph], f.markers[0].offset) for f in b1.footnotes]
    assert firsts == sorted(firsts)


def test_every_paragraph_lists_the_footnotes_it_carries(b1):
    for f in b1.footnotes:
        for marker in f.markers:
            assert f.number in paragraph(b1, marker.paragraph).footnotes


def test_no_definition_toc_or_noise_in_paragraphs(b1):
    for p in b1.paragraphs():
        assert not re.search(r"Ressource électronique|https?://|URL :|FOR AUTHOR|CHAPITRE", p.text)
        assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]|\^\{|\*\*", p.text), p.id


def test_defined_footnotes_with_a_url_have_sources(b1):
    belta = [s for f in b1.footnotes for s in f.sources if s.domain == "belta.by"]
    # 126 BelTA sources; the source has 112 definition lines naming belta.by, plus continuations.
    assert len(belta) >= 120
    with_id = [s for s in belta if s.belta_id]
    assert len(with_id) / len(belta) > 0.9
    assert all(2010 <= s.year <= 2022 for s in with_id)


# Sample checked against the source (line numbers of corpus/sources/000_f526094f009cffe6.txt).


def test_fn1_marker_opens_line_97_definition_lines_101_103(b1):
    before, after = marked_text(b1, 1)
    assert before == "" and after.startswith('"Ainsi, la production industrielle')
    assert footnote(b1, 1).text.startswith("Roman Golovchenko : le Belarus a toujours défendu")
    assert footnote(b1, 1).urls == ["http://www.government.by/ru/content/10051"]


def test_fn2_doubled_url_line_105_and_page_break_lines_99_107(b1):
    before, after = marked_text(b1, 2)
    assert before.endswith("l'espace post-soviétique. ")
    assert after.startswith("Un détail important")
    # Line 99 ends "où les liens", line 107 goes on "d'intégration ont été progressivement ...".
    assert "où les liens d'intégration ont été progressivement rétablis." in after
    (source,) = footnote(b1, 2).sources
    assert (source.belta_id, source.year, source.repaired) == (469260, 2021, True)
    assert "ohhttps" not in source.url


def test_fn3_to_6_grouped_marker_line_107(b1):
    offsets = {(m.paragraph, m.offset) for n in (3, 4, 5, 6) for m in footnote(b1, n).markers}
    assert len(offsets) == 1
    before, after = marked_text(b1, 3)
    assert before.endswith("progressivement rétablis.")
    # A space, as between the two sentences the marker stood between.
    assert after.startswith(' "Ainsi, au cours du premier semestre')
    assert footnote(b1, 4).sources[0].belta_id == 464684  # definition lines 115 + 117


def test_fn7_doubled_url_without_scheme_line_121(b1):
    assert footnote(b1, 7).urls == ["https://cis.minsk.by/page/19142"]
    assert marked_text(b1, 7)[0].endswith("en novembre 2021.")


def test_fn17_prose_line_161_starts_with_its_marker(b1):
    before, after = marked_text(b1, 17)
    assert before == "" and after.startswith("Lors de la 29e réunion du Conseil interétatique")
    assert footnote(b1, 17).sources[0].belta_id == 471701  # definition line 167


def test_fn30_definition_line_241_continues_on_line_247(b1):
    assert footnote(b1, 30).text.startswith("Zalessky, B.L. Du forum des régions")
    assert footnote(b1, 30).text.endswith("Sheffield. Science et éducation LTD. - C. 16.")
    assert footnote(b1, 30).sources == []


def test_fn37_to_39_url_rest_line_287_and_label_printed_twice_lines_289_293(b1):
    assert [s.belta_id for s in footnote(b1, 37).sources] == [440395]
    assert footnote(b1, 38).text.startswith("Le Forum des régions ouvre de nouveaux horizons")
    assert footnote(b1, 38).sources[0].belta_id == 356612
    assert footnote(b1, 39).text.startswith("Un ensemble d'accords de coopération")
    assert footnote(b1, 39).sources[0].belta_id == 356632
    assert marked_text(b1, 38)[1].startswith("De toute évidence")  # line 285, "³⁸ De"


def test_fn41_42_glued_marker_line_301(b1):
    assert footnote(b1, 41).markers == footnote(b1, 42).markers
    assert footnote(b1, 41).sources[0].belta_id == 459969  # line 305
    assert footnote(b1, 42).urls == [  # line 307
        "https://tajikistan.mfa.gov.by/ru/bilateral-relations/belarus-tajikistan/commerce-economique/"
    ]


def test_fn79_two_markers_on_line_476(b1):
    first, second = footnote(b1, 79).markers
    assert first.paragraph == second.paragraph and first.offset < second.offset
    assert footnote(b1, 79).sources[0].belta_id == 448521  # line 484 + rest on line 492


def test_fn153_url_year_on_its_own_line_896(b1):
    (source,) = footnote(b1, 153).sources
    assert (source.belta_id, source.year) == (417045, 2020)


def test_fn161_definition_continued_on_line_934_after_prose(b1):
    assert footnote(b1, 161).text.endswith("parhamovich-447920-2021/")
    assert footnote(b1, 161).sources[0].belta_id == 447920


def test_fn205_spaced_url_line_1166_and_fn206_prose_line_1162(b1):
    assert footnote(b1, 205).sources[0].belta_id == 475288
    before, after = marked_text(b1, 206)
    assert before == "" and after.startswith("Il convient de noter que dès mars 2020")
    # Line 1162 ends "son parc de", line 1174 goes on "véhicules avec des voitures électriques".
    assert after.endswith('moderniser son parc de véhicules avec des voitures électriques".')
    assert footnote(b1, 206).text.startswith("Zalessky, B. La clé du succès")


def test_fn145_fn38_slug_echoes_dropped_lines_846_291(b1):
    (source,) = footnote(b1, 145).sources
    echo = next(r for r in source.repairs if r.kind == "echo")
    assert echo.after.endswith(
        "/prompredpriyatija-belarusi-i-kazahstana-namerenv-podpisat-krupnve-kontrakty-447828-2021/"
    )
    # Bibliography entry 142 prints the same article with fewer misread letters.
    assert source.repairs[-1] == Repair("bibliography", echo.after, source.url)
    assert source.url.endswith(
        "/prompredpriatija-belorussi-i-kazahstana-namereny-podpisat-krupnye-kontrakty-447828-2021/"
    )
    assert (source.belta_id, source.repaired) == (447828, True)
    echo = next(r for r in footnote(b1, 38).sources[0].repairs if r.kind == "echo")
    assert "/forum-regionov-otkryl-novye-gorizonty-" in echo.after
    assert footnote(b1, 38).sources[0].belta_id == 356612


def test_fn21_id_outside_brackets_line_187_and_fn105_belta_lv_line_636(b1):
    (source,) = footnote(b1, 21).sources
    assert (source.belta_id, source.year) == (337497, 2019)
    assert footnote(b1, 21).text.endswith("v-setevom-universitete-sng-337497-2019/.")
    assert footnote(b1, 105).sources[0].domain == "belta.by"
    # Line 634: russia.mfa.gov.lv is a misprint of the host printed right 6 times.
    (embassy,) = footnote(b1, 104).sources
    assert embassy.domain == "russia.mfa.gov.by"
    assert [r.kind for r in embassy.repairs] == ["host"]


def test_no_url_keeps_a_glued_second_copy(b1):
    urls = [s.url for f in b1.footnotes for s in f.sources]
    assert all(u.count("://") == 1 and "www." not in u[12:] for u in urls)
    # Line 726: "<https://grodno-63>" is a broken copy of the full URL on line 734.
    assert [s.domain for s in footnote(b1, 124).sources] == ["grodno-region.by"]


def test_repaired_counts_urls_whose_text_changed(b1):
    # Line 103: footnote 1's URL is printed intact inside <>; line 105: footnote 2's is doubled.
    assert not footnote(b1, 1).sources[0].repaired
    assert footnote(b1, 2).sources[0].repaired
    assert b1.stats["urls_repaired"] == sum(s.repaired for f in b1.footnotes for s in f.sources)
