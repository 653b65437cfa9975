"""What the tables a build computes for a whole generation under one weighting share: opened
only for the segments they were computed for, read only for that weighting.

The scored postings (:mod:`.scored_postings`) and the stored phrases (:mod:`.stored_phrases`)
hold numbers that depend on every segment of the generation (document frequencies, field
lengths) and on the weighting's parameters. Each is written by :func:`.mapped.write_arrays` with
a meta naming the segments (ids and document counts, in the reader's order), the weighting's
``K1`` and each field's ``B`` (``None``: a field not scored, whose weights are its scores).
:meth:`GenerationTable.open` maps one back for a reader of those very segments, without
deletions (its statistics would count the deleted documents); :meth:`GenerationTable.scores_for`
says whether a weighting is the one stored, field by field.
"""

from __future__ import annotations

from whoosh.scoring import WeightingModel

from .bm25f import field_B
from .doc_tables import segment_list
from .layout import segment_files
from .mapped import map_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, Self

__all__ = ["GenerationTable", "weighting_meta"]


def weighting_meta(segments: list[list[Any]], weighting: Any,
                   fields: dict[str, float | None]) -> dict[str, Any]:
    """The meta of a table computed on ``segments`` (:func:`.doc_tables.segment_list`) under
    ``weighting``, for ``fields`` (each one's ``B``; ``None``: not scored)."""
    return {"segments": segments, "K1": weighting.K1, "fields": fields}


class GenerationTable:
    """A table stored for a whole generation under one weighting (a base: a table's class names
    its files' stem and arrays in :attr:`STEM` and :attr:`ARRAYS`; made of those arrays and the
    meta, from which ``_K1`` and ``_fields`` are set)."""

    STEM: ClassVar[str]
    ARRAYS: ClassVar[tuple[str, ...]]
    _K1: float
    _fields: dict[str, float | None]

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
        self._K1 = meta["K1"]
        self._fields = meta["fields"]

    @classmethod
    def open(cls, reader: Any) -> Self | None:
        """The table stored for the segments ``reader`` reads, or ``None`` when there is none
        for them (or the index has deletions: its statistics count the deleted documents)."""
        segments = segment_list(reader)
        if not segments or reader.has_deletions():
            return None
        found = map_arrays(segment_files(reader.leaf_readers()[0][0])[0],  # type: ignore[index]
                           cls.STEM, cls.ARRAYS)
        if found is None or found[1].get("segments") != segments:
            return None
        try:
            return cls(*found)
        except (KeyError, TypeError, ValueError):
            return None

    def scores_for(self, fieldname: str, weighting: Any) -> bool:
        """Whether the scores stored for ``fieldname`` are those ``weighting`` gives."""
        if fieldname not in self._fields:
            return False
        B = self._fields[fieldname]
        return B is None or (type(weighting).idf is WeightingModel.idf
                             and weighting.K1 == self._K1 and field_B(weighting, fieldname) == B)
