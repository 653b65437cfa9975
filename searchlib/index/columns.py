"""Facet columns written at build time beside each segment, read back memory-mapped.

Facet counts need, for every passage, its values of ``book``, ``chapter``, ``domain`` and
``year``. Deriving them from the postings of every value cost the first query of a process about
a third of its time, so the writer stores them with each segment, named like the segment's own
files (``MAIN_<id>.facets1_<field>.npy`` and ``.facets1_<field>.json``; Whoosh deletes them with
the segment, a reused segment's are copied with it, the manifest checksums them):

``.npy``
    a ``2 × n`` int32 array of (value index, document number in the segment) pairs, in value
    order: numpy's own format (written without numpy, :func:`npy_int32_rows`), loaded with
    ``allow_pickle=False`` and memory-mapped;
``.json``
    the values, sorted as Whoosh's lexicon sorts them (their UTF-8 bytes).

The version (:data:`COLUMNS_VERSION`) is in the names: a reader that finds no files of its own
version derives the column from the postings as before.
"""

from __future__ import annotations

import json
import logging
import sys
from array import array
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

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
        indexes, docnums = array("i"), array("i")
        for i, value in enumerate(values):
            ids = list(reader.postings(fieldname, value.encode("utf-8")).all_ids())
            indexes.extend([i] * len(ids))
            docnums.extend(ids)
        npy, names = _paths(directory, segment.segment_id(), fieldname)
        npy.write_bytes(npy_int32_rows(indexes, docnums))
        names.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")


#: numpy's ``.npy`` files align the data after their header to this many bytes.
_NPY_ALIGN = 64


def npy_int32_rows(*rows: array) -> bytes:
    """The ``.npy`` file ``np.save`` writes for a C-order int32 array of these equal-length rows
    (format 1.0: magic, header length, the header dict padded with spaces, the data).

    Written with the standard library: a build does not load numpy for two small arrays.
    """
    width = len(rows[0]) if rows else 0
    header = f"{{'descr': '<i4', 'fortran_order': False, 'shape': ({len(rows)}, {width}), }}"
    padding = -(len(b"\x93NUMPY") + 4 + len(header) + 1) % _NPY_ALIGN
    header += " " * padding + "\n"
    data = array("i")
    for row in rows:
        data.extend(row)
    if sys.byteorder == "big":
        data.byteswap()
    return (b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("ascii")
            + data.tobytes())


def read_column(directory: Path, segment_id: str, fieldname: str,
                count: int) -> tuple[list[str], Any] | None:
    """(values, pairs) of one segment's column, pairs memory-mapped; ``None`` when the segment
    has no column files of this version, or unusable ones (the caller derives the column)."""
    import numpy as np  # here: only readers need it

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
