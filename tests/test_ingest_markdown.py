"""The markdown-export reader (b1's format) and its marker parsing, on small literal fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchlib.errors import ParseError, SourceFileError
from searchlib.ingest.footnotes import MarkerCounter, clean_text, parse_label, split_glued
from searchlib.ingest.markdown_export import read
from searchlib.model import BookMeta

FRONT = """La priorité est donnée à des projets spécifiques

FOR AUTHOR USE ONLY

Contenu

CHAPITRE 1\t2
CHAPITRE 2\t17
Littérature\t107

FOR AUTHOR USE ONLY

"""

BIBLIOGRAPHY = """
Littérature

1. Alpha : premier titre [Ressource électronique]. - 2021. - URL : <https://www.belta.by/society/view/alpha-111111-2021/>
2. Bravo : deuxième titre [Ressource électronique]. - 2020. - URL :
<https://cis.minsk.by/page/7570>

FOR AUTHOR USE ONLY

Buy your books online at
www.morebooks.shop
"""


def ingest(tmp_path: Path, body: str, bibliography: str = BIBLIOGRAPHY):
    path = tmp_path / "book.txt"
    path.write_text(FRONT + body + bibliography, encoding="utf-8")
    return read(path, BookMeta(id="bx", file="book.txt", format="markdown-export", title="T"))


def paragraphs(book):
    return [p.text for p in book.paragraphs()]


def footnote(book, number):
    return next(f for f in book.footnotes if f.number == number)


def test_split_glued_markers_follow_the_rising_numbers():
    assert split_glued("4142", 41) == [41, 42]
    assert split_glued("206", 206) == [206]
    assert split_glued("79", 80) == [79]


def test_clean_text_removes_markers_and_emphasis():
    counter = MarkerCounter()
    text, hits = clean_text("Le **Plan d'action**.¹ Il ^{2 3}convient⁴⁵ ici.", counter)
    assert text == "Le Plan d'action. Il convient ici."
    assert [(h.numbers, text[: h.offset]) for h in hits] == [
        ((1,), "Le Plan d'action."),
        ((2, 3), "Le Plan d'action. Il "),
        ((4, 5), "Le Plan d'action. Il convient"),
    ]


def test_parse_label_forms():
    assert parse_label("¹⁷ Texte") == (17, "Texte")
    assert parse_label("²¹. Plus de 800") == (21, "Plus de 800")
    assert parse_label("⁶⁴ . Orientations") == (64, "Orientations")
    assert parse_label("³⁸[https://www.belta.by/x](y)") == (38, "[https://www.belta.by/x](y)")
    assert parse_label("Texte") is None


BODY = """CHAPITRE 1

Communauté des **États** indépendants : services

Premier paragraphe sans note. Il finit ici.

¹"Ainsi, la production a augmenté". La zone de libre-échange a contribué.

Le travail s'est poursuivi.²Un détail important. La levée des barrières renforcera les liens

¹ Golovchenko : le Belarus [Ressource électronique] :

<http://www.government.by/ru/content/10051>

² Lebedev : accord [Ressource électronique]. - 2021. - URL : <https://www.belta.by/politics/view/lebedev-ohhttps://www.belta.by/politics/view/lebedev-soglashenie-469260-2021>

d'intégration ont été rétablis.^{3 4 5}"Ainsi", la croissance.⁶ Autre phrase.

³ Mishustin : accord [Ressource électronique]. - 2021. - URL :

<https://www.belta.by/economics/view/mishustin-soglashenie-469224-2021/>

⁴ Les chefs d'État [Ressource électronique].

- 2021. - URL : <https://www.belta.by/politics/view/glavy-gosudarstv-464684-2021/>

⁶ Programme interétatique. - M., 2020. - C.8.

FOR AUTHOR USE ONLY

CHAPITRE 2

Deuxième chapitre : régions

Le forum a eu lieu en 2021, au cours duquel des⁷ contrats⁸

⁷ Zalessky, B.L. Du forum des régions / B.L. Zalessky // Proceedings of academic science -

ont été signés. Parallèlement, la région fournit aujourd'hui ses

2021", 30 août - 7 septembre 2021 : Sheffield. Science et éducation LTD. - C. 16.

⁸ Gomel et Navoi [Ressource électronique]. - 2021. - URL : <https://www.belta.by/society/view/gomelskaja-oblast->

