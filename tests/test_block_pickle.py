"""A block of one posting pickled by hand (:mod:`searchlib.index.block_pickle`) is what
``pickle.dumps`` writes, byte for byte; what it cannot vouch for it leaves to pickle."""

from __future__ import annotations

import pickle
import random

import pytest

from searchlib.index.block_pickle import one_posting


def value(n: int, seed: int) -> bytes:
    """A new bytes object of ``n`` bytes, any of the 256 byte values (UTF-8 of two bytes too)."""
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def pickled(gap: int, weight: float | None, data: bytes, in_tuple: bool) -> bytes:
    return pickle.dumps(((gap,), weight, (data,) if in_tuple else data), 2, fix_imports=False)


@pytest.mark.parametrize("gap", [0, 1, 255, 256, 65535, 65536, 2**31 - 1])
@pytest.mark.parametrize("weight", [None, 2.0, 0.1, -0.0])
@pytest.mark.parametrize("in_tuple", [True, False])
def test_same_bytes_as_pickle(gap: int, weight: float | None, in_tuple: bool) -> None:
    for n, seed in ((2, 1), (4, 2), (12, 3), (300, 4)):
        data = value(n, seed)
        assert one_posting(gap, weight, data, in_tuple) == pickled(gap, weight, data, in_tuple)


def test_random_postings() -> None:
    rng = random.Random(14)
    for case in range(500):
        gap = rng.choice((rng.randrange(256), rng.randrange(70000), rng.randrange(2**31)))
        weight = rng.choice((None, rng.random() * 5))
        data, in_tuple = value(rng.randrange(2, 64), case), rng.random() < 0.5
        assert one_posting(gap, weight, data, in_tuple) == pickled(gap, weight, data, in_tuple)


def test_leaves_to_pickle_what_it_cannot_vouch_for() -> None:
    assert one_posting(1, None, b"x", True) is None  # one-letter strings are shared
    assert one_posting(1, None, b"", False) is None  # another reduction
    assert one_posting(2**31, None, value(4, 5), True) is None  # LONG1
    assert one_posting(-1, None, value(4, 6), True) is None
    assert one_posting(True, None, value(4, 7), True) is None
    assert one_posting(1, 1, value(4, 8), True) is None  # an int weight
