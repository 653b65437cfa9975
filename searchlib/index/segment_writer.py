"""A Whoosh segment writer fed by the shared analysis, writing each term's postings in one go.

Whoosh's ``SegmentWriter`` runs every field's analyzer over its value, puts every posting in a
pool that it sorts at commit, then asks the segment's length column for the field length of the
document of *every* posting (a column lookup per posting) and feeds the postings one at a time to
the codec's postings writer. :class:`PassageSegmentWriter` overrides two of its methods:

``add_document``
    takes every indexed field from :class:`~.shared_analysis.SharedAnalysis`, each text analysed
    once: a field sharing the analysis of words as its words' ids, kept per field
    (:class:`~.word_postings.FieldWords`); any other as its postings (what ``FieldType.index``
    gives), kept per field as parallel lists in document order (documents come in order); each
    with the document's field length, which it knows;
``_flush_segment``
    groups each field's words into postings (:mod:`.word_postings`), or sorts its postings by
    term (a stable sort: each term's stay in document order), and writes its terms in byte
    order, each term's postings as blocks of the codec's block size, encoded as
    ``W3PostingsWriter`` encodes them (:mod:`.field_blocks`: ``write_field``): the field's
    postings in one write, its rows of the term table in another.

Everything else (the per-document writer: stored fields and length columns; the segment, the
commit, the TOC) is Whoosh's. The files written are byte for byte those Whoosh's own writer
writes for the same documents but for the postings blocks' pickle protocol, which
``pickle.loads`` reads back to the same tuples, and the term table's hash type, which its
header names (:mod:`.term_writer`; ``tests/test_segment_writer.py``), so searches and scores
cannot tell the two apart. Only the W3 codec is supported, without term
vectors or separate spelling fields (the passage schema has neither); the whole segment's
postings are held in memory, which for the books is a few tens of MB.
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

from .columns import write_columns
from .field_blocks import write_field
from .posting_arrays import FieldPostings, write_posting_arrays
from .shared_analysis import PostingItem, SharedAnalysis, ValueWords
from .term_writer import hash_with_crc32, write_hash_tables
from .word_postings import FieldWords

__all__ = ["PassageSegmentWriter"]

#: A posting item's frequency (summed in C for the field length).
_FREQUENCY = operator.itemgetter(1)


def _read_back(length: int) -> int:
    """The field length a reader of the length column gives back (one byte per document)."""
    return byte_to_length(length_to_byte(length)) if length else 0


def _picked(column: Sequence[Any], order: Sequence[int]) -> list[Any]:
    return list(map(column.__getitem__, order))


class PassageSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` with the shared analysis and per-term posting writing.

    :param ix: the index (``FileIndex``) to write a new segment of.
    :param analysis: the shared analysis (one per build: its memory of words is reused across
        segments); a new one when omitted.
    :param columns: the fields whose facet columns it writes beside each segment
        (:mod:`.columns`), from the postings it holds.
    :param kwargs: ``SegmentWriter``'s own (``codec``, ``compound``, ...); the codec must be a
        ``W3Codec``.
    """

    def __init__(self, ix: Any, analysis: SharedAnalysis | None = None,
                 columns: tuple[str, ...] = (), **kwargs: Any) -> None:
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
        hash_with_crc32(self.fieldwriter._tindex)
        self._analysis = analysis if analysis is not None else SharedAnalysis(self.schema)
        self._columns = columns
        # Field → its postings in document order, as parallel lists: (terms, docnums, weights,
        # values, field lengths). Sorted by term only at the flush (a stable sort keeps each
        # term's postings in document order).
        self._postings: dict[str, tuple[list[bytes], list[int], list[float], list[bytes],
                                        list[int]]] = {}
        # Fields sharing the analysis of words: their values as words, grouped at the flush.
        self._words: dict[str, FieldWords] = {}

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
                    entry = postings[fieldname]
                    boost = self._field_boost(fields, fieldname, docboost)
                    if isinstance(entry, ValueWords):
                        length = entry.length if field.scorable else 0
                        words = self._words.get(fieldname)
                        if words is None:
                            words = self._words[fieldname] = FieldWords(field.format)
                        words.add(docnum, entry, boost, _read_back(length))
                    else:
                        if field.scorable:
                            length = sum(map(_FREQUENCY, entry))
                        self._add_postings(fieldname, docnum, entry, boost, length)
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
        lengths += repeat(_read_back(length), len(items))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        ordered: dict[str, FieldPostings] = {}
        for fieldname in sorted({*self._postings, *self._words}):
            grouped = (self._words[fieldname].postings() if fieldname in self._words
                       else self._sorted(fieldname))
            if grouped is None:
                continue
            ordered[fieldname], lengths = grouped
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            write_field(fieldwriter, ordered[fieldname], lengths)
            fieldwriter.finish_field()
        table = fieldwriter._tindex
        table._write_hashes = functools.partial(write_hash_tables, table)
        fieldwriter.close()
        # The partial holds the table that holds it: let go of it, so that the table's rows
        # (a tuple a term) are freed with the writer, not left to the paused cyclic collector.
        del table._write_hashes
        # The same postings as arrays beside the segment, for searches (.posting_arrays), and
        # the facet columns.
        folder = getattr(self.storage, "folder", None)
        if folder:
            segment_id = self.newsegment.segment_id()
            write_posting_arrays(Path(folder), segment_id, self.schema, ordered)
            write_columns(Path(folder), segment_id, ordered, self._columns)
        self._postings = {}
        self._words = {}

    def _sorted(self, fieldname: str) -> tuple[FieldPostings, Sequence[int]]:
        """A field's postings (of its own analysis) sorted by term, and their field lengths."""
        terms, docnums, weights, values, lengths = self._postings[fieldname]
        # C-level passes over the postings; Python only per term. The postings are sorted on
        # each term's rank (ints compare faster than bytes).
        counts = Counter(terms)
        btexts = sorted(counts)
        rank = dict(zip(btexts, itertools.count()))
        order = sorted(range(len(terms)), key=list(map(rank.__getitem__, terms)).__getitem__)
        docnums, weights = _picked(docnums, order), _picked(weights, order)
        values, lengths = _picked(values, order), _picked(lengths, order)
        bounds = list(accumulate(map(counts.__getitem__, btexts), initial=0))
        return FieldPostings(btexts, bounds, docnums, weights, values), lengths
