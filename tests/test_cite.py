"""searchlib.cite: parsing every footnote shape of the books, lookups, sources, bibliography."""

from __future__ import annotations

import pytest

from searchlib.cite import (
    find_citing,
    list_sources,
    render_passage,
    resolve,
    search_citations,
    wayback_url,
)
from searchlib.cite.passages import marker_excerpt
from searchlib.errors import DocumentNotFound, InvalidReference, UnknownBook
from searchlib.ingest.citation import parse_footnote, searchable_text
from searchlib.ingest.urls import make_source
from tests.cite_books import (
    KOSTANAY_URL,
    LEBEDEV_URL,
    PUSHNYAKOVA_URL,
    make_b1,
    make_b2,
)


@pytest.fixture
def books():
    return [make_b1(), make_b2()]


# --- parse: one test per shape found in the books ------------------------------------------


def test_online_without_author_b1_markdown_link():
    text = (
        "² Lebedev : L'accord de libre-échange des services de la CEI pourrait être signé en mai "
        f"2022 [Ressource électronique]. - 2021. - URL : <{LEBEDEV_URL}>"
    )
    p = parse_footnote(text)
    assert p.kind == "online"
    assert p.title == (
        "Lebedev : L'accord de libre-échange des services de la CEI pourrait être signé en mai 2022"
    )
    assert p.authors == []
    assert p.medium == "Ressource électronique"
    assert p.year == 2021
    assert p.urls == [LEBEDEV_URL]
    assert not p.partial and p.rest == ""
    assert p.raw == text


def test_online_with_author_b2_page_text():
    text = (
        "Pushnyakova, A. Golovchenko : le programme \"Un district - un projet\" vise à libérer "
        "les initiatives locales / A. Pushnyakova // [Ressource électronique]. - 2024. - URL : "
        "https://belta.by/society/view/golovchenko-programma-odin-rajon-odin-\n"
        "proekt-napravlena-na-raskreposchenie-initsiativy-na-mestah-657380-2024/"
    )
    p = parse_footnote(text, [make_source(PUSHNYAKOVA_URL)])
    assert p.authors == ["Pushnyakova, A."]
    assert p.responsibility == "A. Pushnyakova"
    assert p.title.startswith("Golovchenko : le programme \"Un district - un projet\"")
    assert p.year == 2024
    # The ingester's repaired URL replaces the one broken across lines.
    assert p.urls == [PUSHNYAKOVA_URL]
    assert not p.partial


def test_medium_then_colon_without_year():
    p = parse_footnote(
        "Roman Golovchenko : le Belarus a toujours défendu le développement de la CEI "
        "[Ressource électronique] : <http://www.government.by/ru/content/10051>"
    )
    assert p.title == "Roman Golovchenko : le Belarus a toujours défendu le développement de la CEI"
    assert p.year is None
    assert p.urls == ["http://www.government.by/ru/content/10051"]
    assert p.authors == []  # "Roman Golovchenko :" is a speaker in a headline, not an author


def test_medium_left_in_english_and_uri_typo():
    p = parse_footnote(
        "Bishkek mayor : we are interested in buying Belarusian machinery [Electronic resource]. "
        "- 2021. URI :<https://www.belta.by/economics/view/mer-bishkeka-469870-2021/>."
    )
    assert p.medium == "Ressource électronique"
    assert p.year == 2021
    assert p.urls == ["https://www.belta.by/economics/view/mer-bishkeka-469870-2021/"]
    assert not p.partial


def test_damaged_separators_and_markdown_link_pair():
    url = "https://www.belta.by/society/view/v-sng-podgotovili-proekt-471701-2021/"
    p = parse_footnote(
        "La CEI a préparé un projet de concept de coopération scientifique et technique "
        f"[Ressource électronique]. -2021 . . . - URL : [{url}]({url})"
    )
    assert p.year == 2021
    assert p.urls == [url]
    assert not p.partial


def test_impossible_year_is_kept_and_marked_partial():
    p = parse_footnote(
        "Les représentants de la communauté scientifique [Ressource électronique]. - 20231. - "
        "URL : <https://www.belta.by/society/view/x-471791-2021/>."
    )
    assert p.year is None
    assert p.partial
    assert "20231" in p.rest
    assert any("20231" in problem for problem in p.problems)


