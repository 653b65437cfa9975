"""Ranked passage search: parse, expand, score (BM25F), page, snippets, facets, suggestions.

The pipeline of one query: :mod:`.query` parses what the reader typed (never failing) into Whoosh
clauses built by :mod:`.expand` (French analysis, spelling variants, synonyms); every matching
passage is scored once (so the total and the facets are exact), the page asked for is cut from the
ranking, :mod:`.snippets` highlights it from the stored character offsets, :mod:`.facets` counts
the matches per book, chapter, source domain and year, and :mod:`.suggest` proposes real words
when the query finds little. Nothing is cached between queries but index structures and, per
generation, the rendered snippets (:class:`.snippets.SnippetCache`).

Use::

    from searchlib.index import open_live
    from searchlib.search import ready_searcher, search

    generation = open_live(Path("index"))
    with ready_searcher(generation) as searcher:
        results = search(searcher, "Kostanay tracteurs", corpus_dir=generation.corpus_dir)

:func:`.ready.ready_searcher` opens a searcher with what a search reads from the index already
read (:mod:`.ready`): any searcher answers, but another one's first search reads it.
"""

from __future__ import annotations

import gc

from ..quick_loading import uncompiled_named_tuples

# Importing a search loads some 300 modules (numpy's, Whoosh's, searchlib's) whose objects live as
# long as the process: on the way the collector would scan them some 60 times (15 ms of a 0.2 s
# cold start) and free nothing. It is paused for these imports; then the objects are frozen
# (moved out of its generations): no collection scans them again, neither the one the first
# query's allocations trigger nor the full ones at interpreter exit (which took 30 ms more).
# Meanwhile the named tuples they define (inspect's, dis's, numpy's, msgpack's, searchlib's)
# get their ``__new__`` without compiling its source (:mod:`searchlib.quick_loading`: 1 ms).
_collecting = gc.isenabled()
gc.disable()
try:
    with uncompiled_named_tuples():
        from pathlib import Path

        import numpy as np
        from whoosh import query as Q
        from whoosh.searching import Searcher

        from ..config import Config
        from ..index.bm25f import WEIGHTING
        from ..index.display import Passage, display_record
        from .budget import BUSY_MESSAGE, HEAVY_LANE, SPENT_MESSAGE, Budget
        from .engine import Engine
        from .expand import Expander
        from .expanders import expander_for
        from .facets import facet_counts
        from .gc_policy import settle
        from .postings import index_arrays, member
        from .query import ParsedQuery, filter_query, parse, render
        from .ready import ready_searcher
        from .results import FacetValue, FootnoteRef, Hit, SearchResults
        from .snippets import HIGHLIGHT_FIELDS, Highlighter, cut_snippets
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Budget", "FacetValue", "FootnoteRef", "Hit", "SearchResults", "WEIGHTING",
           "ready_searcher", "search"]

#: The settings of a search not given any (frozen: one for every search).
_DEFAULT_CONFIG = Config()

#: Below this many matches a "did you mean" suggestion is looked for.
SUGGEST_BELOW = 3

#: Unknown words of one query a "did you mean" looks at, at most (each walks an automaton).
MAX_SUGGESTED = 4

#: Up to this many matches per hit kept, they are sorted whole: cheaper than finding the best
#: first (three more array operations) when they are a few hundred.
SORT_ALL = 16

#: Told to the reader when the query typed found nothing and its correction was searched.
_CORRECTED_MESSAGE = (
    "Aucun passage ne contient les mots tapés : voici ceux de la requête corrigée."
)

#: Told to the reader when words joined by a dash were found apart.
_APART_MESSAGE = (
    "Aucun passage ne contient ces mots liés par un tiret : voici ceux qui les contiennent."
)

#: Told to the reader (in French, like every message of a search) when AND fell back to OR.
_FALLBACK_MESSAGE = (
    "Aucun passage ne contient tous les mots ; voici ceux qui en contiennent au moins un."
)


