"""The facet columns' ``.npy`` files, written without numpy, are the files ``np.save`` writes
(:mod:`searchlib.index.columns`), so numpy memory-maps them as before."""

from __future__ import annotations

import io
from array import array

import numpy as np
import pytest

from searchlib.index.columns import npy_int32_rows


@pytest.mark.parametrize("width", [0, 1, 7, 20, 1000, 70_000])
def test_npy_rows_are_the_bytes_np_save_writes(width: int) -> None:
    first = array("i", (i // 3 for i in range(width)))
    second = array("i", (i * 7919 % 100_003 for i in range(width)))
    expected = io.BytesIO()
    np.save(expected, np.array([first, second], dtype=np.int32).reshape(2, width),
            allow_pickle=False)
    written = npy_int32_rows(first, second)
    assert written == expected.getvalue()
    loaded = np.load(io.BytesIO(written), allow_pickle=False)
    assert loaded.shape == (2, width) and loaded[1].tolist() == list(second)