def test_book_with_publisher_and_page():
    p = parse_footnote(
        "Zalessky, B. Belarus-Russie : une formule d'intégration. Chronique de la construction "
        "d'une union. / B. Zalessky. - LAP LAMBERT Academic Publishing, 2018. - C. 45."
    )
    assert p.kind == "book"
    assert p.authors == ["Zalessky, B."]
    assert p.title.endswith("Chronique de la construction d'une union")
    assert p.publisher == "LAP LAMBERT Academic Publishing"
    assert p.year == 2018
    assert p.pages == "45"
    assert not p.partial


def test_chapter_in_conference_proceedings():
    p = parse_footnote(
        "Zalessky, B.L. Du forum des régions - à l'expansion de la coopération / B.L. Zalessky // "
        "Matériaux de la XVIIe conférence \"Proceedings of academic science - 2021\", 30 août - "
        "7 septembre 2021 : Sheffield. Science et éducation LTD. - C. 16-18."
    )
    assert p.kind == "chapter"
    assert p.authors == ["Zalessky, B.L."]
    assert p.title == "Du forum des régions - à l'expansion de la coopération"
    assert p.container.startswith("Matériaux de la XVIIe conférence")
    assert p.container.endswith("Science et éducation LTD")
    assert p.year == 2021
    assert p.pages == "16-18"


def test_author_without_comma_and_place_year():
    p = parse_footnote(
        "Zalessky B.L. SKFO - Belarus : topical media topics of cooperation / B.L. Zalessky // "
        "Mediacheniya SKFU : Materials of the Third Conference (Stavropol, 23-25 May 2019). - "
        "Stavropol, 2019. - C. 10-15."
    )
    assert p.authors == ["Zalessky, B.L."]
    assert p.title == "SKFO - Belarus : topical media topics of cooperation"
    assert p.year == 2019 and p.pages == "10-15"


def test_official_document_with_place_abbreviation():
    p = parse_footnote(
        "Programme interétatique de coopération en matière d'innovation des États membres de la "
        "CEI jusqu'en 2030. - M., 2020. - C.8."
    )
    assert p.kind == "document"
    assert p.place == "M." and p.publisher is None
    assert p.year == 2020 and p.pages == "8"
    assert not p.partial


def test_page_count_and_journal_issue():
    count = parse_footnote("Programme interétatique jusqu'en 2030. - M., 2020. - 41 c.")
    assert count.extent == "41 p." and count.pages is None and not count.partial
    journal = parse_footnote(
        "Zalessky, B.L. Zones économiques libres / B.L. Zalessky // Etudes sociales. - 2019. - "
        "№3. - C. 12-20."
    )
    assert journal.issue == "3" and journal.pages == "12-20" and not journal.partial


def test_ibid():
    p = parse_footnote("Ibid. C. 27.")
    assert p.kind == "ibid" and p.pages == "27" and p.title is None


def test_comment_note_keeps_its_text_and_is_partial():
    text = "Lors de la mise à jour des contacts avec le BUTB, les représentants ont été confiants."
    p = parse_footnote(text)
    assert p.kind == "note"
    assert p.partial
    assert p.rest == text


def test_access_date_when_printed():
    p = parse_footnote(
        "Titre [Ressource électronique]. - 2021. - URL : https://example.org/a "
        "(date d'accès : 12.03.2024)."
    )
    assert p.access_date == "12.03.2024"
    assert p.urls == ["https://example.org/a"]


def test_url_pieces_broken_by_the_export_are_not_left_over_when_repaired():
    text = (
        "Plus de 800 personnes [Ressource électronique]. - 2019. - URL : "
        "<https://www.belta.by/societv/view/bolee-800-chelovek-sng> 337497-2019/."
    )
    assert parse_footnote(text).partial  # on its own, the stray piece is unexplained
    repaired = make_source("https://www.belta.by/society/view/bolee-800-chelovek-sng-337497-2019/")
    assert not parse_footnote(text, [repaired]).partial


# --- passages ---------------------------------------------------------------------------------


def test_marker_excerpt_at_start_middle_and_end():
    text = "Première phrase. Deuxième phrase. Troisième."
    assert marker_excerpt(text, 0, 1) == "[1] Première phrase."
    middle = text.index(" Deuxième")
    assert marker_excerpt(text, middle, 2) == "Première phrase. [2] Deuxième phrase."
    assert marker_excerpt(text, len(text), 3) == "Troisième. [3]"
    inside = text.index("phrase. Troi")
    assert marker_excerpt(text, inside, 4) == "Deuxième [4] phrase."


