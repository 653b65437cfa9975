"""The BM25F weighting searches rank with, and its formula on arrays: one definition for both sides.

The build scores every posting of a generation once (:mod:`.scored_postings`) and the search scores
what it finds without those scores (:mod:`searchlib.search.engine`); both call these functions, so a
stored score and a computed one are the same number to the last bit. Each is Whoosh's own
(``scoring.bm25``, ``WeightingModel.idf``), the same operations in the same order, applied to
whole arrays: every element is what Whoosh's scorer gives one posting.
"""

from __future__ import annotations

from math import log

from whoosh import scoring

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["WEIGHTING", "field_B", "length_norms", "scores", "term_idf"]

#: BM25F: a strong length normalisation (B) so that the passage *about* a subject, where it recurs
#: in a paragraph of ordinary length, beats a long list that mentions it once.
WEIGHTING = scoring.BM25F(B=0.8, K1=1.2, title_B=0.3, notes_B=0.9, note_variants_B=0.9)


def field_B(weighting: Any, fieldname: str) -> float:
    """The length normalisation ``B`` of ``weighting`` in ``fieldname``."""
    return weighting._field_B.get(fieldname, weighting.B)  # type: ignore[no-any-return]


def term_idf(doc_count: int, postings: int) -> float:
    """Whoosh's idf of a term with ``postings`` documents among ``doc_count``."""
    return log(doc_count / (postings + 1)) + 1


def length_norms(K1: float, B: float, lengths: Any, avgfl: float) -> Any:
    """Each document's length term of BM25F, ``K1 * ((1 - B) + B * fl / avgfl)``: the same for
    every term of a field (``lengths``: each document's length in it, as Whoosh stores it)."""
    return K1 * ((1 - B) + B * lengths / avgfl)


def scores(K1: float, idf: Any, weights: Any, norms: Any) -> Any:
    """The BM25F score of postings of ``weights`` (float64) in documents of length terms
    ``norms``, for terms of ``idf`` (one number, or one per posting)."""
    return idf * ((weights * (K1 + 1)) / (weights + norms))
