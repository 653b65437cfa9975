"""Words naming a field of activity: optional beside the words saying which field, and the
relational adjective they go with standing for its noun too (searchlib.search.sector_words)."""

from __future__ import annotations

import re

import pytest
from search_fixtures import build_tiny_index

from searchlib.analysis.corpus_tables import CorpusTables
from searchlib.analysis.demonyms import DemonymTable
from searchlib.search import search
from searchlib.search.expand import Expander
from searchlib.search.query import parse


@pytest.fixture(scope="module")
def expander(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("sectors"))
    tables = CorpusTables(adjectives=DemonymTable([("agriculture", "agricole")]))
    return Expander(ix.schema, tables=tables)


def test_a_sector_word_beside_another_is_not_required(expander):
    assert parse("domaine de la santé", expander).display == "santé (de préférence domaine)"
    parsed = parse("secteurs exportations Kostanay", expander)
    assert parsed.display == "exportations AND Kostanay (de préférence secteurs)"
    # Nothing found: the OR of every word, the sector word included.
    assert parsed.fallback is not None and len(parsed.fallback.subqueries) == 3


def test_a_sector_word_alone_or_beside_another_is_a_word_like_any_other(expander):
    assert parse("secteur", expander).display == "secteur"
    assert parse("secteur domaine", expander).display == "secteur AND domaine"
    # Not industrie: industrie légère is no passage on what is light.
    assert parse("industrie légère", expander).display == "industrie AND légère"


def test_the_adjective_of_a_sector_also_finds_its_noun(expander):
    parsed = parse("secteur agricole", expander)
    assert parsed.display == "agricole (de préférence secteur)"
    assert ("nom", "agriculture") in {(e.kind, e.form) for e in parsed.expansions}
    # Alone, an adjective stays narrower than its noun (corpus/adjectives.tsv, one way only).
    assert "agriculture" not in {e.form for e in parse("agricole", expander).expansions}


def test_a_sector_on_the_books_is_every_passage_on_its_field(real_searcher, real_corpus_dir,
                                                             real_books):
    texts = {p.id: p.text for b in real_books.values() for p in b.paragraphs()}
    farming = {i for i, t in texts.items() if re.search(r"\bagricult|\bagricole", t, re.I)}
    said = {i for i, t in texts.items() if re.search(r"secteurs? agricoles?", t, re.I)}
    results = search(real_searcher, "secteur agricole", page_len=500, corpus_dir=real_corpus_dir)
    found = [h.id for h in results.hits]
    # Before: the 15 passages holding both words; now nearly every passage on farming...
    assert len(farming & set(found)) >= 0.9 * len(farming) > 100
    # ...those saying "secteur agricole" among the first (the optional word counts).
    assert found[0] in said and said <= set(found[: len(found) // 4])
