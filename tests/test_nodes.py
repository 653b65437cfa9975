"""The expansions a built query carries (:func:`searchlib.search.nodes.expansions_of`), on
literal query trees."""

from __future__ import annotations

from whoosh import query as Q

from searchlib.search.nodes import Expansion, MinShouldMatch, expansions_of, named


def _e(word: str, form: str) -> Expansion:
    return Expansion(word, "variante", form, "corpus/variants.tsv")


def _word(word: str, *forms: str) -> Q.Query:
    parts = [Q.Or([Q.Term(f, word.lower()) for f in ("text", "title")])]
    parts += [Q.Term("text", form.lower(), boost=0.8) for form in forms]
    return named(Q.Or(parts), word, [_e(word, form) for form in forms])


def test_every_expansion_once_in_query_order_nested_ones_too():
    gomel, minsk = _word("Gomel", "Homiel", "Гомель"), _word("Minsk", "Miensk")
    run = named(Q.Or([Q.And([gomel, minsk]), Q.Term("text", "gomel minsk")]), "(Gomel Minsk)",
                [_e("Gomel Minsk", "Homiel Miensk")])
    query = Q.And([run, MinShouldMatch([_word("Grodno", "Hrodna"), gomel], 1)])
    assert expansions_of(query) == [
        _e("Gomel Minsk", "Homiel Miensk"), _e("Gomel", "Homiel"), _e("Gomel", "Гомель"),
        _e("Minsk", "Miensk"), _e("Grodno", "Hrodna")]


def test_a_term_carrying_expansions_is_read_and_what_a_not_excludes_is_not():
    term = named(Q.Term("text", "kostanai"), "Kostanay", [_e("Kostanay", "Qostanay")])
    query = Q.AndNot(Q.And([Q.Term("text", "lait"), term]), _word("Brest", "Bierascie"))
    # An AndNot's two sides are its children (a ``-word`` typed says what it excluded).
    assert expansions_of(query) == [_e("Kostanay", "Qostanay"), _e("Brest", "Bierascie")]
    assert expansions_of(Q.And([Q.Not(_word("Brest", "Bierascie")), term])) == [
        _e("Kostanay", "Qostanay")]
    assert expansions_of(Q.AndMaybe(term, _word("Brest", "Bierascie"))) == [
        _e("Kostanay", "Qostanay"), _e("Brest", "Bierascie")]
    assert expansions_of(None) == [] and expansions_of(Q.Term("text", "lait")) == []
