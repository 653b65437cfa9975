"""A bounded, thread-safe cache whose upkeep is C: what an open index keeps of the terms it read.

The search's ``IndexArrays`` (:mod:`searchlib.search.postings`) keeps decoded postings,
occurrences and scores per generation, bounded by the postings they hold. cachetools'
``LRUCache`` did it in Python: about 5 µs a value kept and 2 µs a value found, each under a lock
taken apart, where a query met for the first time keeps about eight values and finds as many.
:class:`BoundedCache` is an ``OrderedDict`` (its look-ups and moves are C) with the lock inside:
the same bound, the least recently used dropped first. The rendered snippets of a generation
(:mod:`searchlib.search.snippets`) are kept in one too, and so are an open index's few derived
structures (its posting arrays, its expanders, a generation's derived data): cachetools, which
they used, cost a new process 2.4 ms to import.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["BoundedCache"]


class BoundedCache:
    """At most ``maxsize`` in total weight of values (``weight(value)``, else 1 each), the least
    recently used dropped first. Thread-safe.

    :param replace: a value put for a key already kept replaces it (rendered snippets); by
        default the first one stays (another thread computed the same value meanwhile).
    """

    def __init__(self, maxsize: int, weight: Callable[[Any], int] | None = None, *,
                 replace: bool = False) -> None:
        self.maxsize = maxsize
        self._weight = weight
        self._replace = replace
        self._lock = threading.Lock()
        self._kept: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._size = 0

    def get(self, key: Any) -> Any:
        """The value kept for ``key`` (``None`` when there is none), now the most recent."""
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
        return found[0]

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``, unless it alone exceeds the bound (or, without
        ``replace``, ``key`` is kept already)."""
        self.put_many(((key, value),))

    def put_many(self, items: Iterable[tuple[Any, Any]]) -> None:
        """:meth:`put` of each (key, value) of ``items``, the lock taken once."""
        weight = self._weight
        sized = [(key, value, 1 if weight is None else weight(value)) for key, value in items]
        kept = self._kept
        with self._lock:
            for key, value, size in sized:
                if size > self.maxsize:
                    continue
                old = kept.get(key)
                if old is not None:
                    if not self._replace:
                        continue
                    self._size -= old[1]
                kept[key] = (value, size)
                kept.move_to_end(key)
                self._size += size
            self._drop_beyond_bound()

    def setdefault(self, key: Any, value: Any) -> Any:
        """The value kept for ``key`` (now the most recent), else ``value``, kept unless it
        alone exceeds the bound: as ``dict.setdefault``, every caller gets the first kept."""
        size = 1 if self._weight is None else self._weight(value)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found[0]
            if size <= self.maxsize:
                self._kept[key] = (value, size)
                self._size += size
                self._drop_beyond_bound()
        return value

    def _drop_beyond_bound(self) -> None:
        """Drop the least recently used until the bound holds (the lock held)."""
        while self._size > self.maxsize:
            _key, (_value, dropped) = self._kept.popitem(last=False)
            self._size -= dropped

    def keys(self) -> list[Any]:
        """The keys kept, least recently used first."""
        with self._lock:
            return list(self._kept)

    def __len__(self) -> int:
        return len(self._kept)
