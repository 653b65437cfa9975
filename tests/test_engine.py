"""The engine's sums are those of a plain evaluation, to the last bit: each ``Or`` adds its clauses'
scores one document at a time from zero, in clause order; each ``And`` adds its sides in order; a
boost multiplies last (:mod:`searchlib.search.engine`). Whatever the engine does to go faster
(one union for nested clauses, scores boosted once), the
numbers, and so the ranking, stay those."""

from __future__ import annotations

import re

import pytest
from search_fixtures import build_tiny_index
from whoosh import query as Q

from bench.bench_search import QUERIES as BENCH_QUERIES
from searchlib.search import WEIGHTING
from searchlib.search.budget import Budget
from searchlib.search.engine import Engine
from searchlib.search.expand import Expander
from searchlib.search.query import parse

#: The benchmark's queries and a few of the query language's forms.
QUERIES = [*BENCH_QUERIES, "Minsk -Gomel", "Kostanay OR tracteurs", "tract* Minsk",
           "(Minsk OR Gomel) AND usine", "Belarus Russie Kazakhstan Ouzbékistan biélorusses"]


def _roomy() -> Budget:
    return Budget(cpu_seconds=600.0, wall_seconds=600.0, max_terms=10**9)


def plain(engine: Engine, q: Q.Query) -> dict[int, float]:
    """The matches of ``q`` as {docnum: score}, summed one document at a time in Python (the same
    IEEE doubles as numpy's), charging ``engine``'s budget a term at a time and stopping before
    a clause once it is spent; phrases and the kinds Whoosh evaluates are the engine's own."""
    kind = type(q)
    budget = engine.budget
    if kind is Q.Term:
        budget.spend(1)
        ids, scores = engine._term_scores(q.fieldname, q.text)
        return {d: s * q.boost for d, s in zip(ids.tolist(), scores.tolist(), strict=True)}
    if kind is Q.Or and not (q.minmatch or q.scale) and not any(
            isinstance(s, Q.Not) for s in q.subqueries):
        sums: dict[int, float] = {}
        for sub in q.subqueries:
            if budget.exhausted:
                break
            for d, s in plain(engine, sub).items():
                sums[d] = sums.get(d, 0.0) + s
        return {d: s * q.boost for d, s in sums.items()}
    if kind is Q.And and not any(isinstance(s, Q.Not) for s in q.subqueries):
        found = plain(engine, q.subqueries[0])
        for sub in q.subqueries[1:]:
            if budget.exhausted:
                break
            if not found:
                return {}
            other = plain(engine, sub)
            found = {d: s + other[d] for d, s in found.items() if d in other}
        return {d: s * q.boost for d, s in found.items()}
    ids, scores = engine.run(q)
    return dict(zip(ids.tolist(), scores.tolist(), strict=True))


def _same(searcher, q: Q.Query, max_terms: int = 10**9) -> int:
    """Check the engine against :func:`plain` on ``q``; the terms they charged."""
    budget = Budget(cpu_seconds=600.0, wall_seconds=600.0, max_terms=max_terms)
    ids, scores = Engine(searcher, WEIGHTING, budget).run(q)
    reference = Budget(cpu_seconds=600.0, wall_seconds=600.0, max_terms=max_terms)
    expected = plain(Engine(searcher, WEIGHTING, reference), q)
    assert ids.tolist() == sorted(expected), q
    assert scores.tolist() == [expected[d] for d in sorted(expected)], q
    assert (budget.terms, budget.exhausted) == (reference.terms, reference.exhausted)
    return budget.terms


