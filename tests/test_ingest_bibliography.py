"""b1's own bibliography (``Littérature``) reconciled with its footnotes."""

from __future__ import annotations

from searchlib.cite import reconcile
from searchlib.cite.bibliography import title_similarity
from tests.cite_books import make_b1, make_b2


def test_reconcile_by_id_url_and_title():
    result = reconcile(make_b1())
    assert result.has_bibliography
    assert (result.matches[2].entry, result.matches[2].method) == (1, "belta_id")
    assert (result.matches[1].entry, result.matches[1].method) == (4, "url")
    assert (result.matches[10].entry, result.matches[10].method) == (3, "title")
    assert result.bibliography_only == [2]
    assert result.footnotes_only == [32, 33, 40]


def test_reconcile_without_bibliography():
    result = reconcile(make_b2())
    assert not result.has_bibliography and result.matches == {}


def test_title_similarity_tolerates_translation_variants():
    a = "Les scientifiques de la CEI adoptent une déclaration sur la coopération scientifique"
    b = "Les scientifiques de la CEI adopteront une déclaration sur la coopération scientifique"
    assert title_similarity(a, b) >= 0.6
    assert title_similarity(a, "Bishkek prévoit d'acheter des machines à MTZ") < 0.6


def test_reconcile_is_computed_once_per_book_object():
    book = make_b1()
    assert reconcile(book) is reconcile(book)
    assert reconcile(make_b1()) is not reconcile(book)
