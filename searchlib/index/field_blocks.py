"""A whole field's postings written at once: every one-block term's pickles laid out by arrays.

:func:`~.term_writer.encode_term` pickles a term's blocks one ``pickle.dumps`` at a time, and
the term's row of the term table is one ``struct.pack``: a few microseconds of Python per term,
most of a segment's writing (tens of thousands of terms, most in one or a few documents).
:func:`write_field` writes the terms of one block (of at most the codec's block size) whose
postings need no special case (no zero field length beside others, no empty value, a weight
above 0, values under 256 bytes) with a few ``numpy`` operations over the whole field: each
term's bytes (the header, the block length, the two pickles) and its row are the same fields at
computed offsets of one buffer. Its pickles are written out opcode by opcode, each value in one
layout: ``PROTO 3``, then ints as ``BININT``, floats as ``BINFLOAT``, bytes as
``SHORT_BINBYTES``, tuples as ``MARK ... TUPLE`` (the data's three as ``TUPLE3``), nothing
memoised. ``pickle.loads`` (Whoosh's reader) gives back the tuples
``W3PostingsWriter._write_block`` pickles: ``(count, last id, greatest weight, 0, shortest and
longest length bytes)`` and ``(id gaps, weights, values)``, with ``None`` for weights all 1.0 and
one float for weights all equal (``tests/test_segment_writer.py`` compares them with Whoosh's
own). Any other term goes through :func:`~.term_writer.encode_term`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from .posting_arrays import FieldPostings, joined_values
from .term_writer import PICKLE_PROTOCOL, add_rows, encode_term, write_terms

__all__ = ["write_field"]

#: What a one-block term's bytes begin with: the postings' header, the block's length (negative:
#: the last block), its info pickle, and the opening of its data pickle and of the gaps' tuple.
_HEAD = np.dtype([
    ("magic", "S4"), ("size", ">i4"), ("open", "S4"), ("count", "<i4"), ("j1", "S1"),
    ("last", "<i4"), ("g", "S1"), ("heaviest", ">f8"), ("zero", "S6"), ("short", "<i4"),
    ("j2", "S1"), ("long", "<i4"), ("close", "S5"),
])
_PROTO = b"\x80" + bytes((PICKLE_PROTOCOL,))
#: A term's row in the term table: ``W3TermInfo`` (not inlined), its postings' offset, length.
_ROW = np.dtype([
    ("inlined", "u1"), ("weight", ">f4"), ("count", ">u4"), ("short", "u1"), ("long", "u1"),
    ("heaviest", ">f4"), ("first", ">u4"), ("last", ">u4"), ("offset", ">i8"), ("length", ">i4"),
])
_INT = np.dtype([("op", "S1"), ("value", "<i4")])  # BININT
_FLOAT = np.dtype([("op", "S1"), ("value", ">f8")])  # BINFLOAT
_LIMIT = 256  # SHORT_BINBYTES: a value of fewer bytes


def _put(out: np.ndarray, at: np.ndarray, records: np.ndarray) -> None:
    """Copy each record's bytes into ``out`` at its offset in ``at``."""
    if len(at):
        width = records.dtype.itemsize
        out[at[:, None] + np.arange(width)] = records.view(np.uint8).reshape(-1, width)


