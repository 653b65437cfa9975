"""Lookup tables read back from storage one entry at a time, instead of all at once.

A table's lookups (a key → its values) are dicts when a table is derived from the corpus. When a
search reads the tables a build stored (:mod:`searchlib.index.expansion`), turning thousands of
stored entries into dicts of sets was most of a new process's first query, which then looked up
a handful of them; so the stored lookups come as a :class:`LazyLookup`, which decodes an entry the
first time it is asked for. :func:`converted` is how a table's ``from_data`` takes either.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence

from ..lazy import lazy_logger

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

log = lazy_logger(__name__)

__all__ = ["LazyLookup", "ascending_keys", "converted", "may_hold", "ready", "safely",
           "starts_a_key"]


class LazyLookup(Mapping["Any", "Any"]):
    """A read-only mapping over stored entries, each decoded (and converted) on first use.

    :param keys: gives the keys, ascending, in the order of their entries (called once, on
        first use: splitting thousands of keys is work a lookup never asked for may skip).
    :param value_of: the stored value of entry ``i`` (decoded from storage).
    :param convert: applied to each value once, when it is first read (``set``, say).
    """

    def __init__(self, keys: Callable[[], Sequence[Any]], value_of: Callable[[int], Any],
                 convert: Callable[[Any], Any] | None = None) -> None:
        self._keys_of = keys
        self._keys: Sequence[Any] | None = None
        self._value_of = value_of
        self._convert = convert
        self._done: dict[Any, Any] = {}

    def converted(self, convert: Callable[[Any], Any]) -> LazyLookup:
        """The same entries, each value passed through ``convert`` (after this one's)."""
        inner = self._convert
        both = convert if inner is None else (lambda v: convert(inner(v)))
        return LazyLookup(self._keys_of, self._value_of, both)

    def ready(self) -> None:
        """Split the keys out of storage now (what the first look-up would do): a table's
        owner does it once when it is made, not within the first query that asks this table."""
        self.sorted_keys()

    def sorted_keys(self) -> Sequence[Any]:
        """The keys, ascending (as stored), split out of storage on first use."""
        if self._keys is None:
            self._keys = self._keys_of()
        return self._keys

    def _index(self, key: Any) -> int:
        """The entry of ``key``, or -1 (a binary search: no dict of every key to build)."""
        keys = self.sorted_keys()
        try:
            i = bisect_left(keys, key)
        except TypeError:  # a key of another type (a str asked of int keys): absent, as in a dict
            return -1
        return i if i < len(keys) and keys[i] == key else -1

    def __getitem__(self, key: Any) -> Any:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def get(self, key: Any, default: Any = None) -> Any:
        """The value of ``key``, or ``default``: without raising and catching a ``KeyError``
        (what ``Mapping.get`` does), which cost as much as the look-up; most words a query looks
        up in a table are not there."""
        found = self._done.get(key, _MISSING)
        if found is not _MISSING:
            return found
        # _index's search, inline: a query's every new word is looked up in several tables.
        keys = self._keys if self._keys is not None else self.sorted_keys()
        try:
            i = bisect_left(keys, key)
            if keys[i] != key:
                return default
        # A key of another type (a str asked of int keys), or past the last: absent. (Caught,
        # not told by len(): most words a query looks up are not there, and each costs a call.)
        except (TypeError, IndexError):
            return default
        value = self._value_of(i)
        if self._convert is not None:
            value = self._convert(value)
        self._done[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        if key in self._done:
            return True
        # _index's search, inline (as in get): each new word of a query asks several tables.
        keys = self._keys if self._keys is not None else self.sorted_keys()
        try:
            return keys[bisect_left(keys, key)] == key
        except (TypeError, IndexError):  # a key of another type, or past the last: absent
            return False

    def __iter__(self) -> Iterator[Any]:
        return iter(self.sorted_keys())

    def __len__(self) -> int:
        return len(self.sorted_keys())


_MISSING = object()


def converted(source: Mapping[Any, Any], convert: Callable[[Any], Any]) -> Any:
    """``{k: convert(v) for k, v in source.items()}``; for a :class:`LazyLookup`, the same lazy
    lookup converting each value on first use (a read-only Mapping then: tables only read their
    lookups once made)."""
    if isinstance(source, LazyLookup):
        return source.converted(convert)
    return {k: convert(v) for k, v in source.items()}


def ready(table: object) -> None:
    """:meth:`LazyLookup.ready` for each lookup of ``table`` (its attributes): all its keys split,
    no value decoded (splitting them all for the expansion tables is under a millisecond; left
    to the first query of each table, each paid its part, a tenth of a millisecond or more)."""
    for value in vars(table).values():
        if isinstance(value, LazyLookup):
            value.ready()


def ascending_keys(lookup: Mapping[str, Any]) -> Sequence[str]:
    """The keys of ``lookup``, ascending: a :class:`LazyLookup`'s as stored, a dict's sorted."""
    return lookup.sorted_keys() if isinstance(lookup, LazyLookup) else sorted(lookup)


def starts_a_key(keys: Sequence[str], word: str) -> bool:
    """Whether one of ``keys`` (ascending) is ``word`` or starts with it and a space (a key of
    several words): two binary searches, as the keys starting with a text follow one another
    in ascending order from the first not below it."""
    i = bisect_left(keys, word)
    if i < len(keys) and keys[i] == word:
        return True
    head = word + " "
    i = bisect_left(keys, head, i)
    return i < len(keys) and keys[i].startswith(head)


def safely(fn: Callable[[str], Any], text: str) -> list[Any]:
    """``fn(text)`` (a table's look-up) as a list; empty, with a warning logged, when it fails:
    a table is user-edited data, and a bad entry must not turn a search into a crash."""
    try:
        return list(fn(text) or [])
    except Exception:  # noqa: BLE001
        log.warning("expansion table failed on %r", text, exc_info=True)
        return []


def may_hold(fn: Callable[[str], bool], text: str) -> bool:
    """``fn(text)``: whether a table may hold ``text`` (its look-ups only); a failing look-up
    says it may, and the expansion itself (:func:`safely`) reports the failure."""
    try:
        return fn(text)
    except Exception:  # noqa: BLE001
        return True
