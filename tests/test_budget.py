"""The cost budget of a query (searchlib.search.budget): fuzziness by length, bounded expansions,
bounded term lookups, a deadline, and a fuzzed query language that never escapes them."""

from __future__ import annotations

import logging
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_fixtures import build_tiny_index

from searchlib.search import search
from searchlib.search.budget import (
    BUSY_MESSAGE,
    CLOCK_EVERY,
    HEAVY_LANE,
    LIGHT_TERMS,
    MAX_EXPANSIONS,
    SPENT_MESSAGE,
    BoundedFuzzyTerm,
    BoundedPrefix,
    Budget,
    auto_fuzziness,
)
from searchlib.search.expand import Expander
from searchlib.search.postings import index_arrays
from searchlib.search.query import parse

#: The issue's ten ``xx~2``; then 45 ``xxntrale~2`` (as many as the 500 characters a query may
#: have), which fuzziness by length does not make cheap; sixty prefixes.
TEN_FUZZY = "ar~2 as~2 at~2 an~2 al~2 am~2 ap~2 aq~2 ac~2 ad~2"
LONG_FUZZY = " ".join(f"{a}{b}ntrale~2" for a in "aeiou" for b in "rstnlmpqcdvb"[:9])
PREFIXES = " ".join(f"{a}{b}*" for a in "aeiou" for b in "rstnlmpqcdvb")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    ix = build_tiny_index(tmp_path_factory.mktemp("ix"))
    with ix.searcher() as s:
        yield s


@pytest.mark.parametrize(("term", "asked", "allowed"), [
    ("e", 2, 0), ("ar", 2, 0), ("gom", 2, 1), ("gomel", 2, 1), ("gomel", 1, 1),
    ("tracteur", 2, 2), ("tracteur", 1, 1), ("kazakstan", 5, 2),
])
def test_edits_allowed_by_word_length_like_fuzziness_auto(term, asked, allowed):
    assert auto_fuzziness(term, asked) == allowed


def test_a_fuzzy_short_word_is_the_word_itself(tiny):
    expander = Expander(tiny.schema)
    assert parse("ar~2", expander).display == parse("ar", expander).display
    assert parse("Gomel~2", expander).display == "Gomel~1"
    assert parse("tracteurs~2", expander).display == "tracteurs~2"


def test_expansions_are_bounded_closest_then_most_frequent(real_searcher):
    reader = real_searcher.reader()
    words, frequency = index_arrays(reader).vocabulary(reader, "text")
    starting = [w for w in words if w.startswith("a")]
    assert len(starting) > MAX_EXPANSIONS  # the bound matters on the real books
    chosen = BoundedPrefix("text", "a").words(reader)
    assert len(chosen) == MAX_EXPANSIONS
    # The most frequent: no word left out is more frequent than one kept.
    left_out = set(starting) - set(chosen)
    assert max(frequency[w] for w in left_out) <= min(frequency[w] for w in chosen)
    fuzzy = BoundedFuzzyTerm("text", "commerc", maxdist=2, prefixlength=1).words(reader)
    assert fuzzy[0] == "commerc" and 1 < len(fuzzy) <= MAX_EXPANSIONS


def test_sixty_fuzzy_words_stop_at_the_term_bound_with_a_message(real_searcher,
                                                                 real_corpus_dir):
    budget = Budget(cpu_seconds=1e9, wall_seconds=1e9, max_terms=40)
    r = search(real_searcher, LONG_FUZZY, corpus_dir=real_corpus_dir, budget=budget)
    assert budget.exhausted
    assert budget.terms <= 40 + 2 * MAX_EXPANSIONS  # the last leaf evaluated may overshoot
    assert SPENT_MESSAGE in r.message
    unbounded = Budget(cpu_seconds=1e9, wall_seconds=1e9, max_terms=10**6)
    full = search(real_searcher, LONG_FUZZY, corpus_dir=real_corpus_dir, budget=unbounded)
    assert not unbounded.exhausted and unbounded.terms > budget.terms
    assert SPENT_MESSAGE not in (full.message or "")


def test_a_spent_deadline_answers_with_the_first_clauses(real_searcher, real_corpus_dir):
    budget = Budget(cpu_seconds=0.0)
    r = search(real_searcher, PREFIXES, corpus_dir=real_corpus_dir, budget=budget)
    assert budget.exhausted and SPENT_MESSAGE in r.message
    # Only (part of) the first prefix was evaluated: some of its passages, highlighted.
    first = search(real_searcher, PREFIXES.split()[0], page_len=5000, corpus_dir=real_corpus_dir)
    assert 0 < r.total <= first.total
    assert {h.id for h in r.hits} <= {h.id for h in first.hits}
    assert all("<mark>" in h.snippet for h in r.hits)


