"""b1's own bibliography (``Littérature``) reconciled with its footnotes, once, at ingest."""

from __future__ import annotations

import pytest

from searchlib.cite import bibliography_summary, resolve
from searchlib.ingest import bibliography
from searchlib.ingest.bibliography import reconcile, title_similarity
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


def test_ingest_keeps_each_match_on_its_footnote_record():
    book = make_b1()  # resolved as ingest leaves it
    notes = book.footnotes_by_number()
    assert (notes[2].bibliography.entry, notes[2].bibliography.method) == (1, "belta_id")
    assert notes[32].bibliography is None
    assert bibliography_summary(book) == reconcile(book)
    assert not bibliography_summary(make_b2()).has_bibliography


def test_cite_reads_the_records_and_never_reconciles(monkeypatch):
    book = make_b1()

    def refuse(_book):
        raise AssertionError("cite must not reconcile at run time")

    monkeypatch.setattr(bibliography, "reconcile", refuse)
    (citation,) = resolve([book], "b1:2").citations
    assert citation.bibliography.entry == 1
    assert bibliography_summary(book).bibliography_only == [2]
    with pytest.raises(AssertionError):
        bibliography.reconcile(book)
