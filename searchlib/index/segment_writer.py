"""A Whoosh segment writer fed by the shared analysis, writing each term's postings in one go.

Whoosh's ``SegmentWriter`` runs every field's analyzer over its value, puts every posting in a
pool that it sorts at commit, then asks the segment's length column for the field length of the
document of *every* posting (a column lookup per posting) and feeds the postings one at a time to
the codec's postings writer. :class:`PassageSegmentWriter` overrides two of its methods:

``add_document``
    takes the postings of every indexed field from :class:`~.shared_analysis.SharedAnalysis`
    (what ``FieldType.index`` would give, each text analysed once) and keeps them in memory per
    field and term, in document order (documents come in order), with the document's field
    length, which it knows;
``_flush_segment``
    writes each field's terms in byte order, and each term's postings as blocks of the codec's
    block size, encoded as ``W3PostingsWriter`` encodes them (:func:`write_term`), in one write.

Everything else (the per-document writer: stored fields and length columns; the segment, the
commit, the TOC) is Whoosh's. The files written are byte for byte those Whoosh's own writer
writes for the same documents (``tests/test_segment_writer.py``), so searches and scores cannot
tell the two apart. Only the W3 codec is supported, without term vectors or separate spelling
fields (the passage schema has neither); the whole segment's postings are held in memory, which
for the books is a few tens of MB.
"""

from __future__ import annotations

import operator
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .posting_arrays import write_posting_arrays
from .shared_analysis import PostingItem, SharedAnalysis

__all__ = ["PassageSegmentWriter", "write_term"]

_TERMINFO = W3TermInfo._struct

#: One term's postings, in document order: (docnums, weights, values, field lengths).
TermPostings = tuple[Sequence[int], Sequence[float], Sequence[bytes], Sequence[int]]


def _nonzero(numbers: Sequence[int]) -> Sequence[int]:
    return [n for n in numbers if n] if 0 in numbers else numbers


def write_term(fieldwriter: W3FieldWriter, btext: bytes, postings: TermPostings) -> None:
    """Write one term of the current field with all its postings: the bytes the W3 field
    writer's ``start_term``, ``add`` per posting and ``finish_term`` write, in one go.

    Each block of ``blocklimit`` postings is encoded as ``W3PostingsWriter._write_block`` encodes
    it (a header before the first block; per block its length, negative for the last one, a
    pickled info tuple and the pickled ids, weights and values), and the term's statistics add
    up as ``W3TermInfo.add_block`` adds them. Weights go through float32 as in its buffer. The
    checks are C-level list operations (``in``, ``count``, ``min``): most terms are one short
    block, where Python-level loops would cost more than the pickling.
    """
    all_ids, all_weights, all_values, all_lengths = postings
    codec = fieldwriter._codec
    limit, compression = codec._blocklimit, codec._compression
    fixedsize = fieldwriter._format.fixed_value_size()
    parts = [WHOOSH3_HEADER_MAGIC]
    total_weight: float = 0
    minlength: int | None = None
    maxlength = 0
    maxweight: float = 0
    count = len(all_ids)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        whole = start == 0 and end == count
        ids = all_ids if whole else all_ids[start:end]
        weights = all_weights if whole else all_weights[start:end]
        values = all_values if whole else all_values[start:end]
        lengths = _nonzero(all_lengths if whole else all_lengths[start:end])
        floats = array("f", weights)
        shortest = min(lengths) if lengths else None
        longest = max(lengths) if lengths else 0
        # add_posting raises the block's maximum from 0 only by a greater weight.
        heaviest = max(weights)
        heaviest = heaviest if heaviest > 0 else 0
        total_weight += sum(floats)
        minlength = shortest if minlength is None else min(minlength, shortest)  # type: ignore[type-var]
        maxlength = max(maxlength, longest)
        maxweight = max(maxweight, heaviest)
        # _mini_weights: None when all are 1.0, the one weight when all are equal.
        mini_weights: Any = floats[0] if floats.count(floats[0]) == len(floats) else tuple(floats)
        if mini_weights == 1.0:
            mini_weights = None
        if fixedsize is None or fixedsize < 0:
            mini_values: Any = tuple(v for v in values if v) if b"" in values else tuple(values)
        else:
            mini_values = None if fixedsize == 0 else b"".join(values)
        deltas = tuple(map(operator.sub, ids, [0, *ids[:-1]]))
        data = dumps((deltas, mini_weights, mini_values), 2)
        if compression:
            data = zlib.compress(data, compression)
        info = dumps((end - start, ids[-1], heaviest, compression,
                      length_to_byte(shortest), length_to_byte(longest)), 2)
        size = len(info) + len(data)
        parts += (pack_int(-size if end == count else size), info, data)
    blob = b"".join(parts)
    postfile = fieldwriter._postfile
    offset = postfile.tell()
    postfile.write(blob)
    # W3TermInfo.to_bytes of a term whose postings are not inlined.
    terminfo = _TERMINFO.pack(False, total_weight, count, length_to_byte(minlength),
                              length_to_byte(maxlength), maxweight, all_ids[0], all_ids[-1])
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext,
                            terminfo + pack_long(offset) + pack_int(len(blob)))


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
        # Field → term → its postings, (docnum, weight, value, field length) each.
        self._postings: dict[str, dict[bytes, list[tuple[int, float, bytes, int]]]] = {}

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
        terms = self._postings.setdefault(fieldname, {})
        # The length a reader of the length column gives back (one byte per document).
        stored_length = byte_to_length(length_to_byte(length)) if length else 0
        for btext, _, weight, value in items:
            posting = (docnum, weight * boost, value, stored_length)
            postings = terms.get(btext)
            if postings is None:
                terms[btext] = [posting]
            else:
                postings.append(posting)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for fieldname in sorted(self._postings):
            terms = self._postings[fieldname]
            if not terms:
                continue
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            for btext in sorted(terms):
                ids, weights, values, lengths = zip(*terms[btext], strict=True)
                write_term(fieldwriter, btext, (ids, weights, values, lengths))
            fieldwriter.finish_field()
        fieldwriter.close()
        # The same postings as arrays beside the segment, for searches (.posting_arrays).
        folder = getattr(self.storage, "folder", None)
        if folder:
            write_posting_arrays(Path(folder), self.newsegment.segment_id(), self.schema,
                                 self._postings)
        self._postings = {}
