"""Ranked search on a tiny literal corpus: ranking, filters, facets, fallback, suggestions."""

from __future__ import annotations

import json

import numpy as np
import pytest
from search_fixtures import build_tiny_index
from whoosh import query as Q

from searchlib.messages import CATALOGUE
from searchlib.search import _match, search
from searchlib.search.suggest import Suggestion


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("ix"))
    with ix.searcher() as s:
        yield s


def ids(results):
    return [h.id for h in results.hits]


def test_the_passage_about_the_subject_beats_the_list(searcher):
    r = search(searcher, "Kostanay")
    assert ids(r) == ["b1.c01.p001", "b1.c01.p002"]
    assert r.hits[0].score > r.hits[1].score


def test_accent_folding_both_ways(searcher):
    assert ids(search(searcher, "Biélorussie"))[0] == "b1.c01.p001"
    assert ids(search(searcher, "bielorussie"))[0] == "b1.c01.p001"
    assert "b2.c01.p001" in ids(search(searcher, "emirats"))


def test_and_by_default_then_or_with_a_message(searcher):
    r = search(searcher, "Kostanay exposition")
    assert r.total == 2 + 1
    assert "au moins un" in r.message
    assert search(searcher, "Kostanay tracteurs").total == 1


def test_words_joined_by_a_dash_the_books_never_print_so_are_found_apart(searcher):
    # No passage prints "Kostanay-tracteurs": the passage holding both words, said so.
    for typed in ("Kostanay-tracteurs", "Kostanay–tracteurs", "tracteurs—Kostanay"):
        r = search(searcher, typed)
        assert ids(r) == ["b1.c01.p001"], typed
        assert r.message == CATALOGUE["apart"][0] and "AND" in r.parsed
    # Beside another word the pair is still one clause: all three required, not two of three.
    assert ids(search(searcher, "usine Kostanay-tracteurs")) == ["b1.c01.p001"]
    # Then the OR, of that clause and the other word.
    r = search(searcher, "exposition Kostanay-tracteurs")
    assert r.parsed == "(exposition OR (Kostanay AND tracteurs))"
    assert set(ids(r)) == {"b1.c01.p001", "b1.c02.p001"}
    # A compound the books print is searched as printed, with no message.
    r = search(searcher, "libre-échange")
    assert ids(r) == ["b1.c01.p003"] and r.message is None


def test_not_and_minus_exclude(searcher):
    assert "b2.c02.p001" not in ids(search(searcher, "coopération -lait"))
    assert "b2.c02.p001" not in ids(search(searcher, "coopération AND NOT lait"))
    assert "b2.c02.p001" in ids(search(searcher, "coopération"))


def test_book_and_chapter_filters(searcher):
    assert set(ids(search(searcher, "entreprises book:b2"))) == {"b2.c01.p001"}
    assert set(ids(search(searcher, "entreprises", filters={"book": "b1"}))) == {"b1.c02.p001"}
    assert ids(search(searcher, "coopération chapter:2")) == ["b2.c02.p001"]
    assert ids(search(searcher, "coopération", filters={"chapter": "b1:1"})) == ["b1.c01.p001"]


def test_footnote_text_returns_the_carrying_paragraph_below_body_matches(searcher):
    r = search(searcher, "tracteurs")
    assert ids(r) == ["b1.c01.p001"]
    r = search(searcher, "Kazakhstan")
    # body match (p001 text) first; the chapter title "Le Kazakhstan" also brings p002
    assert ids(r)[0] == "b1.c01.p001"


def test_hits_carry_footnotes_with_urls(searcher):
    hit = search(searcher, "tracteurs").hits[0]
    assert hit.page == 10 and hit.chapter == 1 and hit.book == "b1"
    assert [(f.book, f.number) for f in hit.footnotes] == [("b1", 1)]
    assert hit.footnotes[0].urls == ["https://www.belta.by/economics/view/traktory-469260-2021"]


def test_facets_count_every_match(searcher):
    r = search(searcher, "entreprises", page_len=1)
    assert r.total == 2 and len(r.hits) == 1
    assert {(f.value, f.count) for f in r.facets["book"]} == {("b1", 1), ("b2", 1)}
    assert {f.value for f in r.facets["chapter"]} == {"b1:2", "b2:1"}
    assert [(f.value, f.count) for f in r.facets["domain"]] == [("mfa.gov.by", 1)]
    assert [(f.value, f.count) for f in r.facets["year"]] == [("2023", 1)]