def _match(engine: Engine, q: Q.Query, keep: int,
           order: Any = None) -> tuple[list[tuple[float, int]], Any]:
    """Every passage matching ``q`` (docnums) and the ``keep`` best as (score, docnum); with
    ``order`` (a key per docnum, smaller first), the ``keep`` first in that order instead."""
    ids, scores = engine.run(q)
    if order is not None:
        return _first_in(order, ids, scores, keep), ids
    # Ties keep reading order: the smaller docnum wins. The matches come in docnum order, so a
    # stable sort of the scores alone keeps it (``np.lexsort`` of both keys cost up to a third
    # more, and numpy's functions a Python dispatch their array methods do without).
    if len(ids) > SORT_ALL * keep:  # the few best found first, then sorted
        kth = np.partition(scores, len(scores) - keep)[len(scores) - keep]
        candidates = (scores >= kth).nonzero()[0]
        order = candidates[(-scores[candidates]).argsort(kind="stable")][:keep]
    else:
        order = (-scores).argsort(kind="stable")[:keep]
    return list(zip(scores[order].tolist(), ids[order].tolist(), strict=True)), ids


def _first_in(order: Any, ids: Any, scores: Any, keep: int) -> list[tuple[float, int]]:
    """The ``keep`` matches whose keys in ``order`` come first (ties: the smaller docnum)."""
    keys = np.asarray(order)[ids]
    if len(ids) > keep:
        kth = np.partition(keys, keep - 1)[keep - 1]
        candidates = np.nonzero(keys <= kth)[0]
    else:
        candidates = np.arange(len(ids))
    chosen = candidates[np.lexsort((ids[candidates], keys[candidates]))][:keep]
    return list(zip(scores[chosen].tolist(), ids[chosen].tolist(), strict=True))


def _suggestion(reader: Any, query: str, parsed: ParsedQuery, expander: Expander) -> Any:
    """``query`` with its words the books lack replaced by their closest words
    (:class:`.suggest.Suggestion`); ``None`` when there is nothing to suggest."""
    unknown = [w for w in parsed.words if not expander.known(w, reader)]
    if not unknown:
        return None
    from .suggest import suggestion  # here: most searches find enough, and never suggest

    return suggestion(reader, query, unknown[:MAX_SUGGESTED])


def _with_filters(q: Q.Query, filters: dict[str, str] | None) -> Q.Query:
    if not filters:
        return q
    extra = [f for f in (filter_query(k, v) for k, v in filters.items() if v) if f]
    return Q.And([q, *extra]) if extra else q


def _hit(passage: Passage, score: float, snippet: str) -> Hit:
    """A hit from a passage's display record (its footnotes the record's own)."""
    id, book, chapter, page, text, notes = passage
    return Hit(id, book, int(chapter) if chapter and chapter.isdigit() else None, page, text,
               snippet, score, list(notes))


def search(
    searcher: Searcher,
    query: str,
    *,
    page: int = 1,
    page_len: int = 10,
    filters: dict[str, str] | None = None,
    corpus_dir: Path | None = None,
    config: Config | None = None,
    budget: Budget | None = None,
    order: Any = None,
) -> SearchResults:
    """Search the passages for ``query``; a malformed query gives a result with a message.

    :param searcher: a searcher of a passage index, best opened by :func:`.ready.ready_searcher`
        (a searcher opened otherwise answers too; its first search reads what that prepares).
    :param query: what the reader typed (see :mod:`searchlib.search.query` for the syntax).
    :param page: 1-based page number (below 1 means 1).
    :param page_len: hits per page (clamped to 1..5000: an export takes every hit at once).
    :param filters: ``{"book": "b2", "chapter": "3" | "b1:3", "domain": ..., "year": ...}``.
    :param corpus_dir: the corpus directory holding ``variants.tsv`` and ``synonyms.tsv``.
    :param config: snippet sizes and the query length limit (defaults of :class:`Config`).
    :param budget: what the search may spend (:mod:`.budget`; by default its defaults, and one
        heavy search at a time in the process).
    :param order: when given, the page is cut in this order instead of by relevance: an array
        of one key per document number of ``searcher``'s reader, smaller first (the web's
        ``?sort=``, :mod:`web.sorting`); only the page's hits get snippets, as by relevance.
    :returns: one page of hits with the total, facets, suggestion, message and parsed query.
    """
    # The expander of the index and corpus: read when the searcher was opened (ready_searcher),
    # else by this search, once per opened index.
    reader = searcher.reader()
    expander = expander_for(reader, corpus_dir)
    budget = Budget(lane=HEAVY_LANE) if budget is None else budget.start()  # clocks started
    try:
        results = _search(searcher, query, max(1, int(page)), max(1, min(int(page_len), 5000)),
                          filters, expander, config or _DEFAULT_CONFIG, budget, order)
    finally:
        budget.release()
    # What the first search of a searcher not opened ready loaded is kept for good: out of the
    # collector's walks (ready_searcher did it at open; this is then one test of a flag).
    settle()
    return results


