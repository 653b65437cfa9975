"""Arrays memory-mapped from ``.npy`` files, without numpy's ``memmap`` machinery.

A new process's first query maps every posting array of every segment (eight files a segment).
``np.load(path, mmap_mode="r")`` costs a quarter of a millisecond a file (it evaluates the header
as Python literals, builds a ``memmap`` subclass, then the caller views it as a plain array):
several milliseconds of that first query. :func:`map_npy` reads the header numpy writes (version
1 to 3, a plain dtype, C order) with one regular expression and maps the data with ``mmap``; any
other header is handed to ``np.load``, so it reads every ``.npy`` file ``np.load`` reads, as the
same plain read-only array.

:func:`write_arrays` lays several arrays end to end in one such file, with a JSON file beside it
saying where each lies (written last: a file without it is incomplete), and :func:`map_arrays`
maps them back: a process's first query opens one file instead of one per array.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import re
from pathlib import Path

import numpy as np

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["map_arrays", "map_npy", "write_arrays"]

_MAGIC = b"\x93NUMPY"
#: Each array of a file of :func:`write_arrays` starts on a multiple of this many bytes.
ALIGN = 64
#: Bytes read first: numpy pads the magic, the header's length and the header to 128 (version 1)
#: or a multiple of 64.
_READ_AHEAD = 128
#: The header ``np.save`` writes for a plain dtype in C order (spaces pad it to a block).
_HEADER = re.compile(r"\{'descr': '([<>|=][a-zA-Z]\d*)', 'fortran_order': False, "
                     r"'shape': \(((?:\d+, ?)*\d*)\), \}\s*$")


def map_npy(path: Path) -> Any:
    """The array stored in the ``.npy`` file ``path``, memory-mapped read-only (a plain
    ``numpy.ndarray``, as ``np.load(path, mmap_mode="r").view(np.ndarray)`` gives).

    :raises OSError: when the file cannot be read.
    :raises ValueError: when it is no ``.npy`` file, or shorter than its header says.
    """
    # os.open and os.pread: Python's buffered file object alone was a third of the cost.
    fd = os.open(path, os.O_RDONLY)
    try:
        start = os.pread(fd, _READ_AHEAD, 0)
        if len(start) < 10 or start[:6] != _MAGIC or start[6] not in (1, 2, 3):
            raise ValueError(f"{path} is not a .npy file")
        width = 2 if start[6] == 1 else 4
        length = int.from_bytes(start[8 : 8 + width], "little")
        offset = 8 + width + length
        if len(start) < offset:
            start = os.pread(fd, offset, 0)
        found = _HEADER.match(start[8 + width : offset].decode("latin1"))
        if found is None:  # an object dtype, a structured one, Fortran order...
            return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
        dtype = np.dtype(found.group(1))
        shape = tuple(int(n) for n in found.group(2).split(",") if n.strip())
        count = math.prod(shape)
        if count == 0 or dtype.itemsize == 0:
            return np.empty(shape, dtype=dtype)
        data = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)
    return np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape)


def write_arrays(folder: Path, stem: str, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    """Write ``arrays`` end to end into ``<stem>_arrays.npy`` in ``folder`` (each on a multiple
    of :data:`ALIGN` bytes), then ``<stem>_meta.json``: ``meta`` plus where each array lies."""
    blob = bytearray()
    places = {}
    for what, array in arrays.items():
        blob += bytes(-len(blob) % ALIGN)
        places[what] = [array.dtype.str, list(array.shape), len(blob)]
        blob += array.tobytes()
    np.save(Path(folder, stem + "_arrays.npy"), np.frombuffer(blob, dtype=np.uint8))
    # Written last: arrays without their meta are an incomplete write, never read.
    Path(folder, stem + "_meta.json").write_text(json.dumps({**meta, "arrays": places}),
                                                  encoding="utf-8")


def map_arrays(folder: Path, stem: str, names: tuple[str, ...]) -> tuple[dict[str, Any],
                                                                         dict[str, Any]] | None:
    """The arrays ``names`` that :func:`write_arrays` wrote as ``stem`` in ``folder``, mapped,
    and its meta; ``None`` when they are absent, incomplete or damaged."""
    try:
        with open(os.path.join(folder, stem + "_meta.json"), "rb") as file:
            meta = json.loads(file.read())
        # Plain arrays over the mapped file (numpy's memmap subclass costs microseconds on
        # every slice, and a query takes hundreds).
        blob = map_npy(Path(folder, stem + "_arrays.npy"))
        arrays = {}
        for what in names:
            dtype, shape, start = meta["arrays"][what]
            dtype = np.dtype(dtype)
            end = start + dtype.itemsize * math.prod(shape)
            if end > len(blob):
                return None
            arrays[what] = blob[start:end].view(dtype).reshape(shape)
        return arrays, meta
    except (OSError, ValueError, KeyError, TypeError):
        return None
