"""Arrays memory-mapped from ``.npy`` files, without numpy's ``memmap`` machinery.

A new process's first query maps every posting array of every segment (eight files a segment).
``np.load(path, mmap_mode="r")`` costs a quarter of a millisecond a file (it evaluates the header
as Python literals, builds a ``memmap`` subclass, then the caller views it as a plain array):
several milliseconds of that first query. :func:`map_npy` reads the header numpy writes (version
1 to 3, a plain dtype, C order) with one regular expression and maps the data with ``mmap``; any
other header is handed to ``np.load``, so it reads every ``.npy`` file ``np.load`` reads, as the
same plain read-only array.
"""

from __future__ import annotations

import math
import mmap
import re
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["map_npy"]

_MAGIC = b"\x93NUMPY"
#: The header ``np.save`` writes for a plain dtype in C order (spaces pad it to a block).
_HEADER = re.compile(r"\{'descr': '([<>|=][a-zA-Z]\d*)', 'fortran_order': False, "
                     r"'shape': \(((?:\d+, ?)*\d*)\), \}\s*$")


def map_npy(path: Path) -> Any:
    """The array stored in the ``.npy`` file ``path``, memory-mapped read-only (a plain
    ``numpy.ndarray``, as ``np.load(path, mmap_mode="r").view(np.ndarray)`` gives).

    :raises OSError: when the file cannot be read.
    :raises ValueError: when it is no ``.npy`` file, or shorter than its header says.
    """
    with open(path, "rb") as f:
        start = f.read(8)
        if len(start) < 8 or start[:6] != _MAGIC or start[6] not in (1, 2, 3):
            raise ValueError(f"{path} is not a .npy file")
        width = 2 if start[6] == 1 else 4
        length = int.from_bytes(f.read(width), "little")
        header = f.read(length).decode("latin1")
        found = _HEADER.match(header)
        if found is None:  # an object dtype, a structured one, Fortran order...
            return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
        dtype = np.dtype(found.group(1))
        shape = tuple(int(n) for n in found.group(2).split(",") if n.strip())
        count = math.prod(shape)
        if count == 0 or dtype.itemsize == 0:
            return np.empty(shape, dtype=dtype)
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    offset = 8 + width + length
    return np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape)
