"""A stored lookup read entry by entry (:class:`searchlib.analysis.lookups.LazyLookup`), on a
literal table: each value decoded once, when first asked for; an absent key is absent."""

from __future__ import annotations

import pytest

from searchlib.analysis.lookups import LazyLookup, starts_a_key


def _lookup(decoded: list[int]) -> LazyLookup:
    values = [["x"], ["y", "z"]]

    def value_of(i: int) -> list[str]:
        decoded.append(i)
        return values[i]

    return LazyLookup(lambda: ["a", "c"], value_of, set)


def test_a_value_is_decoded_and_converted_once():
    decoded: list[int] = []
    lookup = _lookup(decoded)
    assert lookup.get("c") == {"y", "z"} and lookup["c"] == {"y", "z"}
    assert decoded == [1]
    assert dict(lookup.converted(sorted).items()) == {"a": ["x"], "c": ["y", "z"]}


def test_an_absent_key_gives_the_default_or_a_key_error():
    decoded: list[int] = []
    lookup = _lookup(decoded)
    assert lookup.get("b") is None and lookup.get("b", ()) == ()
    assert lookup.get(3, "none") == "none"  # a key of another type: absent, as in a dict
    with pytest.raises(KeyError):
        lookup["b"]
    assert "b" not in lookup and "a" in lookup
    # Past the last key, before the first, of another type: absent too.
    assert lookup.get("d") is None and "d" not in lookup and "" not in lookup and 3 not in lookup
    assert decoded == []


def test_a_word_starts_a_key_that_is_it_or_its_first_word():
    keys = sorted(["ab", "abc d", "b", "b c", "b'c e", "ba"])
    assert starts_a_key(keys, "ab") and starts_a_key(keys, "abc") and starts_a_key(keys, "b")
    assert starts_a_key(keys, "b'c")
    # a key's beginning that is no whole word of it, or a word of it that is not the first
    assert not starts_a_key(keys, "a") and not starts_a_key(keys, "d")
    assert not starts_a_key(keys, "c") and not starts_a_key(keys, "abc d e")
    assert not starts_a_key([], "ab")
