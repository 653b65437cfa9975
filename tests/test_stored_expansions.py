"""What a build stores of the expansion tables equals what a query derives from them, on the real
books: each form's analysis, its spellings and acronyms, and the queries both give
(:mod:`searchlib.index.expansion`; the file itself: ``tests/test_index_expansion.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searchlib.analysis.corpus_tables import load_corpus_tables
from searchlib.index.expansion import index_directory, read_expansion_tables
from searchlib.index.generation import open_live
from searchlib.search.expand import Expander
from searchlib.search.query import parse


def test_the_build_stores_what_a_query_makes_of_each_form_of_the_tables(real_index_dir):
    # Each spelling, city form, acronym, full name, country and adjective a query may OR in:
    # its terms and keys as the index's own analyzers give them at query time.
    from searchlib.analysis.word_analysis import analyze

    generation = open_live(real_index_dir)
    stored = read_expansion_tables(generation.path, generation.corpus_dir)
    assert stored is not None
    forms = load_corpus_tables(generation.corpus_dir).forms()
    assert sorted(stored.analysis) == sorted(forms) and len(forms) > 400
    with generation.searcher() as searcher:
        text, variants = searcher.schema["text"].analyzer, searcher.schema["variants"].analyzer
    for form in sorted(forms):
        terms, keys = stored.analysis[form]
        assert terms == tuple(analyze(text, form)) and keys == tuple(analyze(variants, form)), form
    assert stored.analysis["Communauté des États indépendants"][0] == (
        (0, "communaut"), (1, "de"), (2, "etat"), (3, "independ"))
    assert {"Kostanay", "CEI", "Oulan-Bator"} <= set(forms)


def test_the_build_stores_each_forms_spellings_and_acronyms_as_a_query_finds_them(
        real_index_dir):
    # What a query ORs in for a city, a country, an adjective or an acronym the tables hold,
    # found once by the build with the query's own functions (searchlib.analysis.spellings).
    from searchlib.analysis.spellings import acronyms, spellings

    generation = open_live(real_index_dir)
    stored = read_expansion_tables(generation.path, generation.corpus_dir)
    assert stored is not None
    with generation.searcher() as searcher:
        derived = Expander(searcher.schema, generation.corpus_dir)
    assert derived.tables.found == {}  # derived tables find everything at query time
    forms = sorted(derived.tables.forms())
    kept = 0
    for form in forms:
        found = (spellings(form, derived.tables, derived._terms), acronyms(form, derived.tables))
        assert stored.found.get(form, ((), ())) == found, form
        kept += bool(found[0] or found[1])
    assert set(stored.found) <= set(forms)
    assert len(stored.found) == kept > 400
    assert ("variante", "Гомель", "corpus/variants.tsv", 1.0) in stored.found["Gomel"][0]
    assert "Communauté des États indépendants" in [a[0] for a in stored.found["CEI"][1]]


def _book_words(corpus_dir: Path, count: int) -> list[str]:
    """Words, pairs and phrases of the books (names, accents, elisions, compounds, acronyms),
    a fixed sample."""
    import random
    import re

    texts = []
    for path in sorted((corpus_dir / "ingested").glob("*.json")):
        book = json.loads(path.read_text(encoding="utf-8"))
        texts += [p["text"] for chapter in book["chapters"] for p in chapter["paragraphs"]]
    words = sorted({w for text in texts for w in re.findall(r"[\w'’-]+", text)})
    rng = random.Random(14)
    special = [w for w in words if not w.isascii() or not w.islower() or "-" in w or "'" in w]
    sample = rng.sample(special, count) + rng.sample(words, count)
    for text in rng.sample(texts, count // 4):
        run = text.split()[:3]
        sample += [" ".join(run[:2]), " ".join(run), f'"{" ".join(run)}"']
    return sample


def test_stored_and_derived_tables_parse_the_books_words_alike(real_index_dir):
    # Hundreds of the books' words and runs, and every form of the tables as typed, in lower
    # case and in capitals: the stored analyses, spellings and acronyms answer as the
    # derivation does.
    generation = open_live(real_index_dir)
    with generation.searcher() as searcher:
        stored = read_expansion_tables(generation.path, generation.corpus_dir)
        assert stored is not None
        with_stored = Expander(searcher.schema, tables=stored)
        with_derived = Expander(searcher.schema, generation.corpus_dir)
    forms = sorted(with_derived.tables.forms())
    texts = [*_book_words(generation.corpus_dir, 200), *forms,
             *(f.lower() for f in forms[::4]), *(f.upper() for f in forms[::9])]
    for text in texts:
        a, b = parse(text, with_stored), parse(text, with_derived)
        assert (a.display, a.query, a.fallback, a.expansions) == (
            b.display, b.query, b.fallback, b.expansions), text
    assert sum(bool(parse(f, with_stored).expansions) for f in forms) > 400


@pytest.mark.parametrize("query", [
    "Kostanay", "CEI", "Émirats arabes unis", "travaux", "Moskva", "agro-industriel",
    '"zone de libre-échange"', "BUTB exportations", "Mogilev~",
])
def test_stored_and_derived_tables_build_the_same_query(real_index_dir, query):
    generation = open_live(real_index_dir)
    with generation.searcher() as searcher:
        stored = read_expansion_tables(index_directory(searcher.reader()), generation.corpus_dir)
        assert stored is not None
        with_stored = parse(query, Expander(searcher.schema, tables=stored))
        with_derived = parse(query, Expander(searcher.schema, generation.corpus_dir))
    assert with_stored.query == with_derived.query
    assert with_stored.expansions == with_derived.expansions
