"""Nationality adjectives and their countries, relational adjectives and their nouns
(searchlib.analysis.demonyms) on literal fixtures, and what the expander ORs in for them. The real
books: tests/judged_mechanisms.toml (demonym, relational adjective)."""

from __future__ import annotations

import pytest
from search_fixtures import build_tiny_index

from searchlib.analysis.adjective_expansion import DEMONYM_WEIGHT, add_adjectives
from searchlib.analysis.corpus_tables import CorpusTables, load_corpus_tables
from searchlib.analysis.demonyms import DemonymTable, inflections, load_demonyms
from searchlib.analysis.tables import VariantTable
from searchlib.errors import TableError
from searchlib.search import search
from searchlib.search.expand import Expander
from searchlib.search.query import parse

GROUPS = [("Kazakhstan", "kazakh", "kazakhstanais"), ("Turquie", "turc"),
          ("Ukraine", "ukrainien"), ("Chine", "chinois"), ("États-Unis", "américain"),
          ("Belarus", "biélorusse", "bélarussien")]


@pytest.mark.parametrize(("adjective", "forms"), [
    ("kazakh", ("kazakh", "kazakhs", "kazakhe", "kazakhes")),
    ("ukrainien", ("ukrainien", "ukrainiens", "ukrainienne", "ukrainiennes")),
    ("letton", ("letton", "lettons", "lettonne", "lettonnes")),
    ("chinois", ("chinois", "chinoise", "chinoises")),
    ("biélorusse", ("bielorusse", "bielorusses")),
    ("turc", ("turc", "turcs", "turque", "turques")),
    ("commercial", ("commercial", "commerciaux", "commerciale", "commerciales")),
    ("laitier", ("laitier", "laitiers", "laitiere", "laitieres")),
    ("industriel", ("industriel", "industriels", "industrielle", "industrielles")),
    ("sportif", ("sportif", "sportifs", "sportive", "sportives")),
])
def test_an_adjective_has_its_regular_feminine_and_plural(adjective, forms):
    assert inflections(adjective) == forms


def test_any_form_of_an_adjective_names_its_country():
    table = DemonymTable(GROUPS)
    assert table.countries("Kazakhes") == ["Kazakhstan"]
    assert table.countries("kazakhstanaise") == ["Kazakhstan"]
    assert table.countries("turques") == ["Turquie"]
    assert table.countries("Bélarussiennes") == ["Belarus"]  # accents and case ignored
    assert table.countries("Kazakhstan") == []  # a country is no adjective
    assert table.countries("tracteurs") == []


def test_a_country_gives_its_adjectives_in_both_genders():
    table = DemonymTable(GROUPS)
    assert table.adjectives("Turquie") == ["turc", "turque"]
    assert table.adjectives("etats-unis") == ["américain", "américaine"]
    assert table.adjectives("Belarus") == ["biélorusse", "bélarussien", "bélarussienne"]
    assert table.adjectives("kazakh") == []


def test_a_country_gives_the_plurals_of_its_adjectives_as_written():
    table = DemonymTable(GROUPS)
    assert table.plurals("Belarus") == ["biélorusses", "bélarussiens", "bélarussiennes"]
    assert table.plurals("Chine") == ["chinois", "chinoises"]
    assert DemonymTable(NOUNS).plurals("commerce") == ["commerciaux", "commerciales"]
    assert table.plurals("kazakh") == []


def test_the_forms_a_build_analyses_hold_the_adjectives_plurals():
    forms = CorpusTables(demonyms=DemonymTable(GROUPS), adjectives=DemonymTable(NOUNS)).forms()
    assert {"biélorusses", "turques", "laitiers", "laitières", "commerciaux"} <= forms
    assert {"Belarus", "biélorusse", "laitière", "lait"} <= forms


NOUNS = [("lait", "laitier"), ("commerce", "commercial"), ("industrie", "industriel")]


def test_a_noun_is_found_in_its_plural_and_an_adjective_in_any_form():
    table = DemonymTable(NOUNS)
    assert table.adjectives("industries") == ["industriel", "industrielle"]
    assert table.adjectives("Lait") == ["laitier", "laitière"]
    assert table.countries("commerciaux") == ["commerce"]
    assert table.countries("laitières") == ["lait"]
    assert table.adjectives("laitier") == []


def test_the_table_round_trips_with_the_other_tables():
    corpus = CorpusTables(demonyms=DemonymTable(GROUPS))
    restored = CorpusTables.from_data(corpus.to_data())
    assert restored.demonyms.groups == corpus.demonyms.groups
    assert restored.demonyms.by_form == corpus.demonyms.by_form
    nouns = CorpusTables(adjectives=DemonymTable(NOUNS))
    restored = CorpusTables.from_data(nouns.to_data())
    assert restored.adjectives.by_country == nouns.adjectives.by_country


