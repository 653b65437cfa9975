"""The expander's answers for a word (:mod:`searchlib.search.expand`): its shortcuts change no
answer. Each table is first asked whether it may hold a word (``knows``), and only then for its
expansions; on every word of both books, the answers are those of asking every table outright."""

from __future__ import annotations

from searchlib.analysis import spellings
from searchlib.index.expansion import index_directory, read_expansion_tables
from searchlib.search.expand import Expander


def test_every_word_of_the_books_gets_the_expansions_of_asking_every_table(
        real_searcher, real_index_dir, real_book_words, monkeypatch):
    generation = sorted(p for p in real_index_dir.iterdir() if p.name.startswith("gen-"))[-1]
    tables = read_expansion_tables(index_directory(real_searcher.reader()), generation / "corpus")
    assert tables is not None
    words = real_book_words

    def answers(expander: Expander) -> list[tuple[object, ...]]:
        return [(expander._spellings(w), expander._acronyms(w), expander._relatives(w),
                 expander._places(w)) for w in words]

    shortcut = answers(Expander(real_searcher.schema, tables=tables))
    # Then every table asked outright: the expander's checks and the spellings' and acronyms'
    # own (each answer is remembered per expander: the shortcut's were made before).
    outright_expander = Expander(real_searcher.schema, tables=tables)
    monkeypatch.setattr(outright_expander, "_knows", lambda fn, text: True)
    monkeypatch.setattr(spellings, "may_hold", lambda fn, text: True)
    outright = answers(outright_expander)
    for word, a, b in zip(words, shortcut, outright, strict=True):
        assert a == b, word
    # Not empty answers compared with empty ones: hundreds of words have some.
    assert sum(bool(s or a or r[0]) for s, a, r, _ in outright) > 500


def test_a_typed_words_table_checks_through_its_fold_answer_as_each_tables_own_key(
        real_searcher, real_index_dir, real_book_words):
    generation = sorted(p for p in real_index_dir.iterdir() if p.name.startswith("gen-"))[-1]
    tables = read_expansion_tables(index_directory(real_searcher.reader()), generation / "corpus")
    assert tables is not None
    held = 0
    for word in real_book_words:
        for typed in {word, word.lower(), word.capitalize(), word.upper()}:
            assert tables.may_respell(typed) == tables.may_respell_text(typed), typed
            held += tables.may_respell(typed)
    assert held > 500


def test_a_family_words_text_term_from_the_stored_stems_is_its_analysis(real_searcher,
                                                                        real_index_dir):
    from searchlib.search.finders import family_text_term
    from searchlib.search.snippets import _text_term

    generation = sorted(p for p in real_index_dir.iterdir() if p.name.startswith("gen-"))[-1]
    tables = read_expansion_tables(index_directory(real_searcher.reader()), generation / "corpus")
    assert tables is not None
    families = tables.families
    carried = 0
    for key in list(families.members):
        stems = families.stems[key]
        for word in families.members[key]:
            term = family_text_term(word, stems.get(word))
            if term is not None:  # what the snippets would have analysed the word into
                carried += 1
                assert term == _text_term(word), word
    assert carried > 1000  # the families' words are printed words of lower-case letters


def test_a_family_word_carries_its_text_term_only_when_its_analysis_is_its_stem():
    from searchlib.search.finders import family_text_term

    assert family_text_term("produit", "produit") == b"produit"
    assert family_text_term("coopèrent", "coopercent") == b"coopercent"
    # Not one token of lower-case letters, or no stem: left to the analysis.
    for word in ("aujourd'hui", "libre-échange", "Minsk", "g20"):
        assert family_text_term(word, "x") is None
    assert family_text_term("produit", None) is None and family_text_term("produit", "") is None


def test_a_run_the_tables_know_typed_as_words_ranks_the_passages_printing_it_first(
        real_searcher, real_corpus_dir, real_books):
    """``État de l'Union`` typed as words still finds every passage holding its words (an État
    member of an Union), but those printing the run (or its table's other forms) come first."""
    import re

    from searchlib.search import search

    texts = {p.id: p.text for b in real_books.values() for p in b.paragraphs()}
    naming = re.compile(r"[ÉE]tats? de l'Union|[ÉE]tat uni|Union State", re.I)
    results = search(real_searcher, "État de l'Union", page_len=200, corpus_dir=real_corpus_dir)
    named = [naming.search(texts[h.id]) is not None for h in results.hits]
    assert sum(named) >= 15 and not all(named)  # both kinds found
    # Before the run's phrase counted, five of them ranked 24th to 35th, below passages on
    # the Union économique eurasiatique's member États.
    assert named == sorted(named, reverse=True), "".join(".N"[n] for n in named)


def test_a_form_the_books_never_print_is_left_out_of_the_query_and_changes_nothing(
        real_searcher, real_corpus_dir):
    import numpy as np
    from whoosh import query as Q

    from searchlib.search import WEIGHTING
    from searchlib.search.budget import Budget
    from searchlib.search.engine import Engine
    from searchlib.search.expanders import expander_for
    from searchlib.search.query import parse

    checking = expander_for(real_searcher.reader(), real_corpus_dir)
    every = Expander(real_searcher.schema, tables=checking.tables)  # no index to ask
    text = "zone de libre-échange"  # ZLE | FTA | ... | free trade area | free trade zone
    queries = [parse(text, expander).query for expander in (every, checking)]
    phrases = [{tuple(p.words) for p in q.leaves() if isinstance(p, Q.Phrase)} for q in queries]
    # The books print no "free trade": its phrases are left out, the printed ones kept.
    assert {("fre", "trad", "area"), ("fre", "trad", "zon")} <= phrases[0] - phrases[1]
    assert ("libr", "echang") in phrases[1]
    # The same matches and scores either way: such a phrase matches nothing.
    (ids, scores), (ids2, scores2) = (Engine(real_searcher, WEIGHTING, Budget()).run(q)
                                      for q in queries)
    assert len(ids) > 0 and np.array_equal(ids, ids2) and np.array_equal(scores, scores2)


def test_a_run_of_words_gets_the_places_its_spellings_hold(real_corpus_dir) -> None:
    from searchlib.index.schema import passage_schema

    expander = Expander(passage_schema(), real_corpus_dir)
    runs = ["Sankt Peterburg", "Nizhny Novgorod", "Nour Soultan", "Ulan Bator", "Abou Dhabi",
            "tracteurs biélorusses", "zone de", "Belarus Russie", "Émirats arabes unis"]
    known = 0
    for text in runs:
        # What a run looks for in the gazetteer, read without the variant table when the
        # gazetteer does not know it: the city spellings of the run's spellings, in order.
        places = expander._places(text)
        assert places == tuple(e for e in expander._spellings(text) if e.kind == "lieu"), text
        known += bool(places)
    assert known >= 3
    # A city typed in two words is one clause holding its printed spelling.
    (clause,) = expander.words(["Sankt", "Peterburg"])
    assert "Saint-Pétersbourg" in {e.form for e in clause.expansions}
