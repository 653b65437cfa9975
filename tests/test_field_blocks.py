"""A whole field's terms laid out by arrays (:mod:`searchlib.index.field_blocks`) read back as the
blocks and term infos each term's own encoding gives (:func:`~searchlib.index.term_writer
.encode_term`): every kind of weights and values, long values, terms of several blocks."""

from __future__ import annotations

import io
import itertools
import pickle
import struct
from types import SimpleNamespace
from typing import Any

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.structfile import StructFile

from searchlib.index import field_blocks
from searchlib.index.posting_arrays import FieldPostings
from searchlib.index.term_writer import encode_term


def blocks(postings: bytes) -> list[tuple[Any, Any]]:
    """A term's blocks as Whoosh's matcher reads them: (info, data) tuples."""
    stream = io.BytesIO(postings[4:])
    found = []
    while True:
        (length,) = struct.unpack("!i", stream.read(4))
        end = stream.tell() + abs(length)
        info = pickle.load(stream)
        found.append((info, pickle.loads(stream.read(end - stream.tell()))))
        if length < 0:
            return found


def field(terms: int, fixedsize: int | None, unit: int = 4) -> tuple[FieldPostings, list[int]]:
    """Terms of 1 to 300 postings, weights all 1.0, all equal or mixed, values of every size
    (a multiple of ``unit`` bytes when not fixed)."""
    btexts: list[bytes] = []
    bounds, docs, lengths = [0], list[int](), list[int]()
    weights: list[float] = []
    values: list[bytes] = []
    for t in range(terms):
        count = [1, 2, 3, 300][t % 4]
        btexts.append(b"t%03d" % t)
        docs += range(t % 5, t % 5 + 3 * count, 3)
        weights += [[1.0] * count, [2.0] * count, [1.5 + i for i in range(count)]][t % 3]
        for i in range(count):
            size = fixedsize if fixedsize is not None else unit * (1 + (t * i) % 70)
            values.append(bytes((t + i + k) % 256 for k in range(size)))
        lengths += [1 + (t + i) % 400 for i in range(count)]
        bounds.append(len(docs))
    return FieldPostings(btexts, bounds, docs, weights, values), lengths


@pytest.mark.parametrize(("fixedsize", "unit"), [(None, 4), (None, 3), (0, 4), (4, 4)])
@pytest.mark.parametrize("blocklimit", [128, 2])
def test_terms_read_back_as_each_terms_own_encoding(monkeypatch: Any, fixedsize: int | None,
                                                    unit: int, blocklimit: int) -> None:
    postings, lengths = field(24, fixedsize, unit)
    rows: list[tuple[list[bytes], list[bytes]]] = []
    monkeypatch.setattr(field_blocks, "add_rows", lambda table, keys, values: rows.append(
        (keys, values)))
    postfile = StructFile(io.BytesIO())
    postfile.write(b"x" * 7)  # the field's postings start after others'
    writer = SimpleNamespace(
        _codec=W3Codec(blocklimit=blocklimit, compression=0), _postfile=postfile, _fieldid=3,
        _tindex=None,
        _format=SimpleNamespace(fixed_value_size=lambda: -1 if fixedsize is None else fixedsize))
    field_blocks.write_field(writer, postings, lengths)  # type: ignore[arg-type]
    written = postfile.file.getvalue()
    ((keys, infos),) = rows
    assert keys == [b"\x00\x03" + t for t in postings.btexts]
    for (a, b), info in zip(itertools.pairwise(postings.bounds), infos, strict=True):
        expected, terminfo = encode_term(
            (postings.docnums[a:b], postings.weights[a:b], postings.values[a:b], lengths[a:b]),
            blocklimit, 0, fixedsize)
        offset, length = struct.unpack("!qi", info[-12:])
        assert info[:-12] == terminfo
        assert blocks(written[offset:offset + length]) == blocks(expected)
    assert len(written) == offset + length
