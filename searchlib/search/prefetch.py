"""What the engine reads before it evaluates a query: every term's postings, and every term's
scores, at once.

A query names dozens of terms: a word is searched in five fields, an acronym adds its phrases'
words. Read and scored one by one, as the evaluation of the query tree meets them, each paid
numpy's few microseconds per call a dozen times (a lookup, two slices, two conversions, five
operations to score): most of what a term met for the first time cost. :func:`prefetch` walks the
tree once, reads the postings of all its terms and phrase words together
(:meth:`.IndexArrays.prefetch`), and scores all its terms in one vectorised expression (the same
operations as :meth:`.engine.Engine._scored`, element by element: the same numbers), kept where
the evaluation looks them up (:meth:`.IndexArrays.term_scores`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import query as Q

if TYPE_CHECKING:  # the engine imports this module
    from .engine import Engine

__all__ = ["prefetch"]


def prefetch(engine: Engine, q: Q.Query) -> None:
    """Read the postings of every term and phrase word of ``q``, and score its terms."""
    words, terms = _leaves(engine, q)
    engine.arrays.prefetch(engine.reader, words)
    _score(engine, terms)


def _leaves(engine: Engine, q: Q.Query) -> tuple[list[tuple[str, bytes]],
                                                 list[tuple[str, Any, bytes]]]:
    """The (field, term bytes) of every term and phrase word of ``q`` whose field the index
    has; and its terms as (field, text, bytes)."""
    schema = engine.schema
    words: list[tuple[str, bytes]] = []
    terms: list[tuple[str, Any, bytes]] = []
    stack = [q]
    while stack:
        node = stack.pop()
        if type(node) is Q.Term:
            texts = [node.text]
        elif isinstance(node, Q.Phrase):
            texts = node.words
        else:
            if not node.is_leaf():
                stack.extend(node.children())
            continue
        if node.fieldname not in schema:
            continue
        field = schema[node.fieldname]
        try:
            found = [(node.fieldname, field.to_bytes(text)) for text in texts]
        except ValueError:
            continue
        words += found
        if type(node) is Q.Term:
            terms.append((node.fieldname, node.text, found[0][1]))
    return words, terms


def _score(engine: Engine, terms: list[tuple[str, Any, bytes]]) -> None:
    """Score the terms of scorable fields not scored yet, together, and keep their scores."""
    arrays, reader = engine.arrays, engine.reader
    todo: dict[Any, tuple[str, bytes]] = {}
    for fieldname, text, btext in terms:
        key = engine.score_key(fieldname, text)
        if key not in todo and engine.schema[fieldname].scorable and not arrays.has_scores(key):
            todo[key] = (fieldname, btext)
    if not todo:
        return
    keys, postings = [], []
    for key, (fieldname, btext) in todo.items():
        found = arrays.postings(reader, fieldname, btext)
        if not len(found[0]):
            arrays.keep_scores(key, (found[0], np.zeros(0, dtype=np.float64)))
            continue
        keys.append(key)
        postings.append((fieldname, btext, *found))
    if not postings:
        return
    # Each field's length terms end to end: a posting's is found at its field's start plus its
    # document number.
    fields = list(dict.fromkeys(fieldname for fieldname, *_rest in postings))
    norms = [engine.norms(fieldname) for fieldname in fields]
    starts = dict(zip(fields, np.cumsum([0, *(len(n) for n in norms[:-1])]).tolist(),
                      strict=True))
    counts = [len(ids) for _f, _b, ids, _w in postings]
    ids = np.concatenate([ids for _f, _b, ids, _w in postings])
    weights = np.concatenate([w for _f, _b, _i, w in postings])
    idf = np.repeat([engine.idf(f, b, len(i)) for f, b, i, _w in postings], counts)
    where = ids + np.repeat([starts[f] for f, *_rest in postings], counts)
    K1 = engine.weighting.K1
    scores = idf * ((weights * (K1 + 1)) / (weights + np.concatenate(norms)[where]))
    cuts = np.cumsum([0, *counts]).tolist()
    for key, (_f, _b, term_ids, _w), a, b in zip(keys, postings, cuts, cuts[1:], strict=False):
        arrays.keep_scores(key, (term_ids, scores[a:b]))