produits à 13 régions. Les exportateurs⁹ de Gomel.¹⁰ Fin.

⁹[https://www.belta.by/society/view/gomelskaja-oblast-i-navoijskij-region-440395-2021/](https://www.belta.by/society/view/x)

¹⁰ Le Forum des régions - Safaev [Ressource électronique]. - 2019. - URL : <https://www.belta.by/economics/view/forum-regionov-safaev-356612-2019/>

¹⁰ Un ensemble d'accords [Ressource électronique]. - 2019. - URL : <https://www.belta.by/economics/view/paket-356632-2019/>
"""


@pytest.fixture
def book(tmp_path):
    return ingest(tmp_path, BODY)


def test_chapters_titles_and_toc_pages(book):
    assert [(c.number, c.title, c.page) for c in book.chapters] == [
        (1, "Communauté des États indépendants : services", 2),
        (2, "Deuxième chapitre : régions", 17),
    ]
    assert book.pages is None


def test_front_matter_toc_and_noise_are_dropped(book):
    text = " ".join(paragraphs(book))
    assert "CHAPITRE" not in text
    assert "FOR AUTHOR" not in text
    assert "Contenu" not in text
    assert "morebooks" not in text
    assert paragraphs(book)[0] == "Premier paragraphe sans note. Il finit ici."


def test_marker_opening_a_prose_line_is_not_a_definition(book):
    first = book.chapters[0].paragraphs[1]
    assert first.text.startswith('"Ainsi, la production')
    assert first.footnotes == [1]
    assert footnote(book, 1).markers[0].offset == 0


def test_page_break_inside_paragraph_is_rejoined(book):
    third = book.chapters[0].paragraphs[2]
    assert "renforcera les liens d'intégration ont été rétablis." in third.text
    assert third.footnotes == [2, 3, 4, 5, 6]
    assert len(book.chapters[0].paragraphs) == 3
    # Chapter 2: one paragraph cut twice by definitions and a definition's last line.
    assert paragraphs(book)[3:] == [
        "Le forum a eu lieu en 2021, au cours duquel des contrats ont été signés. Parallèlement, "
        "la région fournit aujourd'hui ses produits à 13 régions. Les exportateurs de Gomel. Fin."
    ]


def test_grouped_markers_share_one_offset(book):
    third = book.chapters[0].paragraphs[2]
    offsets = {footnote(book, n).markers[0].offset for n in (3, 4, 5)}
    assert len(offsets) == 1
    offset = offsets.pop()
    assert third.text[:offset].endswith("rétablis.")


def test_missing_definition_is_recorded_as_missing(book):
    assert footnote(book, 5).text is None
    assert footnote(book, 5).markers
    assert footnote(book, 5).sources == []


def test_definition_lines_join_and_urls_are_repaired(book):
    one = footnote(book, 1)
    assert one.text == (
        "Golovchenko : le Belarus [Ressource électronique] : http://www.government.by/ru/content/10051"
    )
    assert [s.url for s in footnote(book, 2).sources] == [
        "https://www.belta.by/politics/view/lebedev-soglashenie-469260-2021"
    ]
    assert footnote(book, 2).sources[0].repaired
    assert footnote(book, 4).sources[0].belta_id == 464684
    assert footnote(book, 6).text == "Programme interétatique. - M., 2020. - C.8."
    assert footnote(book, 6).sources == []


def test_definition_continued_after_the_next_page_text(book):
    assert footnote(book, 7).text.endswith("Science et éducation LTD. - C. 16.")


def test_definition_that_is_only_the_rest_of_the_previous_url(book):
    # "⁹[https://...]" continues footnote 8's URL; the two "¹⁰" labels are footnotes 9 and 10.
    assert [s.belta_id for s in footnote(book, 8).sources] == [440395]
    assert footnote(book, 9).text.startswith("Le Forum des régions - Safaev")
    assert footnote(book, 10).text.startswith("Un ensemble d'accords")


def test_no_definition_leaks_into_paragraphs(book):
    for text in paragraphs(book):
        assert "Ressource" not in text
        assert "http" not in text
        assert "C. 16" not in text


def test_bibliography_kept_apart_with_its_own_numbers(book):
    assert [(e.number, e.sources[0].url) for e in book.bibliography] == [
        (1, "https://www.belta.by/society/view/alpha-111111-2021/"),
        (2, "https://cis.minsk.by/page/7570"),
    ]
    assert "Alpha" not in " ".join(paragraphs(book))


def test_glued_markers_and_repeated_marker(tmp_path):
    body = """CHAPITRE 1

Titre

Une phrase.¹ Deux⁴¹... non.

Texte⁴²⁴³ et encore.⁴² Fin.

¹ Note un.

⁴² Note quarante-deux.

⁴³ Note quarante-trois.
"""
    book = ingest(tmp_path, body, bibliography="")
    # "⁴¹" is read as 41 (gap from 1); "⁴²⁴³" as 42 and 43; the second "⁴²" repeats 42.
    assert book.paragraphs()[1].footnotes == [42, 43]
    assert len(footnote(book, 42).markers) == 2
    assert footnote(book, 41).text is None
    assert footnote(book, 43).text == "Note quarante-trois."


def test_no_chapter_heading_is_a_parse_error(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Juste du texte.\n", encoding="utf-8")
    with pytest.raises(ParseError, match="CHAPITRE"):
        read(path, BookMeta(id="bx", file="x.txt", format="markdown-export", title="T"))


def test_missing_file_is_a_source_file_error(tmp_path):
    with pytest.raises(SourceFileError, match="not found"):
        read(
            tmp_path / "absent.txt",
            BookMeta(id="bx", file="a", format="markdown-export", title="T"),
        )


def test_repaired_is_counted_per_url_that_changed(tmp_path):
    # b1 lines 484 + 492 (footnote 79's URL glued across a page break), line 103 (an intact
    # URL), line 1166 (spaces inside <...>): only a URL whose own text changed is repaired.
    body = """CHAPITRE 1

Titre

Texte.¹ Suite.²

¹ Pivovar [Ressource électronique]. - URL : <https://www.belta.by/economics/view/belarus-po->

[objemu-torgovli-448521-2021/](#)

² Deux liens. - <http://www.government.by/ru/content/10051> et \
<https://www.belta.by/society/view/v-sng-natsplan- po-innovatsijam-469337-2021/>
"""
    book = ingest(tmp_path, body)
    (first,) = footnote(book, 1).sources
    assert (
        first.url == "https://www.belta.by/economics/view/belarus-po-objemu-torgovli-448521-2021/"
    )
    assert first.repaired
    intact, spaced = footnote(book, 2).sources
    assert (intact.url, intact.repaired) == ("http://www.government.by/ru/content/10051", False)
    assert spaced.url.endswith("/v-sng-natsplan-po-innovatsijam-469337-2021/") and spaced.repaired
    assert book.stats["urls_repaired"] == 2


def test_marker_between_sentences_leaves_a_space_and_empty_brackets_go():
    # b1 line 107 (markers 3-6) and the "américains.La plus" glue of markers 12, 22, 84...
    counter = MarkerCounter()
    text, hits = clean_text(
        'américains.¹La plus forte. Rétablis."²Ainsi, et pays tiers.³"Au cours (⁴) du mois.',
        counter,
    )
    assert text == 'américains. La plus forte. Rétablis." Ainsi, et pays tiers. "Au cours du mois.'
    ends = [text[: h.offset] for h in hits]
    assert [e[-10:] for e in ends[:3]] == ["méricains.", "Rétablis.\"", "ays tiers."]
    assert ends[3].endswith('"Au cours')  # the brackets went, the marker stays in place
    # A marker glued inside a word or before a lower-case word adds nothing.
    assert clean_text("une phrase.⁵et la suite", counter)[0] == "une phrase.et la suite"


def test_stray_capital_after_the_last_sentence_ends_the_paragraph(tmp_path):
    # b1.c05.p026 (line 742): "... par l'intermédiaire de BUTB. B" then a new paragraph.
    body = """CHAPITRE 1

Titre

Tous ces produits ont été vendus par l'intermédiaire de BUTB. B

En particulier, une trentaine d'entreprises ont eu recours à ce mécanisme.
"""
    book = ingest(tmp_path, body, bibliography="")
    assert [p.text for p in book.paragraphs()] == [
        "Tous ces produits ont été vendus par l'intermédiaire de BUTB.",
        "En particulier, une trentaine d'entreprises ont eu recours à ce mécanisme.",
    ]
