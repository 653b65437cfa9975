"""Corpus-wide URL repair: echoes, known hosts and sections, bibliography copies, partial URLs.

Literal fixtures, one per kind of damage, taken from the books (the line or note named).
"""

from __future__ import annotations

from searchlib.ingest.census import Census
from searchlib.ingest.echoes import damaged_echo, drop_echoes, exact_echo, osa_distance
from searchlib.ingest.source_repair import damage_counts, repair_sources
from searchlib.ingest.urls import extract_sources, make_source, partial_source
from searchlib.model import BibEntry, Book, BookMeta, Footnote, Repair

BELTA = "https://www.belta.by/economics/view/"


def book(book_id: str, notes: list[list[str]], entries: list[list[str]] | None = None) -> Book:
    meta = BookMeta(id=book_id, file="x.txt", format="html", title="T")
    return Book(
        meta=meta,
        footnotes=[
            Footnote(book_id, n, f"Titre {n} [Ressource électronique]. - URL : {' '.join(urls)}",
                     [make_source(u) for u in urls])
            for n, urls in enumerate(notes, 1)
        ],
        bibliography=[
            BibEntry(n, f"Titre {n} [Ressource électronique]. - URL : {' '.join(urls)}",
                     [make_source(u) for u in urls])
            for n, urls in enumerate(entries or [], 1)
        ],
    )


# -- echoes ------------------------------------------------------------------------------------


def test_exact_echoes_of_any_length_at_any_position():
    cases = {
        # b1:62 glued copies at a word end; b1:147 whole words; b1:158 after a separator
        "/news/do-2025-godagoda/": "/news/do-2025-goda/",
        "/view/kazhdyi-god-god-uvelichivaetsja-447921-2021/":
            "/view/kazhdyi-god-uvelichivaetsja-447921-2021/",
        # b1:176 a longer copy running into the id; b1:124 directories said twice
        "/view/vzaimnoj_torgovli-47-torgovli-471650-2021/": "/view/vzaimnoj_torgovli-471650-2021/",
        "/ru/oblispolkom_news-ru/view/vnews-ru/view/v-oblispolkome-31118-2021/":
            "/ru/oblispolkom_news-ru/view/v-oblispolkome-31118-2021/",
        # b1 bibliography 190: an id and a year said twice
        "/view/asljuk-434551-434551-2021-2021/": "/view/asljuk-434551-2021/",
    }
    for printed, repaired in cases.items():
        assert drop_echoes(printed)[0].replace("--", "-") == repaired, printed


def test_repeated_words_that_are_no_echo_stay():
    for path in (
        "/politics/view/natselena-na-rasshirenie-700834-2025/",  # b2:302 "na-na"
        "/ru/business/business-news/v-spiske-0000186578.html",  # b2:66 a directory named again
        "/novosti/novosti-kompaniy/tri-novyh-rezidenta",  # b2:343
        "/interview/view/chetvert-mira-9567/",  # b2:40 BelTA's own /interview/view/
        "/politics/view/predlozhit-drug-drugu-podrobnosti-621640-2024/",  # b2:233 друг другу
        "/economics/view/otdelenie-beltpp-tpp-sogdiiskoj-468065-2021/",  # b1:48 two chambers
        "/page/khokhol-2021",
    ):
        assert exact_echo(path) is None, path
        assert drop_echoes(path, lambda a, b: None, lambda word: True)[0] == path


def test_a_word_end_said_again_goes_unless_other_articles_print_it():
    path = "/view/belorusskij-kvartal-mogut-gut-pojavitsia-452553-2021/"  # b1:158
    assert drop_echoes(path)[0] == path  # no census: left alone
    assert drop_echoes(path, None, lambda word: False)[0] == (
        "/view/belorusskij-kvartal-mogut-pojavitsia-452553-2021/"
    )
    kept = drop_echoes(path, None, lambda word: word != "gut")[0]
    assert kept.endswith("mogut-pojavitsia-452553-2021/")
    tpp = "/view/otdelenie-beltpp-tpp-sogdiiskoj-468065-2021/"
    assert drop_echoes(tpp, None, lambda word: word == "tpp")[0] == tpp


def test_damaged_echo_keeps_the_copy_the_chooser_prefers_or_stays():
    path = "/news/plany-vzaimodejstviya-stviva-do-2025-goda/"  # b1:62
    echo = damaged_echo(path)
    assert echo is not None
    assert echo.keep_first == "/news/plany-vzaimodejstviya-do-2025-goda/"
    assert echo.keep_second == "/news/plany-vzaimodejstviva-do-2025-goda/"
    assert drop_echoes(path)[0] == path  # the reader's pass: no chooser
    assert drop_echoes(path, lambda a, b: a)[0] == echo.keep_first
    kept, undecided = drop_echoes(path, lambda a, b: None)
    assert kept == path and undecided == [echo]
    # Two letters swapped count as one edit (b1:182's "mldr"/"mlrd").
    assert osa_distance("mldr-47", "mlrd-47") == 1
    swapped = damaged_echo("/view/eksport-rezidentov-eksport-rezidnetov-472551-2021/")
    assert swapped is not None and swapped.keep_second == "/view/eksport-rezidnetov-472551-2021/"


# -- known hosts and sections --------------------------------------------------------------------


