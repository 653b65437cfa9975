"""Facet columns written at build time beside each segment, read back memory-mapped.

Facet counts need, for every passage, its values of ``book``, ``chapter``, ``domain`` and
``year``. Deriving them from the postings of every value cost the first query of a process about
a third of its time, so the writer stores them with each segment, named like the segment's own
files (``MAIN_<id>.facets1_<field>.npy`` and ``.facets1_<field>.json``; Whoosh deletes them with
the segment, a reused segment's are copied with it, the manifest checksums them):

``.npy``
    a ``2 × n`` int32 array of (value index, document number in the segment) pairs, in value
    order: numpy's own format, loaded with ``allow_pickle=False`` and memory-mapped;
``.json``
    the values, sorted as Whoosh's lexicon sorts them (their UTF-8 bytes).

The version (:data:`COLUMNS_VERSION`) is in the names: a reader that finds no files of its own
version derives the column from the postings as before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ..lazy import lazy_logger
from .mapped import map_npy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .posting_arrays import FieldPostings

log = lazy_logger(__name__)

#: The format of the column files (in their names and in the generation's manifest).
COLUMNS_VERSION = 1


def _paths(directory: Path, segment_id: str, fieldname: str) -> tuple[Path, Path]:
    base = f"{segment_id}.facets{COLUMNS_VERSION}_{fieldname}"
    return directory / f"{base}.npy", directory / f"{base}.json"


def write_columns(directory: Path, segment_id: str, postings: Mapping[str, FieldPostings],
                  fieldnames: tuple[str, ...]) -> None:
    """Write the facet columns of one segment from the postings its writer grouped: each
    field's terms in byte order, each term's documents in order, as the segment's lexicon and
    postings give them back (not read back: a Whoosh reader's first ``postings`` imports
    ``asyncio``, :mod:`searchlib.deferred_imports`).

    :param directory: the index directory.
    :param segment_id: the segment's id (it names the files).
    :param postings: the segment's postings, by field (a field without any has no entry).
    """
    for fieldname in fieldnames:
        field = postings.get(fieldname)
        values = [] if field is None else [t.decode("utf-8") for t in field.btexts]
        array = np.zeros((2, 0), dtype=np.int32)
        if field is not None:
            value_of = np.repeat(np.arange(len(values)), np.diff(field.bounds))
            array = np.array([value_of, field.docnums], dtype=np.int32).reshape(2, -1)
        npy, names = _paths(directory, segment_id, fieldname)
        np.save(npy, array, allow_pickle=False)
        names.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")


def read_column(directory: Path, segment_id: str, fieldname: str,
                count: int) -> tuple[list[str], Any] | None:
    """(values, pairs) of one segment's column, pairs memory-mapped; ``None`` when the segment
    has no column files of this version, or unusable ones (the caller derives the column)."""
    npy, names = _paths(directory, segment_id, fieldname)
    if not (npy.exists() and names.exists()):
        return None
    try:
        values = json.loads(names.read_text(encoding="utf-8"))
        # Not np.load: its header's parse imports ast (a build's only import of it).
        pairs = map_npy(npy)
    except (OSError, ValueError) as e:
        log.warning("facet column %s unusable (%s); reading the postings", npy.name, e)
        return None
    if (not isinstance(values, list) or pairs.ndim != 2 or pairs.shape[0] != 2
            or (pairs.shape[1] and (int(pairs[0].max()) >= len(values)
                                    or int(pairs[1].max()) >= count))):
        log.warning("facet column %s does not match its segment; reading the postings", npy.name)
        return None
    return values, pairs
