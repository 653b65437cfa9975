"""The expander's answers for a word (:mod:`searchlib.search.expand`): its shortcuts change no
answer. Each table is first asked whether it may hold a word (``knows``), and only then for its
expansions; on every word of both books, the answers are those of asking every table outright."""

from __future__ import annotations

from searchlib.index.expansion import index_directory, read_expansion_tables
from searchlib.search.expand import Expander


def test_every_word_of_the_books_gets_the_expansions_of_asking_every_table(
        real_searcher, real_index_dir, real_book_words, monkeypatch):
    generation = sorted(p for p in real_index_dir.iterdir() if p.name.startswith("gen-"))[-1]
    tables = read_expansion_tables(index_directory(real_searcher.reader()), generation / "corpus")
    assert tables is not None
    shortcut = Expander(real_searcher.schema, tables=tables)
    outright = Expander(real_searcher.schema, tables=tables)
    monkeypatch.setattr(outright, "_knows", lambda fn, text: True)
    words = real_book_words
    found = 0
    for word in words:
        answers = [(f(word), g(word)) for f, g in (
            (shortcut._spellings, outright._spellings), (shortcut._acronyms, outright._acronyms),
            (shortcut._relatives, outright._relatives), (shortcut._places, outright._places))]
        assert all(a == b for a, b in answers), word
        found += any(b for _, b in answers[:2]) or bool(answers[2][1][0])
    # Not empty answers compared with empty ones: hundreds of words have some.
    assert found > 500


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
