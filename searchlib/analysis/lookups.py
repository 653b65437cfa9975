"""Lookup tables read back from storage one entry at a time, instead of all at once.

A table's lookups (a key → its values) are dicts when a table is derived from the corpus. When a
search reads the tables a build stored (:mod:`searchlib.index.expansion`), turning thousands of
stored entries into dicts of sets was most of a new process's first query, which then looked up
a handful of them; so the stored lookups come as a :class:`LazyLookup`, which decodes an entry the
first time it is asked for. :func:`converted` is how a table's ``from_data`` takes either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["LazyLookup", "converted"]


class LazyLookup(Mapping[Any, Any]):
    """A read-only mapping over stored entries, each decoded (and converted) on first use.

    :param keys: the keys, in the order of their entries.
    :param value_of: the stored value of entry ``i`` (decoded from storage).
    :param convert: applied to each value once, when it is first read (``set``, say).
    """

    def __init__(self, keys: Sequence[Hashable], value_of: Callable[[int], Any],
                 convert: Callable[[Any], Any] | None = None) -> None:
        self._keys = keys
        self._value_of = value_of
        self._convert = convert
        self._where: dict[Any, int] | None = None
        self._done: dict[Any, Any] = {}

    def converted(self, convert: Callable[[Any], Any]) -> LazyLookup:
        """The same entries, each value passed through ``convert`` (after this one's)."""
        inner = self._convert
        both = convert if inner is None else (lambda v: convert(inner(v)))
        return LazyLookup(self._keys, self._value_of, both)

    def __getitem__(self, key: Any) -> Any:
        found = self._done.get(key, _MISSING)
        if found is not _MISSING:
            return found
        if self._where is None:
            # Built on first use: tens of microseconds for the largest table.
            self._where = {k: i for i, k in enumerate(self._keys)}
        i = self._where[key]  # KeyError for a key the table lacks, as a dict
        value = self._value_of(i)
        if self._convert is not None:
            value = self._convert(value)
        self._done[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        if self._where is None:
            self._where = {k: i for i, k in enumerate(self._keys)}
        return key in self._where

    def __iter__(self) -> Iterator[Any]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


_MISSING = object()


def converted(source: Mapping[Any, Any], convert: Callable[[Any], Any]) -> Any:
    """``{k: convert(v) for k, v in source.items()}``; for a :class:`LazyLookup`, the same lazy
    lookup converting each value on first use (a read-only Mapping then: tables only read their
    lookups once made)."""
    if isinstance(source, LazyLookup):
        return source.converted(convert)
    return {k: convert(v) for k, v in source.items()}