def test_pagination(searcher):
    first = search(searcher, "région OR district OR entreprises", page=1, page_len=2)
    second = search(searcher, "région OR district OR entreprises", page=2, page_len=2)
    assert first.total == second.total == 5
    assert len(first.hits) == 2 and len(second.hits) == 2
    assert not set(ids(first)) & set(ids(second))
    assert search(searcher, "entreprises", page=9).hits == []


def test_suggestion_in_real_words(searcher):
    r = search(searcher, "coopérotiun")  # two edits: suggested, not corrected
    assert (r.total, r.corrected, r.suggestion) == (0, None, "coopération")
    assert search(searcher, "coopération").suggestion is None


def test_a_typo_is_corrected_when_the_query_finds_nothing(searcher):
    r = search(searcher, "cooperaton")  # one edit from a word of the books
    assert (r.query, r.corrected, r.suggestion) == ("cooperaton", "coopération", "coopération")
    assert [h.id for h in r.hits] == [h.id for h in search(searcher, "coopération").hits]
    assert r.total > 0 and r.message == CATALOGUE["corrected"][0]
    assert r.to_json()["corrected"] == "coopération"
    # With a word no typo explains (two edits from any), nothing is corrected
    r = search(searcher, "cooperaton zyxwvu")
    assert r.corrected is None and r.total == 0
    # A query finding something is searched as typed, even with a near word
    assert search(searcher, "Kostanay").corrected is None


@pytest.mark.parametrize(("typos", "correction"), [
    (("kostnay",), True),  # one edit from a word of the books, no word of its own
    (("poire",), False),  # a French word (one edit from foire)
    (("atlanta",), False),  # a city (one edit from the firm Atlant)
    (("kostnay", "atlanta"), False),  # every word must be a typo
    ((), False),  # a word two edits away, or too short
])
def test_only_typos_are_corrected(typos, correction):
    assert Suggestion("q", typos).is_correction() is correction


def test_prefix_and_fuzzy(searcher):
    assert set(ids(search(searcher, "kosta*"))) == {"b1.c01.p001", "b1.c01.p002"}
    assert ids(search(searcher, "tracteyrs~")) == ["b1.c01.p001"]


@pytest.mark.parametrize("query", ['"unbalanced', "OR", "NOT", "(((", "x" * 3000, "\x00\x07"])
def test_malformed_queries_without_a_word_of_the_books_find_nothing(searcher, query):
    r = search(searcher, query)
    assert (r.total, r.hits, r.query) == (0, [], query)


@pytest.mark.parametrize("query", ['"Kostanay', "((( Kostanay", "Kostanay )))"])
def test_malformed_syntax_around_a_word_still_finds_it(searcher, query):
    r = search(searcher, query)
    assert set(ids(r)) == {"b1.c01.p001", "b1.c01.p002"} and r.total == 2
    json.dumps(r.to_json())


def test_json_contract(searcher):
    data = search(searcher, "Kostanay").to_json()
    assert {"query", "total", "hits", "facets", "suggestion"} <= set(data)
    hit = data["hits"][0]
    assert set(hit) == {"id", "book", "chapter", "page", "text", "snippet", "score", "footnotes"}
    assert isinstance(hit["chapter"], int) and isinstance(hit["score"], float)
    assert set(hit["footnotes"][0]) == {"book", "number", "text", "urls"}


class _Answers:
    """An engine that answers fixed matches."""

    def __init__(self, ids: list[int], scores: list[float]) -> None:
        self.matches = np.array(ids, dtype=np.int64), np.array(scores)

    def run(self, q: Q.Query) -> tuple:
        return self.matches


@pytest.mark.parametrize("count", [3, 40, 161, 900])
def test_the_best_come_first_and_ties_in_reading_order(count):
    # Few matches are sorted whole, many have the best found first: the same page either way.
    ids = list(range(0, 3 * count, 3))
    scores = [float((7 * i) % 5) for i in range(count)]  # five scores, many ties
    for keep in (1, 10, 25):
        ranked, docs = _match(_Answers(ids, scores), Q.NullQuery, keep)  # type: ignore[arg-type]
        expected = sorted(zip(scores, ids, strict=True), key=lambda p: (-p[0], p[1]))[:keep]
        assert ranked == expected and docs.tolist() == ids