def test_the_file_is_read_like_the_other_tables(tmp_path):
    path = tmp_path / "demonyms.tsv"
    path.write_text("# country | adjectives\nKazakhstan | kazakh\tkazakhstanais\n", "utf-8")
    assert load_demonyms(path).countries("kazakhes") == ["Kazakhstan"]
    assert len(load_demonyms(tmp_path / "missing.tsv")) == 0
    path.write_text("Kazakhstan | kazakh\nTurquie\n", "utf-8")
    with pytest.raises(TableError, match=r"demonyms.tsv:2"):
        load_demonyms(path)
    path.write_text("Turquie | turc\n", "utf-8")
    assert load_corpus_tables(tmp_path).demonyms.countries("turcs") == ["Turquie"]
    (tmp_path / "adjectives.tsv").write_text("lait | laitier\n", "utf-8")
    tables = load_corpus_tables(tmp_path)
    assert tables.adjectives.countries("laitiers") == ["lait"]
    assert tables.demonyms.countries("laitiers") == []  # two tables, each its own


def test_a_country_spelled_as_its_key_spells_it_reaches_its_adjectives(tmp_path):
    (tmp_path / "demonyms.tsv").write_text("Serbie | serbe\nChine | chinois\n", "utf-8")
    (tmp_path / "variants.tsv").write_text("Chine | China | Kitaï\n", "utf-8")
    variants = load_corpus_tables(tmp_path).variants
    # Serbia and Serbie have one transliteration key: Serbie is a name of the variant table, so
    # the English spelling finds the country as the table writes it (and so its adjectives).
    assert variants.expand("Serbia") == {"Serbia", "Serbie"}
    # A country the file lists is not listed twice; an unknown name stays alone.
    assert variants.expand("China") == {"China", "Chine", "Kitaï"}
    assert sum(1 for group in variants.groups if "Chine" in group) == 1
    assert variants.expand("Serbistan") == {"Serbistan"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_index(tmp_path_factory.mktemp("ix"))


def test_an_adjective_brings_its_country_and_its_spellings_below_the_word(tiny):
    tables = CorpusTables(demonyms=DemonymTable(GROUPS),
                          variants=VariantTable([("Kazakhstan", "Qazaqstan")]))
    parsed = parse("kazakhes", Expander(tiny.schema, tables=tables))
    found = {(e.kind, e.form): e.weight for e in parsed.expansions}
    assert found[("gentilé", "Kazakhstan")] == DEMONYM_WEIGHT
    assert found[("variante", "Qazaqstan")] == DEMONYM_WEIGHT
    # The country's other adjective is Kazakhstan's term to the stemmer: one alternative, not a
    # second count of the same passages
    assert ("gentilé", "kazakhstanais") not in found


def test_a_country_brings_one_alternative_per_stem_of_its_adjectives(tiny):
    parsed = parse("Belarus", Expander(tiny.schema, tables=CorpusTables(
        demonyms=DemonymTable(GROUPS))))
    adjectives = [e.form for e in parsed.expansions if e.kind == "gentilé"]
    # bélarussien and bélarussienne are one stem: counted once in the score
    assert adjectives == ["biélorusse", "bélarussien"]


def test_a_search_for_an_adjective_finds_the_passage_naming_the_country(tiny, tmp_path):
    # b1.c01.p001 prints "le Kazakhstan", never "kazakh"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with tiny.searcher() as searcher:
        assert search(searcher, "kazakhes", corpus_dir=corpus).total == 0
        (corpus / "demonyms.tsv").write_text("Kazakhstan | kazakh\n", "utf-8")
        results = search(searcher, "kazakhes", corpus_dir=corpus)
    assert "b1.c01.p001" in [h.id for h in results.hits]


def test_a_noun_brings_its_relational_adjectives_and_an_adjective_not_its_noun(tiny):
    tables = CorpusTables(adjectives=DemonymTable(NOUNS), demonyms=DemonymTable(GROUPS))
    parsed = parse("lait", Expander(tiny.schema, tables=tables))
    assert [(e.kind, e.form, e.weight) for e in parsed.expansions if e.kind == "adjectif"] == [
        ("adjectif", "laitier", DEMONYM_WEIGHT)]  # laitière: the same stem, counted once
    parsed = parse("industries", Expander(tiny.schema, tables=tables))
    found = {(e.kind, e.form): e.why for e in parsed.expansions}
    assert found[("adjectif", "industriel")] == "corpus/adjectives.tsv : adjectif de industries"
    # One way: the dairy industry (laitière) is not every passage on milk
    parsed = parse("laitières", Expander(tiny.schema, tables=tables))
    assert not [e for e in parsed.expansions if e.kind in ("adjectif", "gentilé")]


def test_a_nouns_workshop_is_found_and_told_apart_from_its_adjectives():
    found = []
    tables = CorpusTables(adjectives=DemonymTable([("lait", "laitier", "laiterie")]))
    add_adjectives("lait", [], tables, str.lower, lambda *alt: found.append(alt))
    assert found == [("laitier", "adjectif", "corpus/adjectives.tsv : adjectif de lait", 0.5),
                     ("laitière", "adjectif", "corpus/adjectives.tsv : adjectif de lait", 0.5),
                     ("laiterie", "dérivé", "corpus/adjectives.tsv : dérivé de lait", 0.5)]
    assert inflections("laiterie") == ("laiterie", "laiteries")  # one form for both genders


def test_a_country_is_told_from_its_adjectives():
    table = DemonymTable([("Kazakhstan", "kazakh"), ("Belarus", "biélorusse")])
    assert table.is_country("kazakhstan") and table.is_country("Belarus")
    assert not table.is_country("kazakhes") and not table.is_country("biélorusse")
    assert not table.is_country("Minsk")
