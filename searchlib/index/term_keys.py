"""Sorted ``field SEP term`` keys laid out as arrays, and the lookup of one term among them.

The posting arrays of a segment (:mod:`.posting_arrays`) and the scored postings of a whole
generation (:mod:`.scored_postings`) find a term the same way: every key, sorted, cut to its first
:data:`PREFIX` bytes in a fixed-width array (one binary search in C finds a term), and the whole
keys end to end (to confirm it). :func:`key_arrays` lays them out for a writer; :class:`TermKeys`
reads them back and remembers the terms it looked up.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["MAX_FOUND", "PREFIX", "SEP", "TermKeys", "field_key", "key_arrays"]

#: Between a field's name and a term in a key (below any character of a term or a field name).
SEP = b"\x1f"
#: Bytes of each key in the fixed-width array searched first.
PREFIX = 32
#: Term lookups remembered per table (then forgotten all at once: one dict, thread-safe).
MAX_FOUND = 100_000


def field_key(fieldname: str, btext: bytes) -> bytes:
    """The key of term ``btext`` of field ``fieldname``."""
    return fieldname.encode("utf-8") + SEP + btext


def key_arrays(keys: list[bytes]) -> dict[str, Any]:
    """The arrays of ``keys`` (sorted) that :class:`TermKeys` reads."""
    key_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)), out=key_offsets[1:])
    return {
        "prefixes": np.array([k[:PREFIX] for k in keys], dtype=f"S{PREFIX}"),
        "keys": np.frombuffer(b"".join(keys), dtype=np.uint8),
        "key_offsets": key_offsets,
    }


class TermKeys:
    """The sorted keys of a table of terms (the arrays :func:`key_arrays` made), searchable."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        self._prefixes = arrays["prefixes"]
        self._keys = arrays["keys"]
        self._key_offsets = arrays["key_offsets"]
        #: Terms looked up so far: (field, term) → number (-1: absent). Bounded below.
        self._found: dict[tuple[str, bytes], int] = {}
        # The same arrays read from Python (a memoryview's item costs a tenth of numpy's).
        self._py_keys = memoryview(self._keys)
        self._py_key_offsets = memoryview(self._key_offsets)

    def find(self, fieldname: str, btext: bytes) -> int:
        """The number of a term (-1 when the table does not hold it)."""
        found = self._found.get((fieldname, btext))
        if found is None:
            if len(self._found) >= MAX_FOUND:
                self._found.clear()
            found = self._found[fieldname, btext] = self._find(fieldname, btext)
        return found

    def find_many(self, terms: list[tuple[str, bytes]]) -> list[int]:
        """:meth:`find` for each (field, term) of ``terms``: those not looked up yet are
        binary-searched together, one numpy call for all (the terms a page's snippets highlight,
        each looked up alone, cost more in numpy's per-call overhead than in searching)."""
        found = self._found
        todo = [term for term in dict.fromkeys(terms) if term not in found]
        if todo:
            if len(found) + len(todo) >= MAX_FOUND:
                found.clear()
            keys = [field_key(fieldname, btext) for fieldname, btext in todo]
            # Each key cut to its prefix (as the array holds them), all searched at once.
            where = self._prefixes.searchsorted(np.array(keys, dtype=f"S{PREFIX}")).tolist()
            for term, key, i in zip(todo, keys, where, strict=True):
                found[term] = self._confirm(key, i)
        return [found[term] for term in terms]

    def _find(self, fieldname: str, btext: bytes) -> int:
        key = field_key(fieldname, btext)
        return self._confirm(key, int(self._prefixes.searchsorted(key[:PREFIX])))

    def _confirm(self, key: bytes, i: int) -> int:
        """The number of ``key``, from ``i`` where the binary search of its prefix put it (-1:
        absent): the keys sharing the prefix (almost always one, or none) compared whole,
        cheaper than a second search for where they end."""
        prefix = key[:PREFIX]
        offsets, keys = self._py_key_offsets, self._py_keys
        count = len(self._prefixes)
        while i < count:
            stored = keys[offsets[i] : offsets[i + 1]]
            # The whole key first: when found (most look-ups), one comparison of a memoryview
            # (about a µs each) instead of two.
            if stored == key:
                return i
            if stored[:PREFIX] != prefix:
                break
            i += 1
        return -1

    def key_list(self) -> list[bytes]:
        """Every key, in order (a build merging several tables reads them)."""
        offsets, keys = self._key_offsets.tolist(), self._keys.tobytes()
        return [keys[a:b] for a, b in zip(offsets, offsets[1:], strict=False)]

    def field_terms(self, fieldname: str, holding: bytes) -> list[tuple[int, bytes]]:
        """(number, term) of each term of ``fieldname`` holding ``holding``, in order (a build
        listing some of a field's vocabulary reads them: the keys sort by field first, and only
        those holding it are cut out of them)."""
        name = fieldname.encode("utf-8")
        lo, hi = self._prefixes.searchsorted([name + SEP, name + bytes([SEP[0] + 1])]).tolist()
        offsets = self._key_offsets[lo : hi + 1].tolist()
        blob = self._keys[offsets[0] : offsets[-1]].tobytes()
        base, start = offsets[0], len(name) + 1
        found: list[tuple[int, bytes]] = []
        at = blob.find(holding)
        while at >= 0:
            i = bisect_right(offsets, base + at) - 1  # the key where it was found
            a, b = offsets[i] - base, offsets[i + 1] - base
            if at >= a + start:  # in the term, not its field's name
                found.append((lo + i, blob[a + start : b]))
            at = blob.find(holding, b)
        return found
