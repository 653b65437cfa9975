"""A field's terms written as Whoosh's W3 codec writes them: postings blocks and term-table rows.

Whoosh's ``W3FieldWriter`` writes a term's postings one ``add`` at a time, into blocks of the
codec's block size that it pickles (``W3PostingsWriter._write_block``), then the term's row of the
term table (``OrderedHashWriter.add``: a row and a hash bucket entry per key, one write each).
Here the same blocks are made per term (:func:`encode_term`; a whole field's, given as columns,
mostly by array operations: :mod:`.field_blocks`); a field's postings go out in one write and its
rows of the term table in another (:func:`add_rows`), and the table's hash tables in one write
each (:func:`write_hash_tables`).
:class:`~.segment_writer.PassageSegmentWriter` writes its segments through them;
``tests/test_segment_writer.py`` compares what a reader gets from the files with Whoosh's own.

A block is pickled with :data:`PICKLE_PROTOCOL`, not Whoosh's protocol 2, which has no opcode
for ``bytes``: it writes each posting's value as a call of ``_codecs.encode`` on its Latin-1
text, which cost eight times the rest of a block's pickle (and a reader's ``pickle.loads`` calls
that function back once per value). Whoosh reads a block with ``pickle.loads``, which takes any
protocol: the same tuples come back, so searches and scores cannot tell the two apart; only the
postings file's bytes differ (and are about half as many).
"""

from __future__ import annotations

import itertools
import operator
import struct
import zlib
from array import array
from collections.abc import Iterable, Sequence
from hashlib import md5
from pickle import dumps
from typing import Any
from zlib import crc32

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter, _hash_functions
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import GrowableArray

__all__ = ["PICKLE_PROTOCOL", "TERM_TABLE_HASH", "TermPostings", "add_rows", "encode_term",
           "hash_with_crc32", "write_hash_tables", "write_term", "write_terms"]

#: The pickle protocol of a postings block: the first with ``bytes`` as bytes (see the module
#: docstring), and the last without frames (a frame header would add 9 bytes to each pickle).
#: Part of the index's versions (:func:`.incremental.index_versions`): a segment pickled
#: otherwise is rebuilt, not reused.
PICKLE_PROTOCOL = 3

_TERMINFO = W3TermInfo._struct

#: One term's postings, in document order: (docnums, weights, values, field lengths).
TermPostings = tuple[Sequence[int], Sequence[float], Sequence[bytes], Sequence[int]]


_LENGTH_BYTES: dict[int | None, int] = {}


def _length_byte(length: int | None) -> int:
    """``length_to_byte``, remembered (a few hundred distinct lengths, four lookups a term)."""
    found = _LENGTH_BYTES.get(length)
    if found is None:
        found = _LENGTH_BYTES[length] = length_to_byte(length)
    return found


def _nonzero(numbers: Sequence[int]) -> Sequence[int]:
    return [n for n in numbers if n] if 0 in numbers else numbers


def encode_term(postings: TermPostings, blocklimit: int, compression: int,
                fixedsize: int | None) -> tuple[bytes, bytes]:
    """The bytes the W3 field writer's ``start_term``, ``add`` per posting and ``finish_term``
    write for one term: (its postings, its ``W3TermInfo`` without the postings' offset and
    length). ``fixedsize`` is the field format's ``fixed_value_size()``.

    Each block of ``blocklimit`` postings is encoded as ``W3PostingsWriter._write_block`` encodes
    it (:func:`_encode_block`) after a header, and the term's statistics add up as
    ``W3TermInfo.add_block`` adds them. Most terms are one short block, written without slicing.
    """
    all_ids = postings[0]
    count = len(all_ids)
    if count <= blocklimit:
        blocks: Iterable[TermPostings] = (postings,)
    else:
        blocks = (tuple(column[start:start + blocklimit] for column in postings)  # type: ignore[misc]
                  for start in range(0, count, blocklimit))
    parts = [WHOOSH3_HEADER_MAGIC]
    total_weight: float = 0
    minlength: int | None = None
    maxlength = 0
    maxweight: float = 0
    done = 0
    for block in blocks:
        done += len(block[0])
        chunk, weight, shortest, longest, heaviest = _encode_block(
            block, done == count, compression, fixedsize)
        parts.append(chunk)
        total_weight += weight
        minlength = shortest if minlength is None else min(minlength, shortest)  # type: ignore[type-var]
        maxlength = max(maxlength, longest)
        maxweight = max(maxweight, heaviest)
    # W3TermInfo.to_bytes of a term whose postings are not inlined (offset and length follow).
    terminfo = _TERMINFO.pack(False, total_weight, count, _length_byte(minlength),
                              _length_byte(maxlength), maxweight, all_ids[0], all_ids[-1])
    return b"".join(parts), terminfo


def _encode_block(block: TermPostings, last: bool, compression: int, fixedsize: int | None
                  ) -> tuple[bytes, float, int | None, int, float]:
    """One block as ``W3PostingsWriter._write_block`` writes it (its length, negative for the
    last one, a pickled info tuple and the pickled ids, weights and values), and its total
    weight, shortest and longest field length and greatest weight. Weights go through float32
    as in its buffer. The checks are C-level list operations (``in``, ``count``, ``min``):
    Python-level loops would cost more than the pickling."""
    ids, weights, values, lengths = block
    lengths = _nonzero(lengths)
    floats = array("f", weights)
    shortest = min(lengths) if lengths else None
    longest = max(lengths) if lengths else 0
    # add_posting raises the block's maximum from 0 only by a greater weight.
    heaviest = max(weights)
    heaviest = heaviest if heaviest > 0 else 0
    # _mini_weights: None when all are 1.0, the one weight when all are equal.
    mini_weights: Any = floats[0] if floats.count(floats[0]) == len(floats) else tuple(floats)
    if mini_weights == 1.0:
        mini_weights = None
    if fixedsize is None or fixedsize < 0:
        mini_values: Any = tuple(v for v in values if v) if b"" in values else tuple(values)
    else:
        mini_values = None if fixedsize == 0 else b"".join(values)
    deltas = tuple(map(operator.sub, ids, [0, *ids[:-1]]))
    data = dumps((deltas, mini_weights, mini_values), PICKLE_PROTOCOL)
    if compression:
        data = zlib.compress(data, compression)
    info = dumps((len(ids), ids[-1], heaviest, compression,
                  _length_byte(shortest), _length_byte(longest)), PICKLE_PROTOCOL)
    size = len(info) + len(data)
    chunk = b"".join((pack_int(-size if last else size), info, data))
    return chunk, sum(floats), shortest, longest, heaviest


