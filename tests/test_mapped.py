"""map_npy reads every .npy file np.load reads, as the same read-only array, mapped."""

from __future__ import annotations

import numpy as np
import pytest

from searchlib.index.mapped import map_npy


@pytest.mark.parametrize("array", [
    np.arange(12, dtype="<i4").reshape(2, 6),
    np.array([b"ab", b"cdef", b""], dtype="S4"),
    np.frombuffer(b"\x00\x01\xff", dtype=np.uint8),
    np.array([0.5, -1.25], dtype="<f4"),
    np.array(7, dtype="<i8"),  # no dimension
    np.zeros((0,), dtype=np.int32),
    np.zeros((3, 0), dtype=np.float64),
    np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3)),  # np.load's way
    np.array([(1, 2.0)], dtype=[("a", "<i4"), ("b", "<f8")]),  # np.load's way
])
def test_the_same_array_as_np_load(tmp_path, array):
    path = tmp_path / "a.npy"
    np.save(path, array)
    found = map_npy(path)
    expected = np.load(path, mmap_mode="r").view(np.ndarray)
    assert type(found) is np.ndarray
    assert found.dtype == expected.dtype and found.shape == expected.shape
    assert np.array_equal(found, expected)
    if found.size:
        assert not found.flags.writeable


def test_a_large_header_version_is_read(tmp_path):
    path = tmp_path / "wide.npy"
    array = np.arange(5, dtype="<i4")
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=(2, 0))
    assert np.array_equal(map_npy(path), array)


def test_what_is_no_npy_file_or_is_cut_short_is_refused(tmp_path):
    bad = tmp_path / "bad.npy"
    bad.write_bytes(b"not numpy at all")
    with pytest.raises(ValueError):
        map_npy(bad)
    short = tmp_path / "short.npy"
    np.save(short, np.arange(100, dtype="<i8"))
    short.write_bytes(short.read_bytes()[:-8])
    with pytest.raises(ValueError):
        map_npy(short)
    with pytest.raises(OSError):
        map_npy(tmp_path / "missing.npy")
