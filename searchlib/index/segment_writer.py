"""A Whoosh segment writer fed by the shared analysis, writing each term's postings in one go.

Whoosh's ``SegmentWriter`` runs every field's analyzer over its value, puts every posting in a
pool that it sorts at commit, then asks the segment's length column for the field length of the
document of *every* posting (a column lookup per posting) and feeds the postings one at a time to
the codec's postings writer. :class:`PassageSegmentWriter` overrides two of its methods:

``add_document``
    takes the postings of every indexed field from :class:`~.shared_analysis.SharedAnalysis`
    (what ``FieldType.index`` would give, each text analysed once) and keeps them in memory per
    field, as parallel lists in document order (documents come in order), with the document's
    field length, which it knows;
``_flush_segment``
    sorts each field's postings by term (a stable sort: each term's stay in document order),
    and writes its terms in byte order, each term's postings as blocks of the codec's block
    size, encoded as ``W3PostingsWriter`` encodes them (:func:`encode_term`): the field's
    postings in one write, its rows of the term table in another (:func:`add_rows`).

Everything else (the per-document writer: stored fields and length columns; the segment, the
commit, the TOC) is Whoosh's. The files written are byte for byte those Whoosh's own writer
writes for the same documents (``tests/test_segment_writer.py``), so searches and scores cannot
tell the two apart. Only the W3 codec is supported, without term vectors or separate spelling
fields (the passage schema has neither); the whole segment's postings are held in memory, which
for the books is a few tens of MB.
"""

from __future__ import annotations

import functools
import itertools
import operator
import struct
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from hashlib import md5
from itertools import accumulate, repeat
from pathlib import Path
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .posting_arrays import FieldPostings, write_posting_arrays
from .shared_analysis import PostingItem, SharedAnalysis

__all__ = ["PassageSegmentWriter", "add_rows", "encode_term", "write_hash_tables", "write_field",
           "write_term", "write_terms"]

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
    # No empty bytes in the values (left out above; a fixed size is > 0): protocol 2 writes
    # each one as _codecs.encode(...), which fix_imports leaves unchanged, at a third of the
    # cost (it maps only an empty one's builtins.bytes to __builtin__.bytes).
    data = dumps((deltas, mini_weights, mini_values), 2, fix_imports=False)
    if compression:
        data = zlib.compress(data, compression)
    info = dumps((len(ids), ids[-1], heaviest, compression,
                  _length_byte(shortest), _length_byte(longest)), 2)
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


#: A term's row in the term table: ``W3TermInfo`` (not inlined), its postings' offset, length.
_TERM_ROW = struct.Struct("!BfIBBfIIqi")


