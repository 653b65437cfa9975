"""The bounded cache of an open index's arrays: its bound by weight, least recently used first out
(:mod:`searchlib.index.bounded`)."""

from __future__ import annotations

import threading

from searchlib.index.bounded import BoundedCache


def test_the_least_recently_used_go_first_once_the_weights_exceed_the_bound():
    cache = BoundedCache(10, len)
    cache.put("a", "xxxx")
    cache.put("b", "xxxx")
    assert cache.get("a") == "xxxx"  # now the most recent
    cache.put("c", "xxx")  # 11 > 10: "b", the least recent, goes
    assert cache.keys() == ["a", "c"] and cache.get("b") is None
    cache.put("d", "x" * 11)  # alone above the bound: not kept, nothing dropped
    assert cache.keys() == ["a", "c"]


def test_a_value_kept_is_not_replaced_and_false_is_a_value():
    cache = BoundedCache(3)
    cache.put("k", False)
    cache.put("k", True)  # another thread computed it meanwhile: the first one stays
    assert cache.get("k") is False and len(cache) == 1
    for n in range(5):
        cache.put(n, n)
    assert cache.keys() == [2, 3, 4]


def test_threads_sharing_it_keep_its_bound():
    cache = BoundedCache(50)

    def fill(start):
        for n in range(start, start + 500):
            cache.put(n % 120, n)
            cache.get((n * 7) % 120)

    threads = [threading.Thread(target=fill, args=(k * 500,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 50 == len(set(cache.keys()))


def test_replacing_a_value_counts_its_new_weight_only():
    cache = BoundedCache(10, len, replace=True)
    cache.put_many([("a", "xxxx"), ("b", "xxxx")])
    cache.put("a", "x")  # replaced: 1 + 4, room for 5 more
    cache.put("c", "xxxxx")
    assert [cache.get(k) for k in "abcd"] == ["x", "xxxx", "xxxxx", None]
    cache.put("a", "xx")  # 2 + 4 + 5 > 10: "b", now the least recent, goes
    assert cache.keys() == ["c", "a"]


def test_setdefault_gives_every_caller_the_first_value_kept():
    cache = BoundedCache(2, len)
    first = ["a"]
    assert cache.setdefault("k", first) is first
    assert cache.setdefault("k", ["b"]) is first and cache.keys() == ["k"]
    assert cache.setdefault("j", ["c"]) == ["c"] and cache.keys() == ["k", "j"]
    assert cache.setdefault("k", ["d"]) is first and cache.keys() == ["j", "k"]  # most recent
    assert cache.setdefault("m", ["e"]) == ["e"] and cache.keys() == ["k", "m"]  # "j" goes
    big = ["x", "y", "z"]
    assert cache.setdefault("n", big) is big and cache.keys() == ["k", "m"]  # too big: not kept
