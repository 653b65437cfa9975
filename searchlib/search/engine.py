"""Matches and scores a query over whole posting lists at once: every matching passage, exact BM25F.

Evaluates the query trees :mod:`.expand` builds (terms, ``Or``, ``And``, ``AndNot``, phrases,
constant-score filters) on the arrays of :mod:`.postings`: a term is its document numbers and
their BM25F scores, read from the generation's scored postings the build stored
(:mod:`..index.scored_postings`), else computed in one vectorised expression (the same functions,
:mod:`..index.bm25f`); ``Or`` is a union that sums the scores of the clauses that matched, ``And``
an intersection that sums them, ``AndNot`` a difference (:mod:`.matches`).
That is how Whoosh's matchers combine scores, so the ranking is Whoosh's ranking (the tests compare
both), at a fraction of the cost: the total and the facets still count every matching passage.

Phrases check positions only in the documents that hold all their words (:mod:`.phrase_nodes`);
prefixes and fuzzy terms are the bounded words they stand for (:mod:`.budget`). Any other kind of
query (``NOT``, ``*``) is handed to Whoosh's own matcher, whose matches and scores are collected
the same way, so nothing the query language allows is lost.

Each evaluation charges the search's :class:`.budget.Budget`: once it is spent, ``And`` and ``Or``
stop combining further clauses and answer with those evaluated so far.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q
from whoosh.fields import FieldType
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from ..index import bm25f
from ..index.scored_postings import ScoredPostings
from .budget import BoundedFuzzyTerm, BoundedPrefix, Budget
from .matches import NONE as _NONE
from .matches import Matches, intersect, maybe, union
from .nodes import COORD_SCALE, MinShouldMatch, PhraseKey
from .phrase_nodes import PhraseNodes
from .postings import IndexArrays, index_arrays, member

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class FieldTerms:
    """What the engine needs of a field to look a term up in it: the term's bytes in the index,
    and where its scores come from.

    Both depend on the schema, the generation and the weighting only, never on a query: kept
    with the opened index per set of the weighting's parameters (:func:`field_terms`), not asked
    again by every search, field by field (the schema's look-ups, the scored postings' check of
    the weighting). A word of a field whose type encodes text as Whoosh's ``FieldType`` does
    (``TEXT``, ``ID``, ``KEYWORD``: UTF-8) is encoded here, not through that method's type tests.

    :param field: the schema's field, or ``None`` when the schema has none of that name.
    :param stored: the build's scored postings when they hold the weighting's scores in this
        field, else ``None`` (its terms' scores are computed).
    """

    __slots__ = ("scorable", "stored", "to_bytes", "utf8")

    def __init__(self, field: Any, stored: Any) -> None:
        self.stored = stored
        self.to_bytes = None if field is None else field.to_bytes
        #: Whether the field's ``to_bytes`` is ``FieldType``'s, which encodes a ``str`` as UTF-8.
        self.utf8 = getattr(self.to_bytes, "__func__", None) is FieldType.to_bytes
        self.scorable = field is not None and bool(field.scorable)

    def btext(self, text: Any) -> bytes | None:
        """``text`` as the index holds it in this field (``None``: no such field, or a text the
        field cannot hold)."""
        if self.utf8 and type(text) is str:
            try:
                return text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: Whoosh's encoder raises it too
                return None
        if self.to_bytes is None:
            return None
        try:
            return self.to_bytes(text)  # type: ignore[no-any-return]
        except ValueError:
            return None


def field_terms(arrays: IndexArrays, weighting: Any) -> dict[str, FieldTerms]:
    """The :class:`FieldTerms` of each field looked up so far under ``weighting`` (a BM25F), by
    name: one dictionary per opened index and set of the weighting's parameters, filled by the
    engines that search it."""
    key = ("field_terms", type(weighting), weighting.K1, weighting.B,
           tuple(sorted(weighting._field_B.items())))
    return arrays.derived(key, dict)  # type: ignore[no-any-return]


class Engine(PhraseNodes):
    """Evaluates queries on one searcher with one BM25F weighting.

    :param searcher: a searcher of a passage index.
    :param weighting: the :class:`whoosh.scoring.BM25F` whose parameters score the terms.
    :param budget: what the evaluation may spend (a fresh default budget when not given).
    """

    def __init__(self, searcher: Searcher, weighting: Any, budget: Budget | None = None) -> None:
        self.budget = budget or Budget()
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.weighting = weighting
        self.arrays: IndexArrays = index_arrays(self.reader)
        #: The documents of every term looked up, as (field, term, documents): what a partial
        #: evaluation (a spent budget) matched, for its snippets; a list, as they are read only
        #: then (a dictionary's key made and hashed for every term cost more).
        self.looked_up: list[tuple[str, Any, Any]] = []
        self.phrase_words: dict[tuple[str, Any], None] = {}
        #: The documents each phrase evaluated matched, by (field, words, slop): where its
        #: snippets can highlight it (:meth:`.snippets.Highlighter.from_query`).
        self.phrases: dict[PhraseKey, Any] = {}
        #: Per field, its bytes and where its scores come from (kept with the index).
        self._fields = field_terms(self.arrays, weighting)

    def run(self, q: Q.Query) -> Matches:
        """Every document matching ``q``, ascending, with its score."""
        method = getattr(self, "_" + type(q).__name__, None)
        if method is not None:
            found = method(q)
            if found is not None:
                return found
        return self._whoosh(q)

    # -- leaves --------------------------------------------------------------------------------

    def _postings(self, fieldname: str, text: Any) -> tuple[Any, Any, bytes] | None:
        btext = self._btext(fieldname, text)
        if btext is None:
            return None
        ids, weights = self.arrays.postings(self.reader, fieldname, btext)
        return ids, weights, btext

    def _btext(self, fieldname: str, text: Any) -> bytes | None:
        """The indexed form of ``text`` in ``fieldname`` (``None``: no such field or term)."""
        return self._field(fieldname).btext(text)

    def _field(self, fieldname: str) -> FieldTerms:
        """What looking a term up in ``fieldname`` needs (asked once per index and weighting)."""
        found = self._fields.get(fieldname)
        if found is None:
            field = self.schema[fieldname] if fieldname in self.schema else None
            found = self._fields[fieldname] = FieldTerms(
                field, None if field is None else self._stored_scores(fieldname))
        return found

    def _scored(self, fieldname: str, ids: Any, weights: Any, btext: bytes,
                postings: int | None = None) -> Any:
        """Whoosh's BM25F score of each posting (``scoring.bm25``, same operations, same order)
        of the documents ``ids`` (by default every posting of the term: else ``postings`` says
        how many it has)."""
        if not self._field(fieldname).scorable:
            return weights.copy()  # Whoosh's WeightScorer: the weight itself
        idf = self._idf(fieldname, btext, len(ids) if postings is None else postings)
        return bm25f.scores(self.weighting.K1, idf, weights, self._norms(fieldname)[ids])

    def _norms(self, fieldname: str) -> Any:
        """Each document's length term of BM25F in ``fieldname``, ``K1 * ((1 - B) + B * fl /
        avgfl)``: the same for every term of the field, so computed once per index and weighting
        for all documents (element by element the numbers a term's own computation gave)."""
        w = self.weighting
        B = bm25f.field_B(w, fieldname)
        K1 = w.K1

        def norms() -> Any:
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            return bm25f.length_norms(K1, B, self.arrays.lengths(self.reader, fieldname), avgfl)

        return self.arrays.derived(("bm25f_norms", fieldname, type(w), K1, B), norms)

    def _idf(self, fieldname: str, btext: bytes, postings: int) -> float:
        """Whoosh's idf (``WeightingModel.idf``). Its document frequency is the term's number of
        postings, known here: asking the searcher would look the term up again in every segment
        (unless a document is deleted: Whoosh still counts it, and is asked)."""
        if type(self.weighting).idf is not WeightingModel.idf or self.arrays.live(self.reader) \
                is not None:
            return float(self.searcher.idf(fieldname, btext))
        return bm25f.term_idf(self.arrays.doc_count, postings)

    def _term_scores(self, fieldname: str, text: Any, boost: float = 1.0) -> Matches:
        """A term's documents and scores times ``boost``: those the build stored for the
        generation (:mod:`..index.scored_postings`) when they are this weighting's, else
        computed (and kept per index and weighting, see
        :meth:`.postings.IndexArrays.term_scores`)."""
        field = self._fields.get(fieldname) or self._field(fieldname)
        stored = field.stored
        if stored is not None:
            found = stored.asked_scores.get((fieldname, text, boost))  # a method call fewer
            if found is None:
                found = stored.term_scores(fieldname, text, field.btext(text), boost)
            self.looked_up.append((fieldname, text, found[0]))
            return found
        w = self.weighting
        key = (fieldname, text, type(w), w.K1, bm25f.field_B(w, fieldname))

        def compute() -> Matches:
            found = self._postings(fieldname, text)
            if found is None or not len(found[0]):
                return _NONE
            ids, weights, btext = found
            return ids, self._scored(fieldname, ids, weights, btext)

        ids, scores = self.arrays.term_scores(key, compute)
        self.looked_up.append((fieldname, text, ids))
        return ids, scores * boost if boost != 1.0 else scores

    def _stored_scores(self, fieldname: str) -> ScoredPostings | None:
        """The build's scored postings when they hold this weighting's scores in ``fieldname``."""
        stored = self.arrays.scored(self.reader)
        if stored is None or not stored.scores_for(fieldname, self.weighting):
            return None
        return stored

    def _Term(self, q: Q.Term) -> Matches:
        self.budget.spend(1)
        return self._term_scores(q.fieldname, q.text, q.boost)

    def _ConstantScoreQuery(self, q: Q.ConstantScoreQuery) -> Matches | None:
        ids, _ = self.run(q.child)
        # Whoosh's ListMatcher reads a constant weight of 0.0 as "none given", i.e. 1.0: a filter
        # adds 1 to every hit's score (the order is unchanged); kept so both paths agree.
        return ids, np.full(len(ids), float(q.score) or 1.0)

    def _BoundedFuzzyTerm(self, q: BoundedFuzzyTerm) -> Matches | None:
        return self.run(q.rewritten(self.reader))

    def _BoundedPrefix(self, q: BoundedPrefix) -> Matches | None:
        return self.run(q.rewritten(self.reader))

    # -- compounds -----------------------------------------------------------------------------

    def _Or(self, q: Q.Or) -> Matches | None:
        if not _plain(q):
            return None
        found: list[Matches] = []
        self._gather(q.subqueries, found)
        if not found:
            return _NONE
        if len(found) == 1:
            ids, scores = found[0]
        else:
            ids, scores = union(found, self.arrays.doc_count)
        return ids, scores * q.boost if q.boost != 1.0 else scores

    def _gather(self, subqueries: list[Q.Query], found: list[Matches]) -> None:
        """Append to ``found`` the non-empty matches of each clause in turn, until the budget is
        spent.

        A clause that is a plain ``Or`` met before any match adds its own clauses' matches
        instead (at any depth): its sum would start from zero, as ours does, so one union adds
        the same numbers in the same order. A later one is summed apart: floating-point
        addition is not associative (``a + (b + c)`` may differ from ``(a + b) + c``).
        """
        for sub in subqueries:
            if self.budget.exhausted:
                return
            kind = type(sub)
            if kind is Q.Term:  # the commonest clause: straight to its method
                m = self._Term(sub)  # type: ignore[arg-type]
            elif kind is Q.Or and not found and sub.boost == 1.0 and _plain(sub):  # type: ignore[arg-type]
                self._gather(sub.subqueries, found)  # type: ignore[attr-defined]
                continue
            else:
                m = self.run(sub)
            if len(m[0]):
                found.append(m)

    def _MinShouldMatch(self, q: MinShouldMatch) -> Matches | None:
        """At least ``minmatch`` clauses; more clauses first, then the BM25F sum (see
        :class:`.nodes.MinShouldMatch`)."""
        found = [m for m in self._each(q.subqueries) if len(m[0])]
        needed = q.minmatch
        if self.budget.exhausted:  # a partial answer: what the clauses evaluated found
            needed = min(needed, max(1, len(found)))
        if len(found) < needed:
            return _NONE
        ids, inverse, counts = np.unique(np.concatenate([m[0] for m in found]),
                                         return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, weights=np.concatenate([m[1] for m in found]))
        keep = counts >= needed
        sums = sums[keep]
        return ids[keep], (counts[keep] + sums / (sums + COORD_SCALE)) * q.boost

    def _And(self, q: Q.And) -> Matches | None:
        if _negated(q.subqueries):
            return None
        ids, scores = self.run(q.subqueries[0])
        for sub in q.subqueries[1:]:
            # Nothing left to intersect: the next clauses are not evaluated (nor charged).
            if not len(ids):
                return _NONE
            if self.budget.exhausted:
                break
            ids, scores = intersect((ids, scores), self.run(sub))
        return ids, scores * q.boost if q.boost != 1.0 else scores

    def _AndNot(self, q: Q.AndNot) -> Matches | None:
        if q.boost != 1.0:
            return None
        ids, scores = self.run(q.a)
        if not len(ids):
            return _NONE
        out, _ = self.run(q.b)
        keep = ~member(ids, out)
        return ids[keep], scores[keep]

    def _AndMaybe(self, q: Q.AndMaybe) -> Matches | None:
        if q.boost != 1.0:
            return None
        found = self.run(q.a)
        if not len(found[0]):
            return _NONE
        return maybe(found, self.run(q.b))

    def _NullQuery(self, q: Q.Query) -> Matches:
        return _NONE

    def _each(self, subqueries: list[Q.Query]) -> Any:
        """The matches of each clause in turn, until the budget is spent."""
        for sub in subqueries:
            if self.budget.exhausted:
                return
            yield self.run(sub)

    # -- anything else -------------------------------------------------------------------------

    def _whoosh(self, q: Q.Query) -> Matches:
        self.budget.spend(sum(1 for _ in q.leaves()) or 1)
        return whoosh_matches(self.searcher, q, self.weighting)

    def prepare(self, fieldnames: tuple[str, ...], searched: tuple[str, ...] = ()) -> None:
        """Compute the BM25F length terms of each scored field of ``fieldnames``, and what
        looking a term up needs (:class:`FieldTerms`) in each field of both, now, as opening a
        searcher ready to answer does (:mod:`.ready`), not in the first query that asks."""
        for fieldname in searched + fieldnames:
            self._field(fieldname)
        for fieldname in fieldnames:
            if fieldname in self.schema and self.schema[fieldname].scorable:
                self._norms(fieldname)


def _plain(q: Q.Or) -> bool:
    """Whether the engine sums ``q`` as a union (Whoosh evaluates a scaled or minimum-match
    ``Or``, and one holding a ``Not``)."""
    return not (q.minmatch or q.scale or _negated(q.subqueries))


def _negated(subqueries: list[Q.Query]) -> bool:
    """Whether a clause of ``subqueries`` is a ``Not`` (left to Whoosh)."""
    for sub in subqueries:  # a loop: a generator's frames cost more than the test
        if isinstance(sub, Q.Not):
            return True
    return False


def whoosh_matches(searcher: Searcher, q: Q.Query, weighting: Any) -> Matches:
    """Every match of ``q`` and its score by Whoosh's own matchers (the reference of the engine).

    Used for the kinds of query :class:`Engine` does not evaluate itself, and by the tests that
    check both give the same matches and scores.
    """
    context = searcher.context(weighting=weighting, needs_current=True)
    ids: list[int] = []
    scores: list[float] = []
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, context)
        while m.is_active():
            ids.append(m.id() + offset)
            scores.append(m.score())
            m.next()
    if not ids:
        return _NONE
    order = np.argsort(np.array(ids, dtype=np.int64), kind="stable")
    return np.array(ids, dtype=np.int64)[order], np.array(scores, dtype=np.float64)[order]
