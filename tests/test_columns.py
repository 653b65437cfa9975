"""Facet columns written from the postings a segment writer holds (:mod:`searchlib.index.columns`)
read back as each value's documents."""

from __future__ import annotations

from pathlib import Path

from searchlib.index.columns import read_column, write_columns
from searchlib.index.posting_arrays import FieldPostings


def test_columns_pair_each_value_with_its_documents(tmp_path: Path) -> None:
    year = FieldPostings([b"2020", b"2021", b"\xc3\xa9t\xc3\xa9"], [0, 2, 3, 5],
                         [0, 3, 1, 1, 4], [1.0] * 5, [b""] * 5)
    write_columns(tmp_path, "MAIN_x", {"year": year}, ("year", "domain"))
    values, pairs = read_column(tmp_path, "MAIN_x", "year", 5)
    assert values == ["2020", "2021", "été"]
    assert pairs.tolist() == [[0, 0, 1, 2, 2], [0, 3, 1, 1, 4]]
    # A field without postings in the segment: a column with no value.
    values, pairs = read_column(tmp_path, "MAIN_x", "domain", 5)
    assert values == [] and pairs.shape == (2, 0)
