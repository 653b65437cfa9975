"""The clauses of an analysed text (:mod:`searchlib.search.clauses`), on literal tokens."""

from __future__ import annotations

from whoosh import query as Q

from searchlib.search.clauses import key_clauses, text_clause
from searchlib.search.nodes import GappedPhrase


def test_a_word_is_its_terms_in_the_body_the_title_and_the_notes_weighted_by_field():
    clause = text_clause([(0, "kazakh"), (0, "KZ")], 0.8)
    assert clause == Q.Or([Q.Term("text", "KZ", boost=0.8), Q.Term("text", "kazakh", boost=0.8),
                           Q.Term("title", "KZ", boost=0.4), Q.Term("title", "kazakh", boost=0.4),
                           Q.Term("notes", "KZ", boost=0.24),
                           Q.Term("notes", "kazakh", boost=0.24)])
    assert text_clause([], 1.0) is None


def test_several_words_are_a_phrase_keeping_the_gap_of_a_stop_word():
    clause = text_clause([(3, "chambr"), (5, "commerc")], 1.0)
    body = clause.subqueries[0]
    assert isinstance(body, GappedPhrase) and body.fieldname == "text"
    assert (body.words, body.offsets, body.slop) == (["chambr", "commerc"], [0, 2], 2)
    assert [q.fieldname for q in clause.subqueries] == ["text", "title", "notes"]


def test_a_key_is_looked_for_in_each_keys_field_and_a_name_of_several_words_only_when_asked():
    fields = ("variants", "note_variants")
    assert key_clauses([(0, "kostanai")], fields, 1.0) == [
        Q.Term("variants", "kostanai", boost=0.6), Q.Term("note_variants", "kostanai", boost=0.18)]
    name = [(0, "velikii"), (1, "kamen")]
    assert key_clauses(name, fields, 1.0) == []
    phrases = key_clauses(name, fields, 1.0, names=True)
    assert [(p.fieldname, p.words, p.offsets) for p in phrases] == [
        ("variants", ["velikii", "kamen"], [0, 1]), ("note_variants", ["velikii", "kamen"], [0, 1])]
    assert key_clauses([(0, "a"), (0, "b")], fields, 1.0, names=True) == []  # one position
