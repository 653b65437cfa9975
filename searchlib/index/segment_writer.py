"""A Whoosh segment writer fed by the shared analysis, writing each term's postings in one go.

Whoosh's ``SegmentWriter`` runs every field's analyzer over its value, puts every posting in a
pool that it sorts at commit, then asks the segment's length column for the field length of the
document of *every* posting (a column lookup per posting) and feeds the postings one at a time to
the codec's postings writer. :class:`PassageSegmentWriter` overrides two of its methods:

``add_document``
    takes the postings of the shared fields from :class:`~.shared_analysis.SharedAnalysis` (the
    other fields still use ``FieldType.index``) and keeps them in memory per field and term, in
    document order (documents come in order), with the document's field length, which it knows;
``_flush_segment``
    writes each field's terms in byte order, and each term's postings as blocks of the codec's
    block size through ``W3PostingsWriter``'s own block encoding (:func:`write_term`).

Everything else (the per-document writer: stored fields and length columns; the segment, the
commit, the TOC) is Whoosh's. The files written are byte for byte those Whoosh's own writer
writes for the same documents (``tests/test_segment_writer.py``), so searches and scores cannot
tell the two apart. Only the W3 codec is supported, without term vectors or separate spelling
fields (the passage schema has neither); the whole segment's postings are held in memory, which
for the books is a few tens of MB.
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .shared_analysis import PostingItem, SharedAnalysis

__all__ = ["PassageSegmentWriter", "write_term"]

#: One term's postings, in document order: (docnums, weights, values, field lengths).
TermPostings = tuple[list[int], list[float], list[bytes], list[int]]


def write_term(fieldwriter: W3FieldWriter, btext: bytes, postings: TermPostings) -> None:
    """Write one term of the current field with all its postings, as the W3 field writer's
    ``start_term``, ``add`` per posting and ``finish_term`` would.

    The postings writer's buffer is filled a block at a time (what its ``add_posting`` does one
    posting at a time, checks aside): each full block but the last is written, the last one is
    left for ``finish_term``, which writes it as the last block.
    """
    ids, weights, values, lengths = postings
    fieldwriter.start_term(btext)
    writer = fieldwriter._postwriter
    limit = writer._blocklimit
    for start in range(0, len(ids), limit):
        end = start + limit
        block_weights = weights[start:end]
        block_lengths = [n for n in lengths[start:end] if n]
        writer._ids = array("I", ids[start:end])
        writer._weights = array("f", block_weights)
        writer._values = [v for v in values[start:end] if v]
        writer._minlength = min(block_lengths) if block_lengths else None
        writer._maxlength = max(block_lengths) if block_lengths else 0
        # add_posting raises the block's maximum from 0 only by a greater weight.
        heaviest = max(block_weights)
        writer._maxweight = heaviest if heaviest > 0 else 0
        if end < len(ids):
            writer._write_block()
    fieldwriter.finish_term()


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
        if codec is not None and type(codec) is not W3Codec:
            raise ValueError(f"PassageSegmentWriter writes the W3 codec, not {codec!r}")
        for name, field in ix.schema.items():
            if field.vector or (field.indexed and field.separate_spelling()):
                raise ValueError(f"field {name!r}: term vectors and separate spelling fields "
                                 "are not supported")
        super().__init__(ix, **kwargs)
        if type(self.codec) is not W3Codec:  # Whoosh's default codec changed under us
            self.cancel()
            raise ValueError(f"PassageSegmentWriter writes the W3 codec, not {self.codec!r}")
        self._analysis = analysis if analysis is not None else SharedAnalysis(self.schema)
        self._postings: dict[str, dict[bytes, TermPostings]] = {}

    def add_document(self, **fields: Any) -> None:
        """Add one document, as ``SegmentWriter.add_document`` does (same keyword arguments,
        ``_boost``, ``_<field>_boost`` and ``_stored_<field>`` included)."""
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        shared = self._analysis.document(fields)
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
                    items = shared.get(fieldname)
                    if items is None:
                        items = list(field.index(value))
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
            postings = terms.get(btext)
            if postings is None:
                postings = terms[btext] = ([], [], [], [])
            postings[0].append(docnum)
            postings[1].append(weight * boost)
            postings[2].append(value)
            postings[3].append(stored_length)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for fieldname in sorted(self._postings):
            terms = self._postings[fieldname]
            if not terms:
                continue
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            for btext in sorted(terms):
                write_term(fieldwriter, btext, terms[btext])
            fieldwriter.finish_field()
        fieldwriter.close()
        self._postings = {}