def test_known_hosts_from_both_books():
    b1 = book("b1", [
        ["https://sovuz.by/realizaciva/nan-belarusi"],
        ["https://www.helta.by/society/view/x-475398-2021/"],
        ["https://russia.mfa.gov.lv/ru/embassy/news/bdc349beac26.html"],
        ["https://russia.mfa.gov.by/ru/embassy/a.html"], ["https://russia.mfa.gov.by/ru/b.html"],
        ["https://kbr.tprf.ru/en/mission/"],
    ], [["https://soyuz.by/realizaciya/nan-belarusi"], ["https://kbr.tpprf.ru/ru/mission/"]])
    b2 = book("b2", [
        [BELTA + "sotrudnichestvo-s-afrikanskim-soyuzom-620000-2024/"],
        ["https://belta.by/society/view/y-630000-2024/"],
    ])
    census = Census.of([b1, b2])
    # soyuz.by: b2 prints "soyuz" (soyuzom); sovuz only b1 does. belta.by: both books.
    assert census.corrections == {
        "sovuz.by": "soyuz.by",
        "helta.by": "belta.by",
        "russia.mfa.gov.lv": "russia.mfa.gov.by",
    }
    # Neither of two equally attested neighbours is known, and neither is corrected.
    assert census.unresolved_hosts == {"kbr.tprf.ru", "kbr.tpprf.ru"}
    assert census.correct_host("https://www.helta.by/society/view/x/") == (
        "https://www.belta.by/society/view/x/"
    )
    assert census.known("belta.by") and not census.known("helta.by")


def test_misprinted_section_of_a_known_host():
    b1 = book("b1", [["https://www.belta.by/societv/view/bolee-800-chelovek-337497-2019/"]])
    b2 = book("b2", [
        ["https://belta.by/society/view/a-600001-2024/"],
        ["https://belta.by/society/view/b-600002-2024/"],
    ])
    repair_sources([b1], context=[b2])
    (source,) = b1.footnotes[0].sources
    assert source.url == "https://www.belta.by/society/view/bolee-800-chelovek-337497-2019/"
    assert [r.kind for r in source.repairs] == ["section"]


# -- the bibliography's copy ---------------------------------------------------------------------


def test_bibliography_copy_with_the_id_wins():
    # b1:97: the footnote's id is split ("45_2543"); entry 93 prints it whole.
    printed = BELTA + "eksport-stroitelnyh-tovarov-sostavil-637-mln-45_2543-2021/"
    entry = BELTA + "eksport-stroitelnyh-tovarov-sostavil-637-mln-452543-2021/"
    b1 = book("b1", [[printed]], [[entry]])
    repair_sources([b1])
    (source,) = b1.footnotes[0].sources
    assert (source.url, source.belta_id) == (entry, 452543)
    assert source.repairs[-1] == Repair("bibliography", printed, entry)


def test_damaged_copies_that_disagree_keep_the_printed_one_and_say_so():
    mine = BELTA + "zavod-keramicheskoi-plitki-sovmestnvi-452553-2021/"
    theirs = BELTA + "zavod-keramicheskoj-plitki-sovmestnyi-452553-2021/"
    b1 = book("b1", [[mine]], [[theirs]])
    repair_sources([b1])
    (source,) = b1.footnotes[0].sources
    assert source.url == mine
    assert source.repairs == (Repair("unresolved", mine, theirs),)
    assert damage_counts(b1, Census.of([b1]))["damaged_unresolved"] == 1


def test_a_clean_footnote_copy_stays_silently():
    url = BELTA + "a-b-c-452553-2021/"
    b1 = book("b1", [[url, BELTA + "a-b-c-x-452554-2021/"], [BELTA + "a-b-c-y-452555-2021/"]],
              [[BELTA + "a-b-c-damaged-452553-2021/"]])
    repair_sources([b1])
    assert b1.footnotes[0].sources[0].url == url and not b1.footnotes[0].sources[0].repairs


# -- partial URLs and URL text -------------------------------------------------------------------


def test_partial_urls_keep_their_id_and_never_a_guessed_host():
    cut = partial_source(BELTA + "na-rynke-kyrgyzstana-640865-")  # b2:198
    assert (cut.partial, cut.domain, cut.belta_id, cut.year) == (True, "belta.by", 640865, None)
    tail = partial_source("belorusskoj-birzhevoj-ploschadke-698799-2025/")  # b2:386
    assert (tail.domain, tail.normalized, tail.belta_id, tail.year) == ("", "", 698799, 2025)
    mshp = partial_source("https://www.mshp.gov.by/printv/ru/news-ru/view/kazagro-2023-9164-")
    assert (mshp.domain, mshp.belta_id, mshp.partial) == ("mshp.gov.by", None, True)


def test_url_ending_a_note_keeps_the_pieces_after_a_space():
    # b1 bibliography 159: "bilateral relations" printed with a space
    (source,) = extract_sources(
        "Sur la coopération [Ressource électronique]. - 2021 . - URL : "
        "https://kazakhstan.mfa.gov.by/ru/bilateral relations/commerce_economique/region/"
    )
    assert source.url == "https://kazakhstan.mfa.gov.by/ru/bilateralrelations/commerce_economique/region/"
    assert source.repairs[0].kind == "rejoined"
    # Prose after a URL is not glued to it.
    (plain,) = extract_sources("URL : https://www.government.by/ru/content/10051 - 2021.")
    assert plain.url == "https://www.government.by/ru/content/10051"


def test_truncated_copy_with_damaged_end_is_dropped():
    # b1:67: "<...provelih>" is the truncated copy of the full URL printed after it
    sources = extract_sources(
        "URL : <https://eec.eaeunion.org/news/eek-i-evrokommisiva-provelih> - "
        "https://eec.eaeunion.org/news/eek-i-evrokommisiva-proveli-no-aktualnym-voprosam/"
    )
    assert [s.url for s in sources] == [
        "https://eec.eaeunion.org/news/eek-i-evrokommisiva-proveli-no-aktualnym-voprosam/"
    ]