# --- resolve ----------------------------------------------------------------------------------


def test_resolve_footnote(books):
    r = resolve(books, "b1:32")
    assert r.kind == "footnote"
    [c] = r.citations
    assert c.key == "b1:32"
    assert [p.paragraph for p in c.passages] == ["b1.c02.p001"]
    assert "[32]" in c.passages[0].excerpt
    assert c.passages[0].chapter_title == "Les régions" and c.passages[0].page == 30


def test_resolve_paragraph_lists_its_footnotes(books):
    r = resolve(books, "b1.c1.p2")  # unpadded numbers are accepted
    assert r.ref == "b1.c01.p002"
    assert [c.footnote.number for c in r.citations] == [1, 5, 10, 40]
    assert r.passage.paragraph == "b1.c01.p002"
    assert [c.missing_definition for c in r.citations] == [False, True, False, False]


@pytest.mark.parametrize(
    ("ref", "error", "message"),
    [
        ("b9:1", UnknownBook, "unknown book 'b9'"),
        ("b1:999", DocumentNotFound, "out of range (b1 has footnotes 1–40)"),
        ("b1:0", DocumentNotFound, "out of range"),
        ("b1:7", DocumentNotFound, "neither marker nor definition"),
        ("b1.c09.p001", DocumentNotFound, "paragraph b1.c09.p001 does not exist"),
        ("b1-32", InvalidReference, "malformed reference"),
        ("", InvalidReference, "malformed reference"),
    ],
)
def test_resolve_errors(books, ref, error, message):
    with pytest.raises(error) as info:
        resolve(books, ref)
    assert message in str(info.value)


# --- reverse lookup ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        KOSTANAY_URL,
        KOSTANAY_URL.replace("https://www.", "http://").rstrip("/"),
        "www.belta.by/society/view/another-slug-of-the-article-462339-2021",
    ],
)
def test_find_citing_by_url_variants(books, url):
    assert [c.key for c in find_citing(books, url=url)] == ["b1:32", "b1:33"]


def test_find_citing_non_belta_url_matches_normalised_form(books):
    found = find_citing(books, url="https://government.by/ru/content/10051/")
    assert [c.key for c in found] == ["b1:1"]


@pytest.mark.parametrize("printed", ["https://government.by/ru/content/10051/.",
                                     "https://government.by/ru/content/10051;",
                                     "https://government.by/ru/content/10051/)"])
def test_a_url_copied_from_a_note_with_its_punctuation_is_the_source(books, printed):
    # "URL : https://...-2021/." ends a printed note: the full stop is the sentence's
    assert [c.key for c in find_citing(books, url=printed)] == ["b1:1"]


def test_find_citing_by_belta_id_across_books(books):
    assert [c.key for c in find_citing(books, belta_id=469260)] == ["b1:2", "b2:9"]
    assert find_citing(books, belta_id=1) == []


@pytest.mark.parametrize("url", ["not a url", "ftp://belta.by/x", "https://", "localhost/x", ""])
def test_find_citing_rejects_malformed_urls(books, url):
    with pytest.raises(InvalidReference, match="malformed URL"):
        find_citing(books, url=url)


def test_find_citing_rejects_a_url_that_cannot_be_split(books):
    with pytest.raises(InvalidReference, match=r"^malformed URL 'http://\[::1': Invalid IPv6 URL$"):
        find_citing(books, url="http://[::1")


def test_find_citing_needs_exactly_one_key(books):
    with pytest.raises(InvalidReference):
        find_citing(books)
    with pytest.raises(InvalidReference):
        find_citing(books, belta_id=0)


def test_search_citations_exact_words(books):
    results = search_citations(books, "KOSTANAY grodno")
    assert [r.ref for r in results] == ["b1.c02.p001"]  # b1.c02.p002 has no footnote
    assert [c.key for c in results[0].citations] == ["b1:32", "b1:33"]
    assert search_citations(books, "Vladivostok") == []
    with pytest.raises(InvalidReference):
        search_citations(books, "  ?! ")


# --- sources ----------------------------------------------------------------------------------


