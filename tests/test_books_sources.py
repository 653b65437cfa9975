"""The cited sources of both real books after repair (issue 15), and the text around markers.

Footnote numbers are the books'; each URL below was read in corpus/sources/ and, for b1, in
its bibliography (``Littérature``).
"""

from __future__ import annotations

import re

import pytest

from searchlib.cli import cli
from searchlib.corpus import qa_report
from searchlib.ingest.census import Census
from searchlib.ingest.source_repair import has_echo

BELTA_ID = re.compile(r"[-_]\d{5,7}[-_](?:19|20)\d\d/?$")


@pytest.fixture(scope="module")
def b1(real_books):
    return real_books["b1"]


@pytest.fixture(scope="module")
def b2(real_books):
    return real_books["b2"]


def source(book, number, index=0):
    return book.footnotes_by_number()[number].sources[index]


def test_what_stays_damaged_is_counted_and_small(b1, b2):
    census = Census.of([b1, b2])
    sources = {
        (b.id, n.number): s for b in (b1, b2) for n in b.footnotes for s in n.sources
    }
    # No URL on a host the books do not print correctly, but b1:110: kbr.tprf.ru and the
    # bibliography's kbr.tpprf.ru are printed once each, and nothing tells which is right.
    unknown = sorted(k for k, s in sources.items() if s.domain and not census.known(s.domain))
    assert unknown == [("b1", 110)]
    assert not [k for k, s in sources.items() if has_echo(s.url)]
    # Every BelTA URL printed with its id has it recorded.
    assert not [
        k for k, s in sources.items()
        if s.domain.endswith("belta.by") and BELTA_ID.search(s.url) and s.belta_id is None
    ]
    assert qa_report(b1).damaged == {
        "hosts": 1, "echoes": 0, "ids": 0, "unresolved": 32, "partial": 0
    }
    assert qa_report(b2).damaged == {
        "hosts": 0, "echoes": 0, "ids": 0, "unresolved": 0, "partial": 21
    }


def test_repairs_are_recorded_and_counted_by_kind(b1, b2):
    report = qa_report(b1)
    assert report.repairs["bibliography"] == 80 and report.repairs["host"] == 33
    assert report.repairs["section"] == 3 and report.repairs["echo"] == 90
    assert qa_report(b2).repairs == {"rejoined": 298}  # URLs wrapped at a line end
    for book in (b1, b2):
        for note in book.footnotes:
            for s in note.sources:
                assert s.repaired == bool([r for r in s.repairs if r.kind != "unresolved"])
                for r in s.repairs:
                    assert r.before != r.after or r.kind == "unresolved", (note.key, r)


def test_hosts_misprinted_in_b1_are_the_known_ones(b1):
    assert source(b1, 51).domain == "eec.eaeunion.org"  # eec.eaeuuion.org
    assert source(b1, 54).domain == "eec.eaeunion.org"  # ecc.eaeunion.org
    assert source(b1, 104).domain == source(b1, 116).domain == "russia.mfa.gov.by"
    assert source(b1, 134).url.startswith("https://www.belta.by/society/view/")  # helta, societv
    assert (source(b1, 168).domain, source(b1, 168).belta_id) == ("belta.by", 476100)  # beha.by
    for number in range(135, 140):
        assert source(b1, number).url.startswith("https://soyuz.by/realizaciya-")  # sovuz.by


def test_echoes_named_in_the_issue_are_gone(b1):
    assert source(b1, 62).url.endswith(
        "/eek-i-pravitelstvo-mongolii-obsuzhdavut-plany-vzaimodejstviya-do-2025-goda/"
    )
    assert "dostizheniya" in source(b1, 63).url and source(b1, 63).url.count("dostizheniya") == 1
    assert source(b1, 124).url == (
        "https://grodno-region.by/ru/oblispolkom_news-ru/view/v-oblispolkome-proshlo-zasedanie-po-"
        "sotrudnichestvu-belarusi-i-respublik-komii-tvva-31118-2021/"
    )
    assert source(b1, 139).url.endswith(
        "/belarus-i-rossiya-provedut-konkurs-tehnoparkov-soyuznogo-gosudarstva"
    )
    assert "-god-uvelichivaetsja-447921-2021/" in source(b1, 147).url
    assert "-mogut-pojavitsia-v-kazahstane-452553-2021/" in source(b1, 158).url
    assert source(b1, 176).url.endswith("-vzaimnoj-torgovli-471650-2021/")
    assert source(b1, 182).url.endswith("-prevysil-1-mldr-472551-2021/")


