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
from pathlib import Path
from typing import Any

import numpy as np

from ..lazy import lazy_logger

log = lazy_logger(__name__)

#: The format of the column files (in their names and in the generation's manifest).
COLUMNS_VERSION = 1


def _paths(directory: Path, segment_id: str, fieldname: str) -> tuple[Path, Path]:
    base = f"{segment_id}.facets{COLUMNS_VERSION}_{fieldname}"
    return directory / f"{base}.npy", directory / f"{base}.json"


def write_columns(directory: Path, segment: Any, reader: Any, fieldnames: tuple[str, ...]) -> None:
    """Write the facet columns of one just-written segment, read from its own postings.

    :param directory: the index directory.
    :param segment: the Whoosh segment (its id names the files).
    :param reader: a reader of that segment alone.
    """
    for fieldname in fieldnames:
        values = [t.decode("utf-8") for t in reader.lexicon(fieldname)]
        pairs: list[tuple[int, int]] = []
        for i, value in enumerate(values):
            m = reader.postings(fieldname, value.encode("utf-8"))
            pairs += ((i, d) for d in m.all_ids())
        array = np.array(pairs, dtype=np.int32).reshape(-1, 2).T.copy()
        npy, names = _paths(directory, segment.segment_id(), fieldname)
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
        pairs = np.load(npy, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as e:
        log.warning("facet column %s unusable (%s); reading the postings", npy.name, e)
        return None
    if (not isinstance(values, list) or pairs.ndim != 2 or pairs.shape[0] != 2
            or (pairs.shape[1] and (int(pairs[0].max()) >= len(values)
                                    or int(pairs[1].max()) >= count))):
        log.warning("facet column %s does not match its segment; reading the postings", npy.name)
        return None
    return values, pairs
