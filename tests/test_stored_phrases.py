"""The phrases a build stores (:mod:`searchlib.index.stored_phrases`): those a query makes of the
expansion tables' forms (:mod:`searchlib.index.phrase_keys`), each the very matches, scores and
words looked up a search computes, read by a search instead of evaluated, and only for the
segments and the weighting they were computed for."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_incremental import ALPHA, BRAVO, corpus
from whoosh import query as Q
from whoosh import scoring

from searchlib.index import generations as gen
from searchlib.index.bm25f import WEIGHTING
from searchlib.index.generation import open_live
from searchlib.index.phrase_keys import (
    KEY_FIELDS,
    key_phrase,
    printed_compounds,
    query_phrases,
    text_phrase,
)
from searchlib.index.stored_phrases import PHRASES, StoredPhrases
from searchlib.search import search
from searchlib.search.clauses import key_clauses, text_clause
from searchlib.search.engine import Engine
from searchlib.search.expand import VARIANT_FIELDS
from searchlib.search.expanders import expander_for
from searchlib.search.nodes import Expansion
from searchlib.search.phrase_nodes import PhraseNodes
from searchlib.search.postings import IndexArrays, index_arrays
from searchlib.search.query import parse

SYNONYMS = "ZLE | zone de libre-échange | zones de libre-échange\nJKL | Juliett kilo lima\n"
VARIANTS = "Grand Kostanay | Velikiy Kostanai\n"
QUERIES = ["ZLE", '"zone de libre-échange"', "JKL", "Grand Kostanay", "Kostanay tracteurs"]


def tiny_corpus(path: Path, bravo: list[str] = BRAVO) -> Path:
    corpus(path, [*ALPHA, "Le Grand Kostanay, dit Velikiy Kostanai."], bravo)
    (path / "synonyms.tsv").write_text(SYNONYMS, encoding="utf-8")
    (path / "variants.tsv").write_text(VARIANTS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("stored-phrases")
    gen.build_index(tiny_corpus(tmp / "corpus"), tmp / "index")
    return tmp / "index"


def _phrase_nodes(q: Any) -> list[Q.Phrase]:
    found, stack = [], [q]
    while stack:
        node = stack.pop()
        if isinstance(node, Q.Phrase):
            found.append(node)
        elif node is not None and not node.is_leaf():
            stack.extend(node.children())
    return found


def _evaluated(searcher: Any, q: Q.Phrase, stored: bool) -> tuple[Any, ...]:
    """What an engine gives and records for phrase ``q``: read from the table, or computed as
    without one (its own arrays: nothing kept from another evaluation)."""
    engine = Engine(searcher, WEIGHTING)
    if not stored:
        engine.arrays = IndexArrays(searcher.reader())
        engine._stored_phrase = lambda q: None  # type: ignore[method-assign]
    ids, scores = engine.run(q)
    return (ids.tolist(), scores.tolist(), list(engine.phrase_words),
            {k: v.tolist() for k, v in engine.phrases.items()})


def _every_stored_phrase_is_computed_the_same(searcher: Any) -> tuple[int, int]:
    table = StoredPhrases.open(searcher.reader())
    assert table is not None
    checked = matched = 0
    for fieldname, words, slop in table.phrases():
        q = Q.Phrase(fieldname, list(words), slop=slop, boost=0.8)
        found = _evaluated(searcher, q, stored=True)
        assert found == _evaluated(searcher, q, stored=False), (fieldname, words, slop)
        checked += 1
        matched += bool(found[0])
    return checked, matched


# -- which phrases ---------------------------------------------------------------------------------


def test_a_forms_phrases_are_those_the_query_clauses_make():
    assert KEY_FIELDS == VARIANT_FIELDS
    for tokens in ([(0, "zon"), (1, "de"), (2, "libr"), (3, "echang")],
                   [(3, "chambr"), (5, "commerc")], [(0, "kazakh"), (0, "KZ")],
                   [(0, "a"), (0, "b"), (2, "c")], [(0, "seul")], []):
        nodes = _phrase_nodes(text_clause(tokens, 0.8))
        expected = {(tuple(q.words), q.slop) for q in nodes}
        found = text_phrase(tokens)
        assert ({found} if found else set()) == expected, tokens
        keys = key_clauses(tokens, VARIANT_FIELDS, 0.8, names=True)
        expected = {(tuple(q.words), q.slop) for q in keys if isinstance(q, Q.Phrase)}
        found = key_phrase(tokens)
        assert ({found} if found else set()) == expected, tokens


# -- the tiny books --------------------------------------------------------------------------------


def test_the_tables_phrases_are_stored_each_as_a_search_computes_it(tiny_index):
    live = open_live(tiny_index)
    with live.searcher() as searcher:
        table = StoredPhrases.open(searcher.reader())
        assert table is not None
        stored = set(table.phrases())
        expander = expander_for(searcher.reader(), live.corpus_dir)
        reader = searcher.reader()
        compounds = printed_compounds([s for _l, _o, s in index_arrays(reader).stores(reader)],
                                      reader.doc_count_all())
        assert compounds == ["libre-échange"]  # one passage of eight
        made = set(query_phrases(expander.tables, searcher.schema, compounds))
        # The footnotes' fields hold no posting in these books (no footnote): a search reads
        # them through Whoosh, and so evaluates their phrases.
        assert stored == {k for k in made if k[0] not in ("notes", "note_variants")} != made
        assert ("text", ("zon", "de", "libr", "echang"), 1) in stored
        assert ("variants", ("veliki", "kostanai"), 1) in stored  # a name's keys
        assert ("text", ("libr", "echang"), 1) in stored  # a word printed with a hyphen
        checked, matched = _every_stored_phrase_is_computed_the_same(searcher)
    assert checked == len(stored) and matched >= 3


def test_a_search_reads_the_stored_phrases_and_answers_as_without_them(tiny_index, monkeypatch):
    live = open_live(tiny_index)

    def answers() -> list[Any]:
        with live.searcher() as s:
            return [[(h.id, h.score, h.snippet) for h in search(s, q, corpus_dir=live.corpus_dir)
                     .hits] for q in QUERIES]

    with monkeypatch.context() as m:
        m.setattr(PhraseNodes, "_stored_phrase", lambda self, q: None)
        expected = answers()  # every phrase evaluated
    assert all(expected[:4])
    evaluated: list[str] = []
    missing_word = PhraseNodes._missing_word

    def evaluating(self: Any, q: Q.Phrase) -> Any:
        evaluated.append(q.fieldname)
        return missing_word(self, q)

    monkeypatch.setattr(PhraseNodes, "_missing_word", evaluating)
    assert answers() == expected
    # Only the footnotes' phrases (no posting in these books: none stored) were evaluated.
    assert set(evaluated) == {"notes", "note_variants"}


def test_a_phrase_the_tables_do_not_make_is_evaluated(tiny_index):
    live = open_live(tiny_index)
    with live.searcher() as searcher:
        q = Q.Phrase("text", ["tracteur", "de", "minsk"])
        engine = Engine(searcher, WEIGHTING)
        assert engine._stored_phrase(q) is None
        assert engine.run(q)[0].tolist() == _evaluated(searcher, q, stored=False)[0] != []


def test_a_weighting_of_other_parameters_evaluates_its_phrases(tiny_index):
    live = open_live(tiny_index)
    with live.searcher() as searcher:
        table = StoredPhrases.open(searcher.reader())
        assert table is not None and table.scores_for("text", WEIGHTING)
        assert not table.scores_for("text", scoring.BM25F(B=0.8, K1=2.0))
        assert not table.scores_for("notes", scoring.BM25F(B=0.8, K1=1.2, notes_B=0.5))
        assert not table.scores_for("spell", WEIGHTING)  # no phrase of it stored
        other = scoring.BM25F(B=0.5, K1=1.2)
        engine = Engine(searcher, other)
        q = Q.Phrase("text", ["zon", "de", "libr", "echang"])
        assert engine._stored_phrase(q) is None and len(engine.run(q)[0])


def _table(index_dir: Path) -> list[Any]:
    with open_live(index_dir).searcher() as s:
        table = StoredPhrases.open(s.reader())
        assert table is not None
        return sorted((key, *(a.tolist() for a in table.phrase(*key)[:2]), table.phrase(*key)[2])
                      for key in table.phrases())


def test_a_one_book_rebuild_stores_the_phrases_of_a_build_from_scratch(tmp_path):
    corpus_dir, index_dir = tiny_corpus(tmp_path / "corpus"), tmp_path / "index"
    gen.build_index(corpus_dir, index_dir)
    before = _table(index_dir)
    # b1 grows: every phrase's idfs and length terms change, those of a1's documents too.
    bigger = [*BRAVO, "Sierra tango : la zone de libre-échange de Brest, Juliett kilo lima."]
    tiny_corpus(corpus_dir, bigger)
    assert gen.build_index(corpus_dir, index_dir).reused == ("a1",)
    scratch = tmp_path / "scratch"
    gen.build_index(tiny_corpus(tmp_path / "corpus2", bigger), scratch)
    assert _table(index_dir) == _table(scratch) != before
    with open_live(index_dir).searcher() as searcher:
        assert _every_stored_phrase_is_computed_the_same(searcher)[1] >= 3


def test_a_table_of_other_segments_or_none_is_not_used(tmp_path):
    index_dir = tmp_path / "index"
    gen.build_index(tiny_corpus(tmp_path / "corpus"), index_dir)
    other = tmp_path / "other"
    gen.build_index(tiny_corpus(tmp_path / "corpus2", BRAVO[:2]), other)
    live, foreign = open_live(index_dir), open_live(other)
    for name in (f"{PHRASES}_arrays.npy", f"{PHRASES}_meta.json"):
        shutil.copyfile(foreign.path / name, live.path / name)
    with live.searcher() as s:
        assert StoredPhrases.open(s.reader()) is None
    (live.path / f"{PHRASES}_meta.json").unlink()
    with live.searcher() as s:
        assert StoredPhrases.open(s.reader()) is None
        found = search(s, "ZLE", corpus_dir=live.corpus_dir)
    assert found.total


# -- the real books --------------------------------------------------------------------------------


def test_every_stored_phrase_of_the_real_books_is_the_one_a_search_computes(real_searcher):
    checked, matched = _every_stored_phrase_is_computed_the_same(real_searcher)
    assert checked > 400 and matched > 100


def test_every_phrase_a_query_makes_of_a_real_tables_form_is_stored(real_searcher,
                                                                    real_index_dir):
    reader = real_searcher.reader()
    live = open_live(real_index_dir)
    expander = expander_for(reader, live.corpus_dir)
    table = StoredPhrases.open(reader)
    assert table is not None
    tables = expander.tables
    names = {f for group in tables.variants.groups for f in group}
    names.update(f for forms in tables.places.printed.values() for f in forms)
    made = set()
    for form in tables.forms():
        # As an expansion ORs it in (a name's spelling with its keys), and as a phrase typed.
        kind = "variante" if form in names else "sigle"
        for q in (expander._alternative(Expansion(form, kind, form, "")), expander.phrase(form)):
            made.update((p.fieldname, tuple(p.words), p.slop) for p in _phrase_nodes(q))
    assert len(made) > 400
    # A word printed with a hyphen in several passages, typed as a word.
    compounds = printed_compounds([s for _l, _o, s in index_arrays(reader).stores(reader)],
                                  reader.doc_count_all())
    assert {"libre-échange", "agro-industriel"} <= set(compounds)
    for word in compounds:
        made.update((p.fieldname, tuple(p.words), p.slop) for p in
                    _phrase_nodes(expander.word(word)))
    assert made <= set(table.phrases())
    # The heaviest queries' phrases are read from the table.
    for query in ("CEI", "BUTB", "Émirats arabes unis", "zone de libre-échange"):
        nodes = _phrase_nodes(parse(query, expander).query)
        assert len(nodes) >= 3 and all(table.phrase(q.fieldname, q.words, q.slop) is not None
                                       for q in nodes), query


def test_the_words_printed_with_a_hyphen_in_several_passages_are_listed(tiny_index):
    with open_live(tiny_index).searcher() as searcher:
        reader = searcher.reader()
        stores = [s for _l, _o, s in index_arrays(reader).stores(reader)]
        # "libre-échange" is printed in one passage of these books' eight.
        assert printed_compounds(stores, 8, 8) == ["libre-échange"]
        assert printed_compounds(stores, 9, 8) == []  # of nine: two passages needed