def _within(counts: np.ndarray) -> np.ndarray:
    """Each item's index within its group, for groups of these sizes laid end to end."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def _length_bytes(lengths: np.ndarray) -> np.ndarray:
    """``length_to_byte`` of each field length, through a table of every length up to the
    longest (a few thousand: one call each, not one per term)."""
    table = np.array([length_to_byte(n) for n in range(int(lengths.max()) + 1)], dtype=np.int32)
    return table[lengths]


def write_field(fieldwriter: W3FieldWriter, field: FieldPostings,
                lengths: Sequence[int] | np.ndarray) -> None:
    """Write a whole field's terms, given as columns (:class:`FieldPostings`, and each posting's
    field length), into the current field of the W3 field writer: the postings of all in one
    write, their rows of the term table in one (:func:`~.term_writer.add_rows`)."""
    btexts, bounds, docnums, weights, values = field
    codec = fieldwriter._codec
    fixedsize = fieldwriter._format.fixed_value_size()
    if codec._compression or not btexts:
        write_terms(fieldwriter, btexts, (
            (list(docnums[a:b]), list(weights[a:b]), values[a:b], list(lengths[a:b]))
            for a, b in itertools.pairwise(bounds)))
        return
    variable = fixedsize is None or fixedsize < 0
    starts = np.array(bounds[:-1], dtype=np.int64)
    counts = np.array(bounds[1:], dtype=np.int64) - starts
    docs = np.array(docnums, dtype=np.int64)
    raw = np.array(weights, dtype=np.float64)
    floats = raw.astype(np.float32).astype(np.float64)  # as the blocks keep them
    field_lengths = np.array(lengths, dtype=np.int64)
    joined, sizes = joined_values(values)
    # Per term: what its block info and its row hold.
    heaviest = np.maximum.reduceat(raw, starts)
    lightest = np.minimum.reduceat(floats, starts)
    same = lightest == np.maximum.reduceat(floats, starts)
    shortest = np.minimum.reduceat(field_lengths, starts)
    longest = np.maximum.reduceat(field_lengths, starts)
    no_lengths = not longest.any()
    # The terms written here (the others through encode_term): one block, lengths all nonzero
    # or all none, no empty value, a weight above 0, each value short.
    fast = (counts <= codec._blocklimit) & (heaviest > 0) & ((shortest > 0) | no_lengths)
    if variable:
        fast &= (np.minimum.reduceat(sizes, starts) > 0) & (np.maximum.reduceat(sizes, starts)
                                                            < _LIMIT)
    elif fixedsize:
        fast &= counts * fixedsize < _LIMIT
    short = _length_bytes(shortest) if not no_lengths else np.zeros_like(shortest)
    long = _length_bytes(longest) if not no_lengths else np.zeros_like(longest)
    # Weights in a term: None (all 1.0), one float (all equal), else a tuple (kinds 0, 1, 2).
    kind = np.where(same, np.where(lightest == 1.0, 0, 1), 2)
    weights_size = np.choose(kind, [1, 9, 9 * counts + 2])
    if variable:
        values_size = 2 + 2 * counts + np.add.reduceat(sizes, starts)
    else:
        values_size = 2 + counts * fixedsize if fixedsize else np.ones_like(counts)
    total = _HEAD.itemsize + 5 * counts + 1 + weights_size + values_size + 2
    # The other terms' bytes, as encode_term makes them (of Python numbers: a numpy number
    # would be pickled as an object).
    slow: dict[int, tuple[bytes, bytes]] = {}
    for t in np.flatnonzero(~fast).tolist():
        a, b = bounds[t], bounds[t + 1]
        slow[t] = encode_term((docs[a:b].tolist(), raw[a:b].tolist(), values[a:b],
                               field_lengths[a:b].tolist()), codec._blocklimit, 0, fixedsize)
        total[t] = len(slow[t][0])
    at = np.cumsum(total) - total  # each term's place in the field's postings
    out = np.zeros(int(total.sum()), dtype=np.uint8)
    terms = np.flatnonzero(fast)
    first, n, where = starts[terms], counts[terms], at[terms]
    head = np.zeros(len(terms), dtype=_HEAD)
    head["magic"], head["size"] = WHOOSH3_HEADER_MAGIC, 8 - total[terms]
    head["open"], head["count"], head["j1"] = _PROTO + b"(J", n, b"J"
    head["last"], head["g"], head["heaviest"] = docs[first + n - 1], b"G", heaviest[terms]
    head["zero"], head["short"], head["j2"] = b"J\0\0\0\0J", short[terms], b"J"
    head["long"], head["close"] = long[terms], b"t." + _PROTO + b"("
    _put(out, where, head)
    # The gaps: each posting's document minus the one before it in its term (the first's: 0).
    postings = np.repeat(first, n) + _within(n)  # the fast terms' postings
    index = np.repeat(np.arange(len(terms)), n)  # each one's term among them
    inner = _within(n)
    gaps = np.zeros(len(postings), dtype=_INT)
    gaps["op"], gaps["value"] = b"J", docs[postings] - np.where(inner, docs[postings - 1], 0)
    _put(out, where[index] + _HEAD.itemsize + 5 * inner, gaps)
    after = where + _HEAD.itemsize + 5 * n
    out[after] = ord("t")
    # The weights.
    after += 1
    kinds = kind[terms]
    out[after[kinds == 0]] = ord("N")
    one = np.zeros(int((kinds == 1).sum()), dtype=_FLOAT)
    one["op"], one["value"] = b"G", floats[first[kinds == 1]]
    _put(out, after[kinds == 1], one)
    many = kinds[index] == 2
    each = np.zeros(int(many.sum()), dtype=_FLOAT)
    each["op"], each["value"] = b"G", floats[postings[many]]
    out[after[kinds == 2]] = ord("(")
    _put(out, after[index[many]] + 1 + 9 * inner[many], each)
    out[(after + 1 + 9 * n)[kinds == 2]] = ord("t")
    after += weights_size[terms]
    # The values: each as SHORT_BINBYTES in a tuple, or all of them joined as one, or None.
    blob = np.frombuffer(joined, dtype=np.uint8)
    begins = np.cumsum(sizes) - sizes  # each posting's value in the blob
    value_sizes = sizes[postings]
    if variable:
        out[after] = ord("(")
        places = np.cumsum(value_sizes + 2) - (value_sizes + 2)  # in the field's order
        places = places - np.repeat(places[np.cumsum(n) - n], n) + after[index] + 1
        out[places] = ord("C")
        out[places + 1] = value_sizes
        out[after + values_size[terms] - 1] = ord("t")
        starts_in_out = places + 2
    elif fixedsize:
        out[after] = ord("C")
        out[after + 1] = n * fixedsize
        starts_in_out = after[index] + 2 + fixedsize * inner
    else:
        out[after] = ord("N")
        starts_in_out = np.zeros(0, dtype=np.int64)
    if len(starts_in_out):
        byte = _within(value_sizes)  # each byte's index in its value
        out[np.repeat(starts_in_out, value_sizes) + byte] = \
            blob[np.repeat(begins[postings], value_sizes) + byte]
    after += values_size[terms]
    out[after] = 0x87  # TUPLE3
    out[after + 1] = ord(".")
    for t, (piece, _) in slow.items():
        out[at[t]:at[t] + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
    # The rows of the term table.
    postfile = fieldwriter._postfile
    offset = postfile.tell()
    rows = np.zeros(len(terms), dtype=_ROW)
    sums = np.add.reduceat(floats, starts)
    if not np.array_equal(floats, np.floor(floats)):  # integers add up alike in any order
        sums = np.array([sum(floats[a:b].tolist()) for a, b in itertools.pairwise(bounds)])
    rows["weight"], rows["count"], rows["short"], rows["long"] = sums[terms], n, short[terms], \
        long[terms]
    rows["heaviest"], rows["first"], rows["last"] = heaviest[terms], docs[first], \
        docs[first + n - 1]
    rows["offset"], rows["length"] = offset + where, total[terms]
    packed = rows.tobytes()
    infos: list[bytes] = [b""] * len(btexts)
    for t, i in zip(terms.tolist(), range(0, len(packed), _ROW.itemsize), strict=True):
        infos[t] = packed[i:i + _ROW.itemsize]
    for t, (piece, terminfo) in slow.items():
        infos[t] = terminfo + pack_long(offset + int(at[t])) + pack_int(len(piece))
    postfile.write(out.tobytes())
    prefix = pack_ushort(fieldwriter._fieldid)
    add_rows(fieldwriter._tindex, [prefix + btext for btext in btexts], infos)
