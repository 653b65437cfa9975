"""The page-text reader (book b2's format) on small literal fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchlib.errors import SourceFileError
from searchlib.ingest.page_layout import is_fragment, split_pages, text_width
from searchlib.ingest.page_markers import candidates, rising_subsequence, select_markers
from searchlib.ingest.page_notes import join_note_lines, read_definitions
from searchlib.ingest.page_text import clean_text, ends_paragraph, join_lines, read
from searchlib.model import BookMeta

SEPARATOR = " " * 48


def page(*body: str, title: tuple[str, ...] = (), notes: tuple[str, ...] = ()) -> list[str]:
    """One physical page as the extraction writes it: first line indented by one space."""
    lines: list[str] = []
    if title:
        lines += [t + " " for t in title] + [" ", ""]
    for line in body:
        lines += [line + " ", ""]
    if notes:
        lines += [SEPARATOR] + [n + " " for n in notes]
    lines[0] = " " + lines[0]
    return lines


def book_text(*pages: list[str]) -> str:
    return "\n".join(line for p in pages for line in p) + "\n"


# Full lines are ~64 characters wide; a paragraph's last line stops short.
PAGE_1 = page(
    "Le programme régional est en place depuis 2022, lorsque le chef de",
    "l'État a chargé le ministère de l'économie de dresser une liste des",
    'projets. Toute production contribue aux industries connexes"1 . En',
    "outre, la substitution des importations est une condition importante",
    "dans la situation actuelle.",
    "Il convient de rappeler que le tracteur Belarus-2022.3 est conçu pour",
    'la période quinquennale et représente "5,3 % du marché des zones',
    "rurales2 \". Le travail se poursuit en permanence dans l'espace post-",
    title=("L'initiative régionale comme outil", "de libération de l'initiative locale"),
    notes=(
        "1 Développement socio-économique des régions [Ressource électronique]. - 2024. - URL",
        ": https://www.belta.by/society/view/sotsialno-ekonomicheskoe-razvitie-regionov-i-",
        "importozameschenie-zadachi-initsiativy-odin-rajon-odin-634027-2024",
        "2 Ministère de l'économie : deux douzaines d'initiatives [Ressource",
        "électronique]. - 2024. - URL : https://www.belta.by/society/view/minekonomiki-v-",
    ),
)
PAGE_2 = page(
    "soviétiques. Les résultats seront résumés dès 2026 et la liste sera",
    "portée à 190 projets.",
    "3Cinq ans plus tard, en novembre 2024, Minsk a accueilli la réunion",
    "de la commission mixte pour la coopération scientifique et technique",
    'où les exportations ont augmenté de manière très significative"4 .',
    notes=(
        "programmu-odin-rajon-odin-proekt-634147-2024/",
        "3 Leaders parmi les régions [Ressource électronique]. - 2024. - URL :",
        "https://www.belta.by/society/view/lidery-sredi-oblastej-gde-realizovan-potentsial-",
    ),
)


def numbered(printed: int, lines: list[str]) -> list[str]:
    """A page whose printed number survived as its first line (the text then loses its space)."""
    return [f" {printed} ", "", lines[0][1:], *lines[1:]]


PAGE_3 = numbered(
    7,
    page(
        "La coopération se développe dans tous les domaines de l'économie et",
        'les échanges atteindront un nouveau niveau en 2025 selon le plan"5 .',
        title=("Deuxième chapitre : la coopération se", "développe vers le haut"),
        notes=(
            "5 Le Belarus et la Serbie [Ressource électronique]. - 2025. - URL : https://belta.by/",
            "economics/view/molochka-belarus-i-serbija-690546-2025/",
        ),
    ),
)


def fixture_book(tmp_path: Path):
    path = tmp_path / "b9.txt"
    path.write_text(book_text(PAGE_1, PAGE_2, PAGE_3), encoding="utf-8")
    meta = BookMeta(id="b9", file="b9.txt", format="page-text", title="Fixture")
    return read(path, meta)


def test_pages_titles_and_printed_numbers():
    pages = split_pages(book_text(PAGE_1, PAGE_2, PAGE_3))
    assert len(pages) == 3
    # Page 3 prints "7": the unnumbered pages before it are 5 and 6.
    assert [p.printed for p in pages] == [5, 6, 7]
    assert [line.text for line in pages[0].title] == [
        "L'initiative régionale comme outil",
        "de libération de l'initiative locale",
    ]
    assert pages[1].title == []
    assert pages[2].body[0].text.startswith("La coopération")  # "7" is not body text
    assert pages[0].notes[0].text.startswith("1 Développement")


def test_numbering_extrapolates_both_ways_from_nearest_anchor():
    text = book_text(page("un"), page("deux"), numbered(12, page("trois")), page("quatre"))
    assert [p.printed for p in split_pages(text)] == [10, 11, 12, 13]


def test_no_surviving_number_leaves_pages_unknown():
    assert [p.printed for p in split_pages(book_text(page("un"), page("deux")))] == [None, None]


def test_fragment_lines_are_not_page_starts():
    lines = [
        "135 Le Belarus est prêt [Ressource électronique]. - 2024. - URL :",
        "https://belta.by/society/view/belarus-gotova-okazat-pomosch-v-obuchenii-",
        " 136 Le Belarus est prêt à créer des entreprises en Ouzbékistan pour la",
        "commercialisation [Ressource électronique]. -",
        " programme conjoint de la GrSU et de l'université de droit de",
        "",
        " zakljuchili-dogovory-na-bolee-chem-4-mln-552857-2023/",
        " 10 millions de dollars. Les organisations de la région",
        "",
    ]
    assert is_fragment(lines, 2)  # a definition squeezed between footnote lines
    assert not is_fragment(lines, 4)  # body text after a footnote: a page start
    assert is_fragment(lines, 6)  # the tail of a URL slug
    assert not is_fragment(lines, 7)  # prose that begins with a number
    pages = split_pages("\n".join([" Le texte.", "", SEPARATOR, *lines]))
    assert len(pages) == 3


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ('dans les zones rurales28 ". Ensuite', [28]),
        ('services"1 . En outre', [1]),
        ("122Cinq ans plus tard", [122]),
        ("signés à Minsk221 . Pr", [221]),
        ('de 100 CV" [4].267 [4].', [4, 267, 4]),
        ('des deux pays..." . 220', [220]),
        ("le tracteur Belarus-2022.3, dont", []),
        ('ils représentent "5,3 % du PIB', []),
        ("plus de 2.000 emplois et 1,5 milliard", []),
    ],
)
def test_marker_candidates(text, numbers):
    assert [c.number for c in candidates(text, 0)] == numbers


def test_markers_are_the_rising_sequence_not_prose_numbers():
    text = 'un"1 . deux"2 . le modèle GS400 et T811 (M 1:20), trois"3 . Br323 quatre"4 .'
    assert [c.number for c in select_markers(candidates(text, 0))] == [1, 2, 3, 4]


def test_rising_subsequence_prefers_usual_form_on_ties():
    assert rising_subsequence([1, 2, 30, 3, 4, 5]) == [0, 1, 3, 4, 5]
    assert rising_subsequence([1, 5, 5, 6], [True, False, True, True]) == [0, 2, 3]
    assert rising_subsequence([]) == []


FULL = text_width("outre, la substitution des importations est une condition importante")


def test_paragraph_ends_on_short_line_after_sentence_end():
    assert ends_paragraph("dans la situation actuelle.", "Il convient de rappeler", FULL)
    assert ends_paragraph('portée à 190 projets"12 .', "En 2024, la liste", FULL)


def test_sentence_ending_on_full_line_runs_on():
    line = "dont le coût s'élève à environ huit milliards de roubles biélorusses."
    following = "Et ce n'est pas fini, car une vingtaine de projets supplémentaires"
    assert not ends_paragraph(line, following, FULL)


def test_full_line_then_indented_first_line_ends_paragraph():
    line = "dont le coût s'élève à environ huit milliards de roubles biélorusses."
    assert ends_paragraph(line, "Examinons maintenant quelques autres", FULL)


def test_no_break_before_lower_case_or_after_an_initial():
    assert not ends_paragraph("dans la situation actuelle.", "et la suite", FULL)
    line = "entre le ministère du commerce et la coopération économique, A."
    following = "Karpovich et N. Popovich ont noté que la coopération se développe"
    assert not ends_paragraph(line, following, FULL)


def test_short_line_without_period_before_indented_line():
    following = "Pour en revenir aux perspectives et"
    assert ends_paragraph("à la construction et à l'industrie chimique", following, FULL)
    # ...but not when it stops on an article: the sentence goes on.
    line = "En 2018, la CEE a signé un protocole d'accord avec le"
    assert not ends_paragraph(line, "Système économique latino-américain (SELA), une", FULL)


def test_join_lines_keeps_compound_hyphen_and_dash():
    text, starts = join_lines(["dans l'espace post-", "soviétiques et connexes -", "transport"])
    assert text == "dans l'espace post-soviétiques et connexes - transport"
    assert starts == [0, 19, 45]


def test_clean_text_removes_markers_and_gives_offsets():
    raw = 'industries connexes"1 . En outre, "rurales2 ". Fin du "forage".3 . Et'
    text, offsets = clean_text(raw, candidates(raw, 0))
    assert text == 'industries connexes". En outre, "rurales". Fin du "forage". Et'
    assert offsets == [
        len('industries connexes"'),
        len('industries connexes". En outre, "rurales'),
        len('industries connexes". En outre, "rurales". Fin du "forage".'),
    ]


def test_clean_text_marker_at_paragraph_start_and_spaced():
    raw = "3Cinq ans plus tard."
    assert clean_text(raw, candidates(raw, 0)) == ("Cinq ans plus tard.", [0])
    raw = 'des deux pays..." . 220'
    assert clean_text(raw, candidates(raw, 0)) == ('des deux pays...".', [18])


def test_clean_text_marker_glued_between_two_words_leaves_a_space():
    # b2 line 14556: "compétitives425et vise"
    raw = "des industries compétitives425et vise à créer"
    assert clean_text(raw, candidates(raw, 0)) == (
        "des industries compétitives et vise à créer",
        [len("des industries compétitives")],
    )


def test_slug_tail_and_lost_url_are_counted_not_invented():
    # b2 lines 9410-9412 (note 276): the URL's start is lost, only its slug tail is printed.
    notes = (
        "1 Les entreprises ont conclu des contrats [Ressource électronique]. - 2023. - URL : ",
        " zakljuchili-dogovory-na-bolee-chem-4-mln-552857-2023/ ",
        "2 Le beurre vendu à la Moldavie [Ressource électronique]. - 2025. - URL :",
    )
    definitions, stats = read_definitions(split_pages(book_text(page("Texte1 2.", notes=notes))))
    first, second = definitions
    assert first.text.endswith("URL : zakljuchili-dogovory-na-bolee-chem-4-mln-552857-2023/")
    # Kept as printed, partial, with the id it prints; no host is guessed.
    (tail,) = first.sources
    assert (tail.url, tail.domain, tail.normalized) == (
        "zakljuchili-dogovory-na-bolee-chem-4-mln-552857-2023/", "", ""
    )
    assert (tail.partial, tail.belta_id, tail.year) == (True, 552857, 2023)
    assert second.sources == []
    assert (stats["urls_truncated"], stats["urls_lost"]) == (1, 1)


def test_join_note_lines_rejoins_wrapped_urls_exactly():
    text, joins = join_note_lines(
        [
            "Titre [Ressource électronique]. - 2024. - URL : https://www.belta.by/society/view/po-",
            "initsiative-odin-rajon-odin-proekt-",
            "realizovano-uzhe-34-proekta-633766-2024/",
        ]
    )
    assert text.endswith(
        "URL : https://www.belta.by/society/view/po-initsiative-odin-rajon-odin-proekt-"
        "realizovano-uzhe-34-proekta-633766-2024/"
    )
    assert len(joins) == 2
    text, _ = join_note_lines(
        ["URL: https://subs.belta.by/Republ.nsf/4142892f5e", "53f618!OpenDocument"]
    )
    assert text == "URL: https://subs.belta.by/Republ.nsf/4142892f5e53f618!OpenDocument"
    text, _ = join_note_lines(["Le partenariat biélorusse-", "chinois [Ressource", "électronique]"])
    assert text == "Le partenariat biélorusse-chinois [Ressource électronique]"


def test_definitions_across_pages_and_truncated_url():
    definitions, stats = read_definitions(split_pages(book_text(PAGE_1, PAGE_2, PAGE_3)))
    by_number = {d.number: d for d in definitions}
    assert sorted(by_number) == [1, 2, 3, 5]
    # Note 2's URL runs on into the next page's footnote block.
    assert [s.url for s in by_number[2].sources] == [
        "https://www.belta.by/society/view/minekonomiki-v-programmu-odin-rajon-odin-proekt-634147-2024/"
    ]
    assert by_number[2].sources[0].belta_id == 634147
    # Note 3 is cut at the page bottom: its text is kept, its cut URL a partial source.
    assert by_number[3].text.endswith("realizovan-potentsial-")
    (cut,) = by_number[3].sources
    assert cut.url.endswith("/lidery-sredi-oblastej-gde-realizovan-potentsial-")
    assert (cut.partial, cut.domain, cut.belta_id) == (True, "belta.by", None)
    assert stats["urls_truncated"] == 1


def test_read_fixture_book(tmp_path):
    book = fixture_book(tmp_path)
    assert book.pages == 3
    assert [(c.number, c.title, c.page) for c in book.chapters] == [
        (1, "L'initiative régionale comme outil de libération de l'initiative locale", 5),
        (2, "Deuxième chapitre : la coopération se développe vers le haut", 7),
    ]
    paras = book.paragraphs()
    assert [p.id for p in paras] == ["b9.c01.p001", "b9.c01.p002", "b9.c01.p003", "b9.c02.p001"]
    assert paras[0].text.startswith("Le programme régional est en place depuis 2022, lorsque")
    assert 'connexes". En outre,' in paras[0].text
    assert paras[0].text.endswith("dans la situation actuelle.")
    # The paragraph runs across the page break; the compound keeps its hyphen.
    assert "Belarus-2022.3" in paras[1].text and '"5,3 %' in paras[1].text
    assert "l'espace post-soviétiques. Les résultats" in paras[1].text
    assert paras[1].page == 5 and paras[2].page == 6 and paras[3].page == 7
    assert paras[2].text.startswith("Cinq ans plus tard")
    assert [p.footnotes for p in paras] == [[1], [2], [3, 4], [5]]
    notes = book.footnotes_by_number()
    assert sorted(notes) == [1, 2, 3, 4, 5]
    assert notes[4].text is None and notes[4].sources == []  # lost by the extraction
    assert notes[4].page == 6
    assert notes[1].markers[0].paragraph == "b9.c01.p001"
    assert paras[0].text[notes[1].markers[0].offset - 1] == '"'
    assert notes[3].markers[0].offset == 0
    assert notes[5].sources[0].url == (
        "https://belta.by/economics/view/molochka-belarus-i-serbija-690546-2025/"
    )
    # Definitions and page numbers never reach the body text.
    assert not any("Ressource" in p.text or p.text == "7" for p in paras)


def test_read_rejects_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    with pytest.raises(SourceFileError):
        read(path, BookMeta(id="b9", file="empty.txt", format="page-text", title="x"))


def test_call_between_sentences_leaves_a_space_and_empty_brackets_go():
    raw = "des pays tiers.12La suite, d'équipements électriques ( ) et de produits."
    text, offsets = clean_text(raw, candidates(raw, 0))
    assert text == "des pays tiers. La suite, d'équipements électriques et de produits."
    assert offsets == [len("des pays tiers.")]


def test_numbered_list_item_ends_with_its_sentence():
    # b2.c21.p006 (line 11763): the item's last line is full, the prose after it a new paragraph.
    line = "la Chine vers une large gamme de produits multi-marchandises."
    following = "Quant au bureau de représentation de BUTB à Shanghai, il"
    assert not ends_paragraph(line, following, FULL)
    assert ends_paragraph(line, following, FULL, list_item=True)
