"""Which documents hold a phrase where a segment has no posting arrays: read through Whoosh.

Where every segment has posting arrays (what this package's writer leaves), a phrase is checked
on them (:func:`searchlib.index.phrase_matches.stored_phrase`). Otherwise its candidates are the
documents holding every word (:func:`common_documents`), and its words' positions are decoded
through Whoosh in those only (:func:`decoded_phrase_documents`).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from ..index.phrase_matches import FEW
from .occurrences import DOC_POSITION_BITS
from .postings import distinct, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["common_documents", "decoded_phrase_documents"]


def common_documents(documents: list[Any]) -> Any:
    """The documents in every one of ``documents`` (ascending docnum arrays), ascending: a
    phrase's candidates where a segment has no posting arrays. The rarest word's first; while
    they are few (:data:`FEW`), each next word's list is binary-searched from Python for each
    of them, cheaper than numpy's calls."""
    by_size = sorted(documents, key=len)
    ids = by_size[0]
    if len(ids) > FEW:
        for other in by_size[1:]:
            ids = ids[member(ids, other)]
            if not len(ids):
                break
        return ids
    found = ids.tolist()
    for other in by_size[1:]:
        if not found:
            break
        held: Any = np.ascontiguousarray(other, dtype=np.int64)
        view = memoryview(held)
        n = len(view)
        found = [d for d in found if (i := bisect_left(view, d)) < n and view[i] == d]
    return np.array(found, dtype=np.int64)


def decoded_phrase_documents(arrays: Any, reader: Any, fieldname: str, btexts: list[bytes],
                             ids: Any, slop: int) -> Any:
    """:func:`stored_phrase`'s check where a segment has no posting arrays: each word's positions
    decoded through Whoosh (:meth:`.IndexArrays.occurrences`), word after word, in the
    documents where the words before it still make the phrase. The places a match can have
    reached so far are packed (document, position) keys; each next word must occur 1 to
    ``slop`` positions after one of them."""
    ends = arrays.occurrences(reader, fieldname, btexts[0], ids).keys
    for btext in btexts[1:]:
        if not len(ends):
            break
        alive = distinct(ends >> DOC_POSITION_BITS)
        keys = arrays.occurrences(reader, fieldname, btext, alive).keys
        if slop == 1:  # adjacent words: every phrase typed without a dropped symbol
            ends = ends + 1
            ends = ends[member(ends, keys)]
        else:
            reach = np.concatenate([ends + d for d in range(1, slop + 1)])
            ends = distinct(reach[member(reach, keys)])
    return member(ids, ends >> DOC_POSITION_BITS)
