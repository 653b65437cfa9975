"""Set operations on ascending arrays (:mod:`searchlib.index.sorted_arrays`), against sets."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from searchlib.index.sorted_arrays import distinct, located, member, stable_order


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-5, 60), max_size=40), st.sets(st.integers(0, 50), min_size=1))
def test_located_says_where_each_value_is_and_whether_it_is_there(values, members):
    # Values below, inside and above the set, repeated, in any order; int64 as the engine's.
    asked = np.array(values, dtype=np.int64)
    sorted_set = np.array(sorted(members), dtype=np.int64)
    where, found = located(asked, sorted_set)
    assert found.tolist() == [v in members for v in values]
    assert sorted_set[where[found]].tolist() == [v for v in values if v in members]
    assert member(asked, sorted_set).tolist() == found.tolist()


def test_member_of_an_empty_set_and_distinct_values():
    assert member(np.array([1, 2]), np.zeros(0, dtype=np.int64)).tolist() == [False, False]
    assert distinct(np.array([5, 1, 5, 3, 1])).tolist() == [1, 3, 5]
    assert distinct(np.array([7])).tolist() == [7]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 70_000), max_size=60), st.booleans())
def test_stable_order_is_the_stable_sorts(values, small):
    # Keys of 16 bits (radix-sorted) and wider ones: each equal key's items in their order.
    keys = np.array([v % 65_536 if small else v for v in values], dtype=np.intp)
    limit = 65_536 if small else 70_001
    order = stable_order(keys, limit)
    assert order.tolist() == sorted(range(len(keys)), key=keys.tolist().__getitem__)
