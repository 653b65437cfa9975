"""Display records: written beside a segment, read back as the passages they were written from."""

from __future__ import annotations

import pytest

from searchlib.index.display import (
    OFFSETS_EXT,
    RECORDS_EXT,
    FootnoteRef,
    Passage,
    _Segment,
    write_records,
)


def test_records_read_back_as_written(tmp_path):
    written = [
        Passage("b1.c01.p001", "b1", "1", 12, "L'usine de Homiel, « 2021 » — 40 % 𝄞",
                (FootnoteRef("b1", 3, "Rapport [Ressource électronique].", ["https://belta.by/a"],
                      ["belta.by"]),
                 FootnoteRef("b1", 4, None, [], []))),
        Passage("b2.c00.p001", "b2", None, None, "Sans note ni page\nni chapitre.", ()),
        Passage("b2.c01.p002", "b2", "2", 3, "", ()),
    ]
    assert write_records(tmp_path, "MAIN_x", written) == 3
    segment = _Segment(tmp_path / f"MAIN_x{RECORDS_EXT}", tmp_path / f"MAIN_x{OFFSETS_EXT}", 3)
    read = [segment.get(d) for d in range(3)]
    assert read == written
    assert all(type(n) is FootnoteRef for n in read[0].footnotes)
    assert read[1].footnotes == () and type(read[1].footnotes) is tuple


def test_offsets_cut_short_are_refused(tmp_path):
    written = [Passage("b1.c01.p001", "b1", "1", 1, "Un texte.", ())]
    write_records(tmp_path, "MAIN_x", written)
    offsets = tmp_path / f"MAIN_x{OFFSETS_EXT}"
    offsets.write_bytes(offsets.read_bytes()[:-3])  # a torn write: no whole offset at the end
    with pytest.raises(ValueError):
        _Segment(tmp_path / f"MAIN_x{RECORDS_EXT}", offsets, 1)
