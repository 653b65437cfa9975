"""Other spellings and acronyms of a typed word (searchlib.analysis.spellings) on literal tables:
what the build stores for each form of the tables and a query finds for any other word. The real
books: tests/test_index_expansion.py (stored == found for every form)."""

from __future__ import annotations

from searchlib.analysis.acronym_table import AcronymTable
from searchlib.analysis.corpus_tables import CorpusTables
from searchlib.analysis.demonyms import DemonymTable
from searchlib.analysis.spellings import acronyms, spellings
from searchlib.analysis.tables import VariantTable
from searchlib.model import Acronym

TABLES = CorpusTables(
    variants=VariantTable([("Belarus", "Biélorussie"), ("Mogilev", "Mahiliou")]),
    demonyms=DemonymTable([("Belarus", "biélorusse", "bélarussien")]),
    acronyms=AcronymTable([("CEI", "Communauté des États indépendants")],
                          {"b1": [Acronym("EAU", "Union économique eurasiatique", ["b1.c01.p001"])],
                           "b2": [Acronym("EAU", "Émirats arabes unis", ["b2.c06.p009"])]}),
    books=["b1", "b2"])


def _terms(text: str) -> tuple[tuple[int, str], ...]:
    """Stand-in analysis: a form's folded text (two adjectives alike are one)."""
    return ((0, text.lower().rstrip("s")),)


def test_a_word_in_no_table_has_no_other_spelling():
    assert spellings("tracteurs", TABLES, _terms) == ()
    assert acronyms("tracteurs", TABLES) == ()


def test_a_name_has_its_variants_then_its_adjectives_weighed_below():
    assert spellings("Belarus", TABLES, _terms) == (
        ("variante", "Biélorussie", "corpus/variants.tsv", 1.0),
        ("gentilé", "biélorusse", "corpus/demonyms.tsv : adjectif de Belarus", 0.5),
        ("gentilé", "bélarussien", "corpus/demonyms.tsv : adjectif de Belarus", 0.5),
        ("gentilé", "bélarussienne", "corpus/demonyms.tsv : adjectif de Belarus", 0.5))
    assert spellings("Mahiliou", TABLES, _terms) == (
        ("variante", "Mogilev", "corpus/variants.tsv", 1.0),)


def test_an_adjective_typed_in_the_plural_has_its_country_and_its_spellings():
    found = spellings("biélorusses", TABLES, _terms)
    assert found[:2] == (
        ("gentilé", "Belarus", "corpus/demonyms.tsv : adjectif de Belarus", 0.5),
        ("variante", "Biélorussie", "corpus/variants.tsv, pour Belarus", 0.5))
    assert ("gentilé", "biélorusse", "corpus/demonyms.tsv : adjectif de Belarus", 0.5) \
        not in found  # the word typed, to the stand-in analysis


def test_an_acronym_has_its_full_names_per_book_where_the_books_disagree():
    assert acronyms("CEI", TABLES) == (
        ("Communauté des États indépendants", "corpus/synonyms.tsv", (), 1.0),)
    assert {(form, books) for form, _, books, _ in acronyms("EAU", TABLES)} == {
        ("Union économique eurasiatique", ("b1",)), ("Émirats arabes unis", ("b2",))}
