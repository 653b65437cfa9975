"""Posting values as plain arrays of 32-bit integers: positions and character spans, no pickle.

Whoosh's ``Positions`` and ``Characters`` formats store each posting's value (the positions of a
term in one document, and their character spans) as a pickled list of deltas behind a 4-byte
count: writing one costs a ``pickle.dumps``, reading one a ``pickle.loads`` and a Python loop
building tuples. :class:`CompactPositions` and :class:`CompactCharacters` store the same values
as little-endian ``int32`` arrays, absolute not delta-coded: ``pos, pos, ...`` and ``pos, start,
end, pos, start, end, ...``. A value's frequency is its length; the values of many postings
joined end to end are one array (what :mod:`.posting_arrays` writes beside each segment, so a
search reads positions with ``numpy`` and never through these methods).

They are Whoosh formats like any other (the TOC pickles them with the schema by this module's
name), so Whoosh's own matchers still answer ``value_as("positions")`` and
``value_as("characters")`` with the same lists.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from itertools import chain

from whoosh.formats import Characters, Positions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CompactCharacters", "CompactPositions", "int32_values"]

_BIG_ENDIAN = sys.byteorder == "big"


def _encode(numbers: Iterable[int]) -> bytes:
    values = array("i", numbers)
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tobytes()


def int32_values(value: bytes) -> array[int]:
    """One value decoded: its little-endian ``int32`` numbers."""
    values = array("i")
    values.frombytes(value)
    if _BIG_ENDIAN:
        values.byteswap()
    return values


class CompactPositions(Positions):
    """``Positions`` stored as an ``int32`` array (see the module docstring)."""

    #: Integers per occurrence.
    width = 1

    def encode(self, poslist: Any) -> bytes:
        return _encode(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return int32_values(valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs: Iterable[bytes]) -> bytes:
        found: set[int] = set()
        for v in vs:
            found.update(self.decode_positions(v))
        return self.encode(sorted(found))


class CompactCharacters(Characters):
    """``Characters`` stored as an ``int32`` array of (position, start, end) triples."""

    width = 3

    def encode(self, poslist: Any) -> bytes:
        return _encode(chain.from_iterable(poslist))

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        values = int32_values(valuestring).tolist()
        return list(zip(values[0::3], values[1::3], values[2::3], strict=True))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return int32_values(valuestring)[0::3].tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 12

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs: Iterable[bytes]) -> bytes:
        # Whoosh's Characters.combine: one span per position, the widest of those given.
        spans: dict[int, tuple[int, int]] = {}
        for v in vs:
            for pos, start, end in self.decode_characters(v):
                old = spans.get(pos)
                spans[pos] = (start, end) if old is None else (min(start, old[0]),
                                                               max(end, old[1]))
        return self.encode([(pos, *spans[pos]) for pos in sorted(spans)])