def write_field(fieldwriter: W3FieldWriter, field: FieldPostings, lengths: Sequence[int]) -> None:
    """:func:`write_terms` for a whole field given as columns (:class:`FieldPostings`, and each
    posting's field length): the same bytes, most of the work done once per column in C.

    Per column: weights through float32, document gaps, whether lengths or values hold a zero or
    an empty value. Per term (most are one block), only the two pickles and a few slices; a term
    of several blocks, or a compressed field, goes through :func:`encode_term`.
    """
    btexts, bounds, docnums, weights, values = field
    codec = fieldwriter._codec
    blocklimit, compression = codec._blocklimit, codec._compression
    fixedsize = fieldwriter._format.fixed_value_size()
    if compression or not btexts:
        write_terms(fieldwriter, btexts, (
            (docnums[a:b], weights[a:b], values[a:b], lengths[a:b])
            for a, b in itertools.pairwise(bounds)))
        return
    floats = array("f", weights).tolist()
    # The block's greatest weight is taken before float32: the same list when that changes none.
    raw = floats if floats == weights else weights
    # Each posting's document minus the one before it in its term (the first: minus 0).
    before = [0, *docnums[:-1]]
    for a in bounds[:-1]:
        before[a] = 0
    gaps = list(map(operator.sub, docnums, before))
    zero_free = 0 not in lengths
    no_lengths = not zero_free and not any(lengths)
    variable = fixedsize is None or fixedsize < 0
    empty_free = not variable or b"" not in values
    simple = (zero_free or no_lengths) and empty_free
    postfile = fieldwriter._postfile
    offset = postfile.tell()
    prefix = pack_ushort(fieldwriter._fieldid)
    pieces: list[bytes] = []  # the field's postings, end to end
    rows: list[bytes] = []
    magic = WHOOSH3_HEADER_MAGIC
    for a, b in itertools.pairwise(bounds):
        count = b - a
        if count == 1 and simple:  # a term in one document: most of them, nothing to compare
            weight, heaviest, last = floats[a], raw[a], docnums[a]
            if not heaviest > 0:
                heaviest = 0
            length_byte = 0 if no_lengths else _length_byte(lengths[a])
            value = values[a]
            data = dumps(((gaps[a],), None if weight == 1.0 else weight,
                          (value,) if variable else None if fixedsize == 0 else value),
                         2, fix_imports=False)
            info = dumps((1, last, heaviest, 0, length_byte, length_byte), 2)
            size = len(info) + len(data)
            pieces += (magic, pack_int(-size), info, data)
            rows.append(_TERM_ROW.pack(False, weight, 1, length_byte, length_byte, heaviest,
                                       last, last, offset, size + 8))
            offset += size + 8
            continue
        if count > blocklimit or not simple:
            blob, terminfo = encode_term(
                (docnums[a:b], weights[a:b], values[a:b], lengths[a:b]), blocklimit, 0, fixedsize)
            pieces.append(blob)
            rows.append(terminfo + pack_long(offset) + pack_int(len(blob)))
            offset += len(blob)
            continue
        ws = floats[a:b]
        first = ws[0]
        mini_weights: Any = (None if first == 1.0 else first) if ws.count(first) == count \
            else tuple(ws)
        heaviest = max(raw[a:b])
        if not heaviest > 0:
            heaviest = 0
        if no_lengths:
            short_byte = long_byte = 0
        else:
            block_lengths = lengths[a:b]
            short_byte = _length_byte(min(block_lengths))
            long_byte = _length_byte(max(block_lengths))
        if variable:
            mini_values: Any = tuple(values[a:b])
        else:
            mini_values = None if fixedsize == 0 else b"".join(values[a:b])
        last = docnums[b - 1]
        data = dumps((tuple(gaps[a:b]), mini_weights, mini_values), 2, fix_imports=False)
        info = dumps((count, last, heaviest, 0, short_byte, long_byte), 2)
        size = len(info) + len(data)
        pieces += (magic, pack_int(-size), info, data)
        rows.append(_TERM_ROW.pack(False, sum(ws), count, short_byte, long_byte, heaviest,
                                   docnums[a], last, offset, size + 8))
        offset += size + 8
    postfile.write(b"".join(pieces))
    add_rows(fieldwriter._tindex, [prefix + btext for btext in btexts], rows)


_ROW = struct.Struct("!ii")  # filetables._lengths: key and value lengths before each row


def add_rows(table: OrderedHashWriter, keys: Sequence[bytes], values: Sequence[bytes]) -> None:
    """``table.add(key, value)`` for each pair, keys increasing, with one write: the same bytes
    and the same hash buckets (MD5, Whoosh's hash type 0: its last four bytes, big-endian)."""
    if not keys:
        return
    if keys[0] <= table.lastkey or any(map(operator.ge, keys, keys[1:])):
        raise ValueError(f"keys must increase: {table.lastkey!r}..{keys[0]!r}")
    hashfn = table.hashfn if table.hashtype else None
    dbfile = table.dbfile
    pos = dbfile.tell()
    buckets = table.buckets
    index = table.index
    rows = []
    for key, value in zip(keys, values, strict=True):
        row = _ROW.pack(len(key), len(value)) + key + value
        h = hashfn(key) if hashfn else int.from_bytes(md5(key).digest()[12:], "big")
        buckets[h & 255].append((h, pos))
        index.append(pos)
        rows.append(row)
        pos += len(row)
    dbfile.write(b"".join(rows))
    table.lastkey = keys[-1]


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


def _picked(column: Sequence[Any], order: Sequence[int]) -> list[Any]:
    return list(map(column.__getitem__, order))


class PassageSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` with the shared analysis and per-term posting writing.

    :param ix: the index (``FileIndex``) to write a new segment of.
    :param analysis: the shared analysis (one per build: its memory of words is reused across
        segments); a new one when omitted.
    :param kwargs: ``SegmentWriter``'s own (``codec``, ``compound``, ...); the codec must be a
        ``W3Codec``.
    """

    def __init__(self, ix: Any, analysis: SharedAnalysis | None = None, **kwargs: Any) -> None:
        # Checked before the base class opens the segment's files and takes the lock.
        codec = kwargs.get("codec")
        if codec is not None and (type(codec) is not W3Codec or codec._inlinelimit > 1):
            raise ValueError(f"PassageSegmentWriter writes the W3 codec without inlined "
                             f"postings, not {codec!r}")
        for name, field in ix.schema.items():
            if field.vector or (field.indexed and field.separate_spelling()):
                raise ValueError(f"field {name!r}: term vectors and separate spelling fields "
                                 "are not supported")
        super().__init__(ix, **kwargs)
        if type(self.codec) is not W3Codec or self.codec._inlinelimit > 1:
            # Whoosh's default codec changed under us, or postings would be inlined in the terms.
            self.cancel()
            raise ValueError(f"PassageSegmentWriter writes the W3 codec without inlined "
                             f"postings, not {self.codec!r}")
        self._analysis = analysis if analysis is not None else SharedAnalysis(self.schema)
        # Field → its postings in document order, as parallel lists: (terms, docnums, weights,
        # values, field lengths). Sorted by term only at the flush (a stable sort keeps each
        # term's postings in document order).
        self._postings: dict[str, tuple[list[bytes], list[int], list[float], list[bytes],
                                        list[int]]] = {}

    def add_document(self, **fields: Any) -> None:
        """Add one document, as ``SegmentWriter.add_document`` does (same keyword arguments,
        ``_boost``, ``_<field>_boost`` and ``_stored_<field>`` included)."""
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        postings = self._analysis.document(fields)
        perdocwriter = self.perdocwriter
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    items = postings[fieldname]
                    if field.scorable:
                        length = sum(item[1] for item in items)
                    self._add_postings(fieldname, docnum, items,
                                       self._field_boost(fields, fieldname, docboost), length)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None,
                                       length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, fieldname: str, docnum: int, items: list[PostingItem],
                      boost: float, length: int) -> None:
        if not items:
            return
        columns = self._postings.get(fieldname)
        if columns is None:
            columns = self._postings[fieldname] = ([], [], [], [], [])
        terms, docnums, weights, values, lengths = columns
        btexts, _, item_weights, item_values = zip(*items, strict=True)
        terms += btexts
        docnums += repeat(docnum, len(items))
        weights += item_weights if boost == 1.0 else [w * boost for w in item_weights]
        values += item_values
        # The length a reader of the length column gives back (one byte per document).
        lengths += repeat(byte_to_length(length_to_byte(length)) if length else 0, len(items))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        ordered: dict[str, FieldPostings] = {}
        for fieldname in sorted(self._postings):
            terms, docnums, weights, values, lengths = self._postings[fieldname]
            # C-level passes over the postings; Python only per term. The postings are sorted
            # on each term's rank (ints compare faster than bytes).
            counts = Counter(terms)
            btexts = sorted(counts)
            rank = dict(zip(btexts, itertools.count()))
            order = sorted(range(len(terms)), key=list(map(rank.__getitem__, terms)).__getitem__)
            docnums, weights = _picked(docnums, order), _picked(weights, order)
            values, lengths = _picked(values, order), _picked(lengths, order)
            bounds = list(accumulate(map(counts.__getitem__, btexts), initial=0))
            ordered[fieldname] = FieldPostings(btexts, bounds, docnums, weights, values)
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            write_field(fieldwriter, ordered[fieldname], lengths)
            fieldwriter.finish_field()
        table = fieldwriter._tindex
        table._write_hashes = functools.partial(write_hash_tables, table)
        fieldwriter.close()
        # The same postings as arrays beside the segment, for searches (.posting_arrays).
        folder = getattr(self.storage, "folder", None)
        if folder:
            write_posting_arrays(Path(folder), self.newsegment.segment_id(), self.schema,
                                 ordered)
        self._postings = {}