def write_term(fieldwriter: W3FieldWriter, btext: bytes, postings: TermPostings) -> None:
    """Write one term of the current field with all its postings (:func:`encode_term`)."""
    write_terms(fieldwriter, [btext], [postings])


def write_terms(fieldwriter: W3FieldWriter, btexts: Sequence[bytes],
                postings: Iterable[TermPostings]) -> None:
    """Write terms of the current field, in increasing byte order, with all their postings:
    the postings of all in one write, their rows of the term table in one (:func:`add_rows`)."""
    postfile = fieldwriter._postfile
    offset = postfile.tell()
    prefix = pack_ushort(fieldwriter._fieldid)
    codec = fieldwriter._codec
    constants = (codec._blocklimit, codec._compression, fieldwriter._format.fixed_value_size())
    blobs: list[bytes] = []
    infos: list[bytes] = []
    for term_postings in postings:
        blob, terminfo = encode_term(term_postings, *constants)
        blobs.append(blob)
        infos.append(terminfo + pack_long(offset) + pack_int(len(blob)))
        offset += len(blob)
    postfile.write(b"".join(blobs))
    add_rows(fieldwriter._tindex, [prefix + btext for btext in btexts], infos)


#: The hash of the term table's keys: Whoosh's type 1, CRC-32 (its default, MD5, costs ten
#: times as much a key, the same for a reader's look-up). Part of the index's versions.
TERM_TABLE_HASH = 1


def hash_with_crc32(table: OrderedHashWriter) -> None:
    """Make a term table that has no row yet hash its keys with :data:`TERM_TABLE_HASH`: its
    header (written when it was made) says so to every reader."""
    if table.index.array or table.dbfile.tell() != table.startoffset + _HEADER_SIZE:
        raise ValueError("the term table already holds rows")
    dbfile = table.dbfile
    dbfile.seek(table.startoffset + _MAGIC_SIZE)  # the hash type follows the format tag
    dbfile.write_byte(TERM_TABLE_HASH)
    dbfile.seek(table.startoffset + _HEADER_SIZE)
    table.hashtype, table.hashfn = TERM_TABLE_HASH, _hash_functions[TERM_TABLE_HASH]


# HashWriter's header: a format tag, the hash type (a byte) and two unused ints.
_MAGIC_SIZE = 4
_HEADER_SIZE = _MAGIC_SIZE + 1 + 8
_ROW = struct.Struct("!ii")  # filetables._lengths: key and value lengths before each row


def add_rows(table: OrderedHashWriter, keys: Sequence[bytes], values: Sequence[bytes]) -> None:
    """``table.add(key, value)`` for each pair, keys increasing, with one write: the same bytes
    and the same hash buckets (for MD5, Whoosh's hash type 0: its last four bytes, big-endian;
    for CRC-32, type 1: the checksum)."""
    if not keys:
        return
    if keys[0] <= table.lastkey or any(map(operator.ge, keys, keys[1:])):
        raise ValueError(f"keys must increase: {table.lastkey!r}..{keys[0]!r}")
    pack = _ROW.pack
    rows = [pack(len(key), len(value)) + key + value
            for key, value in zip(keys, values, strict=True)]
    dbfile = table.dbfile
    positions = list(itertools.accumulate(map(len, rows[:-1]), initial=dbfile.tell()))
    if table.hashtype == 1:  # crc_hash, without its Python call per key
        hashes = list(map(crc32, keys))
    elif table.hashtype:
        hashes = list(map(table.hashfn, keys))
    else:
        hashes = [int.from_bytes(md5(key).digest()[12:], "big") for key in keys]
    buckets = table.buckets
    for h, pos in zip(hashes, positions, strict=True):
        buckets[h & 255].append((h, pos))
    _extend(table.index, positions)
    dbfile.write(b"".join(rows))
    table.lastkey = keys[-1]


def _extend(index: GrowableArray, positions: list[int]) -> None:
    """``index.append`` of each position (increasing), in one extension: the array is first
    widened as appending the greatest would widen it (the type the greatest needs)."""
    index.append(positions[-1])
    index.array.pop()
    index.array.extend(positions)


_POINTER = struct.Struct("!Iq")  # filetables._pointer: a slot of a bucket's hash table


def write_hash_tables(table: OrderedHashWriter) -> None:
    """``table._write_hashes()`` (run by its ``close``): the same 256 open-addressing tables,
    each filled as Whoosh fills it and written in one write instead of one per slot."""
    dbfile = table.dbfile
    null = (0, 0)  # no row starts at 0 (the header is there)
    for entries in table.buckets:
        numslots = 2 * len(entries)
        table.directory.append((dbfile.tell(), numslots))
        slots = [null] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while slots[slot] != null:
                slot = (slot + 1) % numslots
            slots[slot] = (hashval, position)
        dbfile.write(b"".join(itertools.starmap(_POINTER.pack, slots)))
