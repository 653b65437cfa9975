"""A whole field's postings written at once: every term's blocks laid out by array operations.

:func:`~.term_writer.encode_term` pickles a term's blocks one ``pickle.dumps`` at a time, and
the term's row of the term table is one ``struct.pack``: a few microseconds of Python per term,
most of a segment's writing (tens of thousands of terms, most in one or a few documents).
:func:`write_field` cuts every term into blocks of the codec's block size and writes the blocks
of the terms whose postings need no special case (no zero field length beside others, no empty
value, weights above 0) with ``numpy`` operations over the whole field: each block's bytes (the
postings' header before a term's first, the block's length, its two pickles) and each term's
row are the same fields at computed offsets of one buffer. The pickles are written out opcode
by opcode, each value in one layout: ``PROTO 3``, then ints as ``BININT``, floats as
``BINFLOAT``, bytes as ``SHORT_BINBYTES`` (``BINBYTES`` from 256 bytes), tuples as ``MARK ...
TUPLE`` (the data's three as ``TUPLE3``), nothing memoised. ``pickle.loads`` (Whoosh's reader)
gives back the tuples ``W3PostingsWriter._write_block`` pickles: ``(count, last id, greatest
weight, 0, shortest and longest length bytes)`` and ``(id gaps, weights, values)``, with
``None`` for weights all 1.0 and one float for weights all equal (``tests/test_field_blocks.py``
and ``tests/test_segment_writer.py`` compare them with Whoosh's own). Any other term goes
through :func:`~.term_writer.encode_term`.
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

#: What a block's bytes begin with (after the postings' header, before a term's first block):
#: the block's length (negative: the last block), its info pickle, and the opening of its data
#: pickle and of the gaps' tuple.
_HEAD = np.dtype([
    ("size", ">i4"), ("open", "S4"), ("count", "<i4"), ("j1", "S1"), ("last", "<i4"),
    ("g", "S1"), ("heaviest", ">f8"), ("zero", "S6"), ("short", "<i4"), ("j2", "S1"),
    ("long", "<i4"), ("close", "S5"),
])
_PROTO = b"\x80" + bytes((PICKLE_PROTOCOL,))
#: A term's row in the term table: ``W3TermInfo`` (not inlined), its postings' offset, length.
_ROW = np.dtype([
    ("inlined", "u1"), ("weight", ">f4"), ("count", ">u4"), ("short", "u1"), ("long", "u1"),
    ("heaviest", ">f4"), ("first", ">u4"), ("last", ">u4"), ("offset", ">i8"), ("length", ">i4"),
])
_INT = np.dtype([("op", "S1"), ("value", "<i4")])  # BININT
_FLOAT = np.dtype([("op", "S1"), ("value", ">f8")])  # BINFLOAT
_LONG_BYTES = np.dtype([("op", "S1"), ("size", "<u4")])  # BINBYTES' opcode and length
_SHORT = 256  # SHORT_BINBYTES: a value of fewer bytes (else BINBYTES)


def _put(out: np.ndarray, at: np.ndarray, records: np.ndarray) -> None:
    """Copy each record's bytes into ``out`` at its offset in ``at``, a byte of every record at
    a time (one index array the size of ``at``, not one per byte of them all)."""
    if len(at):
        columns = records.view(np.uint8).reshape(-1, records.dtype.itemsize)
        for k in range(columns.shape[1]):
            out[at + k] = columns[:, k]


def _within(counts: np.ndarray) -> np.ndarray:
    """Each item's index within its group, for groups of these sizes laid end to end."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def _bytes_headers(out: np.ndarray, at: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Write the opcode and length of a bytes value of each size at each offset
    (``SHORT_BINBYTES``, or ``BINBYTES`` from 256 bytes); returns where their bytes go."""
    short = sizes < _SHORT
    out[at[short]] = ord("C")
    out[at[short] + 1] = sizes[short]
    long = np.zeros(int((~short).sum()), dtype=_LONG_BYTES)
    long["op"], long["size"] = b"B", sizes[~short]
    _put(out, at[~short], long)
    return at + np.where(short, 2, 5)


def _length_table(longest: int) -> np.ndarray:
    """``length_to_byte`` of every field length up to the longest (a few thousand: one call
    each, not one per block and term)."""
    return np.array([length_to_byte(n) for n in range(longest + 1)], dtype=np.int64)


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
    limit = codec._blocklimit
    starts = np.array(bounds[:-1], dtype=np.int64)
    counts = np.array(bounds[1:], dtype=np.int64) - starts
    docs = np.array(docnums, dtype=np.int64)
    raw = np.array(weights, dtype=np.float64)
    floats = raw.astype(np.float32).astype(np.float64)  # as the blocks keep them
    field_lengths = np.array(lengths, dtype=np.int64)
    joined, sizes = joined_values(values)
    # Per term: what its row holds, and whether it is written here (the others through
    # encode_term): lengths all nonzero or all none, no empty value, weights above 0.
    shortest = np.minimum.reduceat(field_lengths, starts)
    longest = np.maximum.reduceat(field_lengths, starts)
    no_lengths = not longest.any()
    fast = (np.minimum.reduceat(raw, starts) > 0) & ((shortest > 0) | no_lengths)
    if variable:
        fast &= np.minimum.reduceat(sizes, starts) > 0
    # Every term's blocks of at most ``limit`` postings, and what each one's info holds.
    blocks = (counts + limit - 1) // limit
    term_of = np.repeat(np.arange(len(counts)), blocks)
    nth = _within(blocks)
    begin = starts[term_of] + nth * limit
    n = np.minimum(limit, counts[term_of] - nth * limit)
    first, last = nth == 0, nth == blocks[term_of] - 1
    lightest = np.minimum.reduceat(floats, begin)
    same = lightest == np.maximum.reduceat(floats, begin)
    length_byte = _length_table(0 if no_lengths else int(longest.max()))
    short = length_byte[np.minimum.reduceat(field_lengths, begin)]
    long = length_byte[np.maximum.reduceat(field_lengths, begin)]
    # Weights in a block: None (all 1.0), one float (all equal), else a tuple (kinds 0, 1, 2).
    kind = np.where(same, np.where(lightest == 1.0, 0, 1), 2)
    weights_size = np.choose(kind, [1, 9, 9 * n + 2])
    if variable:
        value_heads = np.where(sizes < _SHORT, 2, 5)
        values_size = 2 + np.add.reduceat(value_heads + sizes, begin)
    elif fixedsize:
        values_size = np.where(n * fixedsize < _SHORT, 2, 5) + n * fixedsize
    else:
        values_size = np.ones_like(n)
    total = 4 * first + _HEAD.itemsize + 5 * n + 1 + weights_size + values_size + 2
    # The other terms' bytes, as encode_term makes them (of Python numbers: a numpy number
    # would be pickled as an object), in place of their blocks'.
    slow: dict[int, tuple[bytes, bytes]] = {}
    first_block = np.cumsum(blocks) - blocks
    for t in np.flatnonzero(~fast).tolist():
        a, b = bounds[t], bounds[t + 1]
        slow[t] = encode_term((docs[a:b].tolist(), raw[a:b].tolist(), values[a:b],
                               field_lengths[a:b].tolist()), limit, 0, fixedsize)
        total[first_block[t]:first_block[t] + blocks[t]] = 0
        total[first_block[t]] = len(slow[t][0])
    at = np.cumsum(total) - total  # each block's place in the field's postings
    out = np.zeros(int(total.sum()), dtype=np.uint8)
    chosen = np.flatnonzero(fast[term_of])  # the blocks written here
    where, count, opens = at[chosen], n[chosen], first[chosen]
    for k, byte in enumerate(WHOOSH3_HEADER_MAGIC):  # before a term's first block
        out[where[opens] + k] = byte
    where = where + 4 * opens
    head = np.zeros(len(chosen), dtype=_HEAD)
    head["size"] = np.where(last[chosen], -1, 1) * (total[chosen] - 4 * opens - 4)
    head["open"], head["count"], head["j1"] = _PROTO + b"(J", count, b"J"
    head["last"], head["g"] = docs[begin[chosen] + count - 1], b"G"
    head["heaviest"] = np.maximum.reduceat(raw, begin)[chosen]
    head["zero"], head["short"], head["j2"] = b"J\0\0\0\0J", short[chosen], b"J"
    head["long"], head["close"] = long[chosen], b"t." + _PROTO + b"("
    _put(out, where, head)
    # The gaps: each posting's document minus the one before it in its block (the first's: 0).
    block = np.repeat(np.arange(len(chosen)), count)  # each posting's block among them
    inner = _within(count)
    postings = begin[chosen][block] + inner
    gaps = np.zeros(len(postings), dtype=_INT)
    gaps["op"], gaps["value"] = b"J", docs[postings] - np.where(inner, docs[postings - 1], 0)
    _put(out, where[block] + _HEAD.itemsize + 5 * inner, gaps)
    after = where + _HEAD.itemsize + 5 * count
    out[after] = ord("t")
    # The weights.
    after += 1
    kinds = kind[chosen]
    out[after[kinds == 0]] = ord("N")
    one = np.zeros(int((kinds == 1).sum()), dtype=_FLOAT)
    one["op"], one["value"] = b"G", floats[begin[chosen][kinds == 1]]
    _put(out, after[kinds == 1], one)
    many = kinds[block] == 2
    each = np.zeros(int(many.sum()), dtype=_FLOAT)
    each["op"], each["value"] = b"G", floats[postings[many]]
    out[after[kinds == 2]] = ord("(")
    _put(out, after[block[many]] + 1 + 9 * inner[many], each)
    out[(after + 1 + 9 * count)[kinds == 2]] = ord("t")
    after += weights_size[chosen]
    # The values: each as bytes in a tuple, or all of a block's joined as one, or None.
    blob = np.frombuffer(joined, dtype=np.uint8)
    begins = np.cumsum(sizes) - sizes  # each posting's value in the blob
    value_sizes = sizes[postings]
    if variable:
        out[after] = ord("(")
        spans = value_heads[postings] + value_sizes
        places = np.cumsum(spans) - spans  # in the field's order
        places = places - np.repeat(places[np.cumsum(count) - count], count) + after[block] + 1
        starts_in_out = _bytes_headers(out, places, value_sizes)
        out[after + values_size[chosen] - 1] = ord("t")
    elif fixedsize:
        data = _bytes_headers(out, after, count * fixedsize)
        starts_in_out = data[block] + fixedsize * inner
    else:
        out[after] = ord("N")
        starts_in_out = np.zeros(0, dtype=np.int64)
    if len(starts_in_out):
        # Copied in units of 4 bytes when every value is made of them (positions and character
        # spans are int32): index arrays a quarter the size of one index per byte.
        unit = 4 if not (value_sizes % 4).any() else 1
        units = value_sizes // unit
        step = _within(units) * unit
        to = np.repeat(starts_in_out, units) + step
        source = np.repeat(begins[postings], units) + step
        for k in range(unit):
            out[to + k] = blob[source + k]
    after += values_size[chosen]
    out[after] = 0x87  # TUPLE3
    out[after + 1] = ord(".")
    for t, (piece, _) in slow.items():
        place = at[first_block[t]]
        out[place:place + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
    # The rows of the term table: each term's blocks' statistics together, as W3TermInfo
    # adds them up block by block.
    postfile = fieldwriter._postfile
    offset = postfile.tell()
    terms = np.flatnonzero(fast)
    if np.array_equal(floats, np.floor(floats)):  # integers add up alike in any order
        sums = np.add.reduceat(floats, starts)
    else:
        block_sums = [sum(floats[a:a + m].tolist()) for a, m in zip(begin.tolist(), n.tolist(),
                                                                      strict=True)]
        sums = np.array([sum(block_sums[a:a + m]) for a, m in zip(first_block.tolist(),
                                                                  blocks.tolist(), strict=True)])
    rows = np.zeros(len(terms), dtype=_ROW)
    rows["weight"], rows["count"] = sums[terms], counts[terms]
    rows["short"], rows["long"] = length_byte[shortest[terms]], length_byte[longest[terms]]
    rows["heaviest"] = np.maximum.reduceat(raw, starts)[terms]
    rows["first"], rows["last"] = docs[starts[terms]], docs[starts[terms] + counts[terms] - 1]
    rows["offset"] = offset + at[first_block[terms]]
    rows["length"] = np.add.reduceat(total, first_block)[terms]
    packed = rows.tobytes()
    cuts = range(0, len(packed) + 1, _ROW.itemsize)
    placed = np.empty(len(btexts), dtype=object)
    placed[terms] = list(map(packed.__getitem__, map(slice, cuts[:-1], cuts[1:])))
    for t, (piece, terminfo) in slow.items():
        placed[t] = terminfo + pack_long(offset + int(at[first_block[t]])) + pack_int(len(piece))
    infos: list[bytes] = placed.tolist()
    postfile.write(out.tobytes())
    prefix = pack_ushort(fieldwriter._fieldid)
    add_rows(fieldwriter._tindex, [prefix + btext for btext in btexts], infos)