def test_nested_unions_add_in_clause_order_to_the_bit(tmp_path):
    # Clauses chosen so that grouping matters: the same document in an Or first met (summed
    # with ours), in a later Or (summed apart, then added), boosted and not.
    ix = build_tiny_index(tmp_path / "ix")
    with ix.searcher() as searcher:
        words = [t.decode("utf-8") for t in searcher.reader().lexicon("text")][:40]
        assert len(words) == 40

        def term(i: int, boost: float = 1.0) -> Q.Term:
            return Q.Term("text", words[i % 40], boost=boost)

        checked = 0
        for i in range(0, 40, 3):
            trees = [
                # An And whose first clause matches nothing: its next ones are not evaluated.
                Q.And([Q.Term("text", "absentissime"), Q.Or([term(i), term(i + 1, 0.3)])]),
                Q.Or([Q.Or([term(i), term(i + 1, 0.3)]), term(i + 2, 0.7),
                      Q.Or([Q.Or([term(i + 3, 0.4), term(i, 0.2)]), term(i + 1, 0.11)])]),
                Q.Or([Q.Term("text", "absentissime"), Q.Or([term(i + 5), term(i, 1.7)]),
                      Q.Or([term(i + 1), term(i + 5, 0.9)], boost=0.5), term(i + 5, 0.3)]),
                Q.And([Q.Or([term(i), term(i + 7)]), Q.Or([term(i + 7, 0.6), term(i)])]),
                Q.Or([Q.Or([Q.Or([term(i, 0.4), term(i + 9, 0.8)]), term(i + 9, 0.33)]),
                      Q.Or([Q.Or([term(i, 0.4), term(i + 9, 0.8)]), term(i + 9, 0.33)])]),
            ]
            for q in trees:
                _same(searcher, q)
                checked += 1
        assert checked > 50


def _book_queries(books) -> list[str]:
    """Words of the books and runs of two and three of them, from every fifth paragraph."""
    found: dict[str, None] = {}
    for book in books.values():
        for n, paragraph in enumerate(book.paragraphs()):
            if n % 5:
                continue
            words = [w for w in re.findall(r"[\w'-]+", paragraph.text) if len(w) > 2]
            if len(words) < 3:
                continue
            i = (7 * n) % len(words)
            for size in (1, 2, 3):
                found.setdefault(" ".join(words[i : i + size]))
    return list(found)


def test_the_books_queries_score_as_a_plain_evaluation(real_searcher, real_corpus_dir,
                                                       real_books):
    expander = Expander(real_searcher.schema, real_corpus_dir)
    queries = QUERIES + _book_queries(real_books)
    assert len(queries) > 300
    for text in queries:
        parsed = parse(text, expander)
        for q in (parsed.query, parsed.fallback):
            if q is not None:
                _same(real_searcher, q)


def test_a_spent_budget_stops_nested_clauses_where_it_did(real_searcher, real_corpus_dir):
    # The budget is checked before each clause, at every depth: a query cut short matches
    # what its clauses evaluated before the cut, wherever the cut falls.
    expander = Expander(real_searcher.schema, real_corpus_dir)
    for text in ("Belarus Russie Kazakhstan", "tracteurs biélorusses", "Ouzbékistan"):
        q = parse(text, expander).query
        every = _same(real_searcher, q)
        for max_terms in range(every):
            assert _same(real_searcher, q, max_terms) > max_terms


@pytest.mark.parametrize("boost", [1.0, 0.3])
def test_a_terms_boosted_scores_are_kept(real_searcher, boost):
    engine = Engine(real_searcher, WEIGHTING, _roomy())
    first = engine._term_scores("text", "minsk", boost)
    again = Engine(real_searcher, WEIGHTING, _roomy())._term_scores("text", "minsk", boost)
    unboosted = engine._term_scores("text", "minsk")
    assert first[1] is again[1]
    assert first[1].tolist() == [s * boost for s in unboosted[1].tolist()]



def test_a_fields_bytes_are_those_its_to_bytes_gives(tmp_path):
    # FieldTerms encodes a text field's word itself: the bytes Whoosh's to_bytes gives, for
    # every field of the schema; nothing for a field the schema lacks or a text it cannot hold.
    from searchlib.search.engine import FieldTerms

    ix = build_tiny_index(tmp_path / "ix")
    schema = ix.schema
    texts = ["minsk", "Biélorussie", "l'État", "2021", "", "ǅ", b"bytes", ("tuple", "x")]
    checked = 0
    for fieldname in schema.names():
        field = FieldTerms(schema[fieldname], None)
        for text in texts:
            try:
                expected = schema[fieldname].to_bytes(text)
            except ValueError:
                expected = None
            assert field.btext(text) == expected, (fieldname, text)
            checked += 1
        assert field.btext("\ud800") is None  # a lone surrogate: no UTF-8
    assert checked > 50 and FieldTerms(schema["text"], None).utf8
    assert FieldTerms(None, None).btext("minsk") is None
