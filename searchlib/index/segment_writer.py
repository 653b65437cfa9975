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
    size, encoded as ``W3PostingsWriter`` encodes them (:mod:`.term_writer`: ``write_field``):
    the field's postings in one write, its rows of the term table in another.

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
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .posting_arrays import FieldPostings, write_posting_arrays
from .shared_analysis import PostingItem, SharedAnalysis
from .term_writer import write_field, write_hash_tables

__all__ = ["PassageSegmentWriter"]

#: A posting item's frequency (summed in C for the field length).
_FREQUENCY = operator.itemgetter(1)


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
                        length = sum(map(_FREQUENCY, items))
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
