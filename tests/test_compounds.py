"""Compounds typed apart or joined (searchlib.analysis.compounds) on literal fixtures, and what
the expander ORs in for them."""

from __future__ import annotations

import pytest
from search_fixtures import build_tiny_index

from searchlib.analysis.compounds import CompoundTable, book_compounds, compound_key, learned_head
from searchlib.analysis.corpus_tables import CorpusTables
from searchlib.analysis.spellings import HEADED_WEIGHT
from searchlib.search.expand import Expander
from searchlib.search.query import parse

TEXTS = [
    "Le complexe agro-industriel et l'agroalimentaire de la région.",
    "Les produits de l'industrie alimentaire partent vers Hong Kong et Abou Dhabi.",
    "Le Belarus exporte ; maintenant la coentreprise produit des tracteurs.",
]


def test_compound_key_folds_and_drops_hyphens():
    assert compound_key("Nouvelle", "Zélande") == compound_key("Nouvelle-Zélande") == (
        "nouvellezelande")


def test_a_word_in_one_piece_is_a_compound_of_two_printed_words():
    found = book_compounds(TEXTS)
    # agro is printed only inside agro-industriel; the elided article does not hide the word
    assert found["agroalimentaire"] == ["agroalimentaire"]
    assert "coentreprise" not in found  # co and entreprise are never printed alone
    assert "maintenant" not in found  # main and tenant neither


def test_two_capitalised_words_side_by_side_are_a_name_in_two_words():
    found = book_compounds(TEXTS)
    assert found["hongkong"] == ["Hong Kong"]
    assert found["aboudhabi"] == ["Abou Dhabi"]
    assert "lebelarus" not in found  # a stop word is no part of a name


def test_the_table_answers_pairs_typed_apart_and_words_typed_joined():
    table = CompoundTable([book_compounds(TEXTS)])
    assert table.joined("agro", "alimentaire") == ["agroalimentaire"]
    assert table.joined("Agro", "Alimentaire") == ["agroalimentaire"]
    assert table.split("Hongkong") == ["Hong Kong"]
    assert table.joined("industrie", "alimentaire") == []
    assert table.split("agroalimentaire") == []  # printed in one piece: the index has it


LEARNED = [
    "La microélectronique et l'optoélectronique ; l'électronique grand public.",
    "Les nanotechnologies, la technologie ; la biologique et la logique.",
    "Les pétrochimiques, le chimique.",
    "L'international et le national ; la télévision et la vision ; le transport.",
]


def test_a_word_a_learned_prefix_heads_is_a_compound_of_it():
    found = book_compounds(LEARNED)
    # opto is never printed alone: a learned prefix counts as printed
    assert found["optoelectronique"] == ["optoélectronique"]
    assert found["nanotechnologies"] == ["nanotechnologies"]
    table = CompoundTable([found])
    assert table.headed("électronique") == ["microélectronique", "optoélectronique"]
    # either number: the compound in the plural, the word typed in the singular
    assert table.headed("technologie") == ["nanotechnologies"]
    assert table.headed("chimique") == ["pétrochimiques"]  # only the plural is printed
    # a root's suffix is not the word, nor what other prefixes head
    assert table.headed("logique") == [] and table.headed("vision") == []
    assert table.headed("national") == [] and table.headed("port") == []
    assert table.headed("micro électronique") == []


@pytest.mark.parametrize(("folded", "head"), [
    ("microelectroniques", "electronique"), ("petrochimie", "chimie"), ("aeroport", None),
    ("biologique", None), ("international", None), ("ecotourisme", "tourisme")])
def test_a_learned_prefix_heads_the_word_after_it(folded, head):
    assert learned_head(folded) == head


def test_a_word_finds_the_compounds_a_learned_prefix_heads_below_itself(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("learned"))
    tables = CorpusTables(compounds=CompoundTable([book_compounds(LEARNED)]))
    parsed = parse("électronique", Expander(ix.schema, tables=tables))
    found = {(e.kind, e.form): e.weight for e in parsed.expansions}
    assert found[("composé", "microélectronique")] == HEADED_WEIGHT < 1
    # not the reverse: a compound is narrower than its word
    parsed = parse("microélectronique", Expander(ix.schema, tables=tables))
    assert ("composé", "électronique") not in {(e.kind, e.form) for e in parsed.expansions}


@pytest.fixture(scope="module")
def expander(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("ix"))
    tables = CorpusTables(compounds=CompoundTable([{
        "agroindustrielle": ["agroindustrielle"], "postsovietique": ["post soviétique"],
        "interregionale": ["interrégionale"]}]))
    return Expander(ix.schema, tables=tables)


def test_a_pair_typed_apart_is_one_clause_with_the_word_in_one_piece(expander):
    parsed = parse("agro industrielle Kostanay", expander)
    got = {(e.word, e.kind, e.form) for e in parsed.expansions}
    assert ("agro industrielle", "composé", "agroindustrielle") in got
    assert parsed.display.startswith("(agro industrielle) AND ")


def test_a_pair_the_books_never_print_joined_stays_two_words(expander):
    parsed = parse("coopération interrégionale", expander)
    assert not [e for e in parsed.expansions if e.kind == "composé"]
    assert parsed.display == "coopération AND interrégionale"


def test_a_word_typed_joined_finds_the_pair_printed_apart(expander):
    parsed = parse("postsoviétique", expander)
    assert ("postsoviétique", "composé", "post soviétique") in {
        (e.word, e.kind, e.form) for e in parsed.expansions}
