"""A bounded, thread-safe cache whose upkeep is C: what an open index keeps of the terms it read.

:class:`.postings.IndexArrays` keeps decoded postings, occurrences and scores per generation,
bounded by the postings they hold. cachetools' ``LRUCache`` did it in Python: about 5 µs a value
kept and 2 µs a value found, each under a lock taken apart, where a query met for the first time
keeps about eight values and finds as many. :class:`BoundedCache` is an ``OrderedDict`` (its
look-ups and moves are C) with the lock inside: the same bound, the least recently used dropped
first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

__all__ = ["BoundedCache"]


class BoundedCache:
    """At most ``maxsize`` in total weight of values (``weight(value)``, else 1 each), the least
    recently used dropped first. Thread-safe."""

    def __init__(self, maxsize: int, weight: Callable[[Any], int] | None = None) -> None:
        self.maxsize = maxsize
        self._weight = weight
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
        """Keep ``value`` unless ``key`` is kept already (another thread computed it meanwhile)
        or it alone exceeds the bound."""
        size = 1 if self._weight is None else self._weight(value)
        if size > self.maxsize:
            return
        with self._lock:
            if key in self._kept:
                return
            self._kept[key] = (value, size)
            self._size += size
            while self._size > self.maxsize:
                _key, (_value, dropped) = self._kept.popitem(last=False)
                self._size -= dropped

    def keys(self) -> list[Any]:
        """The keys kept, least recently used first."""
        with self._lock:
            return list(self._kept)

    def __len__(self) -> int:
        return len(self._kept)
