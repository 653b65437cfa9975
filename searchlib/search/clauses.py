"""The Whoosh clauses of an analysed word or phrase, field by field.

The :class:`~.expand.Expander` analyses a text (:mod:`searchlib.analysis.word_analysis`) and
asks here for its clauses: the body's, the title's and the footnotes' terms
(:func:`text_clause`), or the transliteration keys in the keys' fields (:func:`key_clauses`),
each field weighted by :data:`~searchlib.index.schema.FIELD_BOOSTS`. A text of several words
becomes a :class:`~.nodes.GappedPhrase`: its words at their relative positions, stop words'
gaps kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh import query as Q

from ..index.schema import FIELD_BOOSTS, SEARCH_FIELDS
from .nodes import GappedPhrase

__all__ = ["key_clauses", "text_clause"]

#: An analysed text: (position, term) of each token.
Tokens = Sequence[tuple[int, str]]
#: Each field a text is searched in, with its weight.
_WEIGHTED = tuple((f, FIELD_BOOSTS[f]) for f in SEARCH_FIELDS)


def text_clause(tokens: Tokens, boost: float) -> Q.Query | None:
    """The OR of a text's clauses in the body, title and footnotes (``None`` for no token): its
    terms (all those at its one position), or the phrase of its first term at each position."""
    if not tokens:
        return None
    if len(tokens) == 1:  # one word, one term: most texts, without sorting a single term
        term = tokens[0][1]
        return Q.Or([Q.Term(f, term, boost * weight) for f, weight in _WEIGHTED])
    first: dict[int, str] = {}
    for pos, term in tokens:
        first.setdefault(pos, term)
    fields = SEARCH_FIELDS
    if len(first) == 1:
        terms = sorted({t for _, t in tokens})
        parts = [Q.Term(f, t, boost=boost * FIELD_BOOSTS[f]) for f in fields for t in terms]
    else:
        start = min(first)
        offsets = [p - start for p in sorted(first)]
        words = [first[p] for p in sorted(first)]
        parts = [GappedPhrase(f, words, offsets, boost=boost * FIELD_BOOSTS[f]) for f in fields]
    return Q.Or(parts)


def key_clauses(keys: Tokens, fields: Sequence[str], boost: float, *,
                names: bool = False) -> list[Q.Query]:
    """A one-token text's transliteration key in each of ``fields``; with ``names``, a text of
    several tokens (a name of several words) as the phrase of their keys; else nothing."""
    if len(keys) == 1:
        return [Q.Term(f, keys[0][1], boost=boost * FIELD_BOOSTS[f]) for f in fields]
    if not names or len(keys) < 2 or len({p for p, _ in keys}) != len(keys):
        return []
    start = keys[0][0]
    offsets, words = [p - start for p, _ in keys], [k for _, k in keys]
    return [GappedPhrase(f, words, offsets, boost=boost * FIELD_BOOSTS[f]) for f in fields]