def test_one_heavy_search_at_a_time_the_others_stop_and_say_so(real_searcher, real_corpus_dir):
    assert HEAVY_LANE.acquire(blocking=False)  # another thread's costly search holds the lane
    try:
        heavy = search(real_searcher, PREFIXES, corpus_dir=real_corpus_dir)
        light = search(real_searcher, "Kostanay tracteurs", corpus_dir=real_corpus_dir)
    finally:
        HEAVY_LANE.release()
    assert BUSY_MESSAGE in heavy.message
    assert light.total > 0 and BUSY_MESSAGE not in (light.message or "")
    # The lane is free again, and a heavy search takes it and gives it back.
    again = search(real_searcher, PREFIXES, corpus_dir=real_corpus_dir)
    assert BUSY_MESSAGE not in again.message and SPENT_MESSAGE in again.message
    assert HEAVY_LANE.acquire(blocking=False)
    HEAVY_LANE.release()


def test_the_issues_queries_find_what_their_words_find(real_searcher, real_corpus_dir):
    budget = Budget()
    r = search(real_searcher, TEN_FUZZY, corpus_dir=real_corpus_dir, budget=budget)
    assert r.total > 0 and not budget.exhausted
    long_word = search(real_searcher, "a" * 500, corpus_dir=real_corpus_dir)
    assert long_word.total == 0 and long_word.suggestion is None


def test_the_bounds_on_terms_stop_at_the_very_charge_that_crosses_them():
    budget = Budget(cpu_seconds=1e9, wall_seconds=1e9, max_terms=20)
    assert all(budget.spend(1) for _ in range(20))
    assert not budget.spend(1) and budget.exhausted and budget.terms == 21
    mixed = Budget(cpu_seconds=1e9, wall_seconds=1e9, max_terms=20)
    assert mixed.spend(3) and mixed.spend(17) and not mixed.spend(2)
    lane = threading.BoundedSemaphore(1)
    heavy = Budget(cpu_seconds=1e9, wall_seconds=1e9, lane=lane)
    assert all(heavy.spend(1) for _ in range(LIGHT_TERMS)) and not heavy.heavy
    assert heavy.spend(1) and heavy.heavy  # the lane taken at the term past the light bound
    heavy.release()


def test_the_clocks_are_read_at_the_first_charge_then_every_few_terms(monkeypatch):
    import searchlib.search.budget as B

    now = [0.0]
    reads = []
    monkeypatch.setattr(B.time, "thread_time", lambda: reads.append(now[0]) or now[0])
    budget = Budget(cpu_seconds=1.0, wall_seconds=1e9)
    now[0] = 2.0  # the deadline is past before the first charge
    assert not budget.spend(1) and budget.exhausted
    later = Budget(cpu_seconds=1.0, wall_seconds=1e9)
    reads.clear()
    assert all(later.spend(1) for _ in range(3 * CLOCK_EVERY))
    assert len(reads) == 3
    now[0] = 5.0
    charges = 0
    while later.spend(1):
        charges += 1
    assert charges < CLOCK_EVERY  # found past the deadline within a few terms
    asked = Budget(cpu_seconds=1.0, wall_seconds=1e9)
    assert asked.spend(1)
    now[0] = 9.0
    assert not asked.spend()  # a call charging nothing reads the clocks


def test_a_minus_inside_parentheses_is_a_negation_not_a_traceback(tiny, caplog):
    expander = Expander(tiny.schema)
    with caplog.at_level(logging.DEBUG, logger="searchlib"):
        parsed = parse("OR ( ~ -Minsk NOT )", expander)
        nested = parse("Kostanay OR (tracteurs -Gomel)", expander)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert parsed.message is None or "syntaxe" not in parsed.message
    assert "NOT Gomel" in nested.display


# The query language, fuzzed: its operators and costly pieces mixed with arbitrary text.
PIECES = st.sampled_from([
    "ar~2", "e~2", "tract*", "a*", "Kostanay", "Gomel~", "tracteurs~2", "OR", "AND", "NOT",
    "(", ")", "-", "~", "*", '"', "^2", "book:b1", "chapter:1", "-Minsk", "a" * 60,
    '"chambre de commerce"', "l'usine", "~~2", "**", "((", "-(", "NOT NOT",
])
QUERIES = st.lists(
    st.one_of(PIECES, st.text(alphabet="aeiouktrs~*-()\"^: ", min_size=1, max_size=12)),
    min_size=1, max_size=40,
).map(" ".join)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERIES)
def test_fuzzed_queries_stay_in_budget_and_log_no_traceback(tiny, caplog, text):
    caplog.clear()
    budget = Budget(cpu_seconds=1e9, wall_seconds=1e9, max_terms=60)
    with caplog.at_level(logging.DEBUG, logger="searchlib"):
        r = search(tiny, text, budget=budget)
    assert budget.terms <= 60 + 2 * MAX_EXPANSIONS, text
    assert r.total >= len(r.hits)
    assert budget.exhausted == (SPENT_MESSAGE in (r.message or "")), text
    assert not [rec for rec in caplog.records if rec.exc_info], text