def test_ids_restored_from_the_bibliography(b1):
    # b1:97 prints its id split ("45_2543"); b1:190 lost it at a space inside the URL.
    assert source(b1, 97).belta_id == 452543
    assert source(b1, 97).repairs[-1].kind == "bibliography"
    assert source(b1, 190).belta_id == 471323
    assert source(b1, 190).url.endswith("-bolee-chem-na-40-471323-2021/")


def test_fragments_are_not_returned_as_urls(b1):
    assert [s.url for s in b1.footnotes_by_number()[67].sources] == [
        "https://eec.eaeunion.org/news/eek-i-evrokommisiva-proveli-no-aktualnym-voprosam-raboty-biznesa/"
    ]
    (s51,) = b1.footnotes_by_number()[51].sources
    assert s51.domain == "eec.eaeunion.org"


def test_bibliography_urls_printed_with_a_space_are_whole(b1):
    entries = {e.number: e for e in b1.bibliography}
    assert entries[155].sources[0].belta_id == 452553
    assert entries[159].sources[0].url.endswith("/commerce_economique/region/")


def test_partial_urls_of_b2_are_sources_with_their_id(b2, cli_runner, real_corpus_dir):
    assert (source(b2, 198).partial, source(b2, 198).belta_id) == (True, 640865)
    assert (source(b2, 276).belta_id, source(b2, 386).belta_id) == (552857, 698799)
    assert (source(b2, 191).domain, source(b2, 191).partial) == ("mshp.gov.by", True)
    assert sum(s.partial for n in b2.footnotes for s in n.sources) == 21
    result = cli_runner.invoke(cli, ["cite", "--belta", "640865", "--corpus", str(real_corpus_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("b2:198 ")


def test_markers_between_sentences_leave_a_space(b1):
    paragraphs = b1.paragraphs_by_id()
    for number in (12, 22, 84, 126, 132, 133, 148):
        (marker,) = b1.footnotes_by_number()[number].markers
        text = paragraphs[marker.paragraph].text
        assert text[marker.offset - 1] == "." and text[marker.offset] == " ", number
    assert not [p.id for p in b1.paragraphs() if re.search(r"[a-zé]\.[A-ZÉ]", p.text)]


def test_paragraph_merges_split_as_the_sources_print_them(b1, b2):
    b1p, b2p = b1.paragraphs_by_id(), b2.paragraphs_by_id()
    assert b1p["b1.c05.p026"].text.endswith("à la Pologne par l'intermédiaire de BUTB.")
    assert b1p["b1.c05.p027"].text.startswith("En particulier, une trentaine d'entreprises")
    assert b2p["b2.c21.p006"].text == (
        "3) la transition du commerce d'échange entre le Belarus et la Chine vers une large gamme "
        "de produits multi-marchandises."
    )
    assert b2p["b2.c21.p007"].text.startswith("Quant au bureau de représentation de BUTB")
    assert not [p.id for b in (b1, b2) for p in b.paragraphs() if re.search(r"\(\s*\)", p.text)]


def test_every_marker_links_to_the_paragraph_that_carries_it(b1, b2):
    for book, count in ((b1, 211), (b2, 498)):
        paragraphs = book.paragraphs_by_id()
        markers = [(n.number, m) for n in book.footnotes for m in n.markers]
        assert len(markers) == count
        for number, marker in markers:
            assert number in paragraphs[marker.paragraph].footnotes
            assert 0 <= marker.offset <= len(paragraphs[marker.paragraph].text)