def test_wayback_url_uses_the_year_cited():
    source = make_source(KOSTANAY_URL)
    assert wayback_url(source) == f"https://web.archive.org/web/2021*/{KOSTANAY_URL}"
    plain = make_source("www.government.by/ru/content/10051")
    assert wayback_url(plain) == "https://web.archive.org/web/*/https://government.by/ru/content/10051"
    assert wayback_url(plain, 2019).startswith("https://web.archive.org/web/2019*/")


def test_list_sources_merges_spellings_and_counts(books):
    listing = list_sources(books)
    by_key = {s.key: s for s in listing.sources}
    kostanay = by_key["belta:462339"]
    assert kostanay.citations == ["b1:32", "b1:33"]
    assert len(kostanay.variants) == 2
    assert by_key["belta:469260"].citations == ["b1:2", "b2:9"]
    assert listing.sources[0].count == 2
    assert listing.per_domain["belta.by"] == {"sources": 3, "citations": 5}
    assert listing.per_domain["government.by"] == {"sources": 1, "citations": 1}
    assert listing.per_year["2021"]["sources"] == 2
    assert listing.per_year["2024"] == {"sources": 1, "citations": 1}
    # the government.by note prints no year
    assert listing.per_year["unknown"] == {"sources": 1, "citations": 1}


def test_list_sources_domain_filter(books):
    assert {s.source.domain for s in list_sources(books, "WWW.Belta.by").sources} == {"belta.by"}
    assert list_sources(books, "example.org").sources == []


def test_render_passage_references_book_chapter_page_and_ordinal():
    book = make_b1()
    paragraph = book.chapters[1].paragraphs[0]
    text = render_passage(book, paragraph, "text")
    assert text == (
        "Boris Zalessky, La priorité est donnée à des projets spécifiques, Sciencia Scripts, 2023, "
        "chap. 2 « Les régions », p. 30, § 1."
    )
    gost = render_passage(book, paragraph, "gost")
    assert gost.startswith("Zalessky, B. La priorité est donnée à des projets spécifiques / ")
    assert "Chap. 2 « Les régions ». – C. 30. – § 1." in gost


def test_a_passage_without_its_own_page_is_found_from_its_chapter_first_page():
    from dataclasses import replace

    book = make_b1()
    chapter = book.chapters[1]
    book.chapters[1] = replace(chapter, page=17, paragraphs=[
        replace(p, page=None) for p in chapter.paragraphs])
    paragraph = book.chapters[1].paragraphs[-1]
    ordinal = len(book.chapters[1].paragraphs)
    text = render_passage(book, paragraph, "text")
    assert text.endswith(f"chap. 2 « Les régions », p. 17 et suiv., § {ordinal}.")
    assert paragraph.id not in text  # an internal id means nothing to a reader of the book
    assert f"C. 17 et suiv. – § {ordinal}." in render_passage(book, paragraph, "gost")


@pytest.mark.parametrize(
    ("text", "kind", "title", "authors"),
    [
        # b2 notes whose end was lost at a page bottom: what they give is kept.
        ('Le Forum industriel international "INNOPROM. Kazakhstan" [Ressource', "online",
         'Le Forum industriel international "INNOPROM. Kazakhstan"', []),
        ("Zalessky, B. Nouvelles frontières du partenariat / Boris Zalessky. -", "document",
         "Nouvelles frontières du partenariat", ["Zalessky, B."]),
        ("Grishkevich, A. Ambassadeur : les stratégies des Émirats arabes unis", "document",
         "Ambassadeur : les stratégies des Émirats arabes unis", ["Grishkevich, A."]),
    ],
)
def test_reference_cut_short_keeps_its_fields(text, kind, title, authors):
    p = parse_footnote(text)
    assert (p.kind, p.title, p.authors) == (kind, title, authors)
    assert p.partial and "reference cut short" in p.problems


def test_a_notes_searchable_text_drops_the_words_every_note_prints():
    text = ("Tracteurs biélorusses au Kazakhstan [Ressource électronique]. - 2021. - URL : "
            "https://www.belta.by/economics/view/traktory-469260-2021 (date d'accès : 12.03.2022)")
    words = searchable_text(text)
    assert "Tracteurs biélorusses au Kazakhstan" in words
    assert "belta.by/economics/view/traktory-469260-2021" in words  # the URL's words stay
    for gone in ("Ressource", "électronique", "URL", "accès", "12.03.2022"):
        assert gone not in words
    assert searchable_text("Le commerce électronique [Electronic resource]").split() == [
        "Le", "commerce", "électronique"]