def _search(searcher: Searcher, query: str, page: int, page_len: int,
            filters: dict[str, str] | None, expander: Expander, config: Config,
            budget: Budget, order: Any = None, correct: bool = True) -> SearchResults:
    parsed: ParsedQuery = parse(query, expander, max_chars=config.max_query_chars)
    results = SearchResults(query=query, page=page, page_len=page_len, parsed=parsed.display,
                            message=parsed.message)
    if parsed.query is None:
        return results
    reader = searcher.reader()
    q = _with_filters(parsed.query, filters)
    keep = page * page_len
    engine = Engine(searcher, WEIGHTING, budget)
    ranked, docs = _match(engine, q, keep, order)
    # Only what the books hold is shown: an alternative they never print changed nothing. Asked
    # after the match, which has looked up (and remembered) nearly every term asked here.
    results.expansions = [e.to_json() for e in expander.shown(parsed.expansions, reader)]
    suggested = None
    if not len(docs) and correct and not budget.exhausted:
        suggested = _suggestion(reader, query, parsed, expander)
        # A process's first look at a correction reads a dictionary and GeoNames (0.4 s): no
        # query's cost.
        with budget.paused():
            correcting = suggested is not None and suggested.is_correction()
        if correcting:
            # A typo (Kostnay, Kazakhtan): the corrected query, if it finds something, before
            # the OR of the words (which would drop the misspelt one).
            again = _search(searcher, suggested.text, page, page_len, filters, expander, config,
                            budget, order, correct=False)
            if again.total:
                again.query, again.corrected = query, suggested.text
                again.suggestion = suggested.text
                again.message = " ".join(m for m in (_CORRECTED_MESSAGE, again.message) if m)
                return again
    if not len(docs) and not budget.exhausted:
        # Words joined by a dash the books never print so (Belarus-Chine) taken apart, then the
        # OR of the words.
        apart = parsed.taken_apart()
        fallbacks = [(parsed.fallback, _FALLBACK_MESSAGE)] if apart is None else \
            [(apart[0], _APART_MESSAGE), (apart[1], _FALLBACK_MESSAGE)]
        for fallback, said in fallbacks:
            if fallback is None or len(docs) or budget.exhausted:
                continue
            q = _with_filters(fallback, filters)
            ranked, docs = _match(engine, q, keep, order)
            if len(docs):
                results.message = " ".join(m for m in (parsed.message, said) if m)
                results.parsed = render(fallback)
    if budget.exhausted:  # what the clauses evaluated found, said to be partial
        said = BUSY_MESSAGE if budget.busy else SPENT_MESSAGE
        results.message = " ".join(m for m in (results.message, said) if m)
    results.total = len(docs)
    shown = ranked[(page - 1) * page_len :]
    if budget.exhausted:
        # The terms looked up that the hits shown hold, not the clauses left out (expanding
        # those, or reading every term's offsets, would spend again).
        shown_ids = np.array(sorted(d for _, d in shown), dtype=np.int64)
        highlighter = Highlighter({
            (f, t.encode("utf-8")) for (f, t), ids in engine.looked_up_documents().items()
            if f in HIGHLIGHT_FIELDS and isinstance(t, str) and member(ids, shown_ids).any()})
    else:
        highlighter = Highlighter.from_query(q, reader, engine.phrases)
    records = index_arrays(reader).display(reader)
    # The mapped records when the index has them; Whoosh's (compressed) stored fields if not.
    passages = {docnum: (records.get(docnum) if records is not None
                         else display_record(searcher.stored_fields(docnum)))
                for _, docnum in shown}
    cut = cut_snippets(highlighter, reader, {d: p.text for d, p in passages.items()},
                       size=config.snippet_chars, fragments=config.snippet_fragments)
    results.hits = [_hit(passages[docnum], score, cut[docnum]) for score, docnum in shown]
    results.facets = facet_counts(reader, docs)
    if suggested is None and results.total < SUGGEST_BELOW and budget.spend():
        suggested = _suggestion(reader, query, parsed, expander)
    if suggested is not None and results.total < SUGGEST_BELOW:
        results.suggestion = suggested.text
    return results
