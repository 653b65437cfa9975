"""The advanced query syntax (``OR``, ``AND``, ``NOT``, parentheses, boosts) read by Whoosh's
``QueryParser``, words kept as typed.

:mod:`.query` parses the common case itself and hands only a query using these operators here
(:func:`parse_advanced`), whose tree is rebuilt with the expander's clauses, the same as the
common case's. A module of its own, imported on
the first such query: ``whoosh.qparser`` costs a new process about 7 ms of CPU to import, and
most processes (a CLI search, the bench's cold start) never parse an operator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh import query as Q
from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, PlusMinusPlugin, QueryParser, syntax

from .expand import Expander
from .query import FILTER_FIELDS, ParsedQuery, conjoin, filter_query, render, term_clause

__all__ = ["parse_advanced", "parse_tree"]


class _NestedPlusMinus(PlusMinusPlugin):
    """``+``/``-`` inside parentheses too: Whoosh's plugin sorts the top level only, and left a
    ``-word`` in a group (``a OR (x -b)``) as a marker node it then failed to build a query of."""

    def do_plusminus(self, parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_plusminus(parser, node)
        return super().do_plusminus(parser, group)


#: A ``+`` or ``-`` sign is an operator only where a word starts (the query's start, after a
#: blank or an opening parenthesis): Whoosh's took the hyphen of ``libre-échange OR Minsk`` for
#: a NOT, and searched libre OR Minsk without échange.
_SIGN = r"(?<![^\s(]){}"


@lru_cache(maxsize=4)
def _raw_schema(filter_names: frozenset[str]) -> Schema:
    # QueryParser sees words as typed; the Expander does the French analysis afterwards.
    return Schema(text=TEXT(analyzer=IDTokenizer()), **{name: ID() for name in filter_names})


def parse_tree(text: str, filter_names: Iterable[str]) -> Q.Query:
    """Whoosh's parse of ``text``: terms as typed in ``text`` or in a ``name:`` filter field.

    :raises Exception: what Whoosh's parser raises on some malformed operators (``NOT NOT x``).
    """
    parser = QueryParser("text", _raw_schema(frozenset(filter_names)))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(_NestedPlusMinus(plusexpr=_SIGN.format("\\+"), minusexpr=_SIGN.format("-")))
    return parser.parse(text)


def _rebuild(q: Q.Query, expander: Expander, words: list[str]) -> Q.Query | None:
    """Whoosh's parse tree (words as typed) rebuilt with analysed, expanded clauses."""
    if isinstance(q, Q.Term):
        if q.fieldname in FILTER_FIELDS:
            return filter_query(q.fieldname, str(q.text))
        words.append(str(q.text))
        return term_clause(expander, str(q.text))
    if isinstance(q, Q.Phrase):
        return expander.phrase(" ".join(str(w) for w in q.words))
    if isinstance(q, Q.FuzzyTerm):
        return expander.fuzzy(str(q.text), q.maxdist)
    if isinstance(q, Q.Prefix | Q.Wildcard):
        head = re.split(r"[*?]", str(q.text), maxsplit=1)[0]
        return expander.prefix(head)
    if isinstance(q, Q.Not):
        inner = _rebuild(q.query, expander, [])
        return Q.Not(inner) if inner is not None else None
    if isinstance(q, Q.AndNot | Q.AndMaybe):
        a = _rebuild(q.a, expander, words)
        b = _rebuild(q.b, expander, [] if isinstance(q, Q.AndNot) else words)
        if a is None or b is None:
            return a
        return type(q)(a, b)
    if isinstance(q, Q.And | Q.Or):
        subs = [s for s in (_rebuild(s, expander, words) for s in q.subqueries) if s is not None]
        if not subs:
            return None
        if all(isinstance(s, Q.Not) for s in subs):
            return None  # nothing to look for
        if isinstance(q, Q.And) and any(isinstance(s, Q.Not) for s in subs):
            # ``a NOT b`` is built exactly as ``a -b`` is: one query, one answer for both.
            return conjoin([s for s in subs if not isinstance(s, Q.Not)],
                            [s.query for s in subs if isinstance(s, Q.Not)])
        return subs[0] if len(subs) == 1 else type(q)(subs)
    if isinstance(q, Q.Every):
        return Q.Every()
    return None  # NullQuery, ErrorQuery, ranges on text: nothing to search


def parse_advanced(text: str, expander: Expander) -> ParsedQuery:
    """A query using the advanced syntax, parsed by Whoosh and rebuilt with the expander's clauses
    (``words``: the words typed, for a suggestion)."""
    words: list[str] = []
    tree = parse_tree(text, FILTER_FIELDS)
    query = _rebuild(tree, expander, words)
    if isinstance(query, Q.Not):
        query = None
    message = None if query is not None else "La requête ne contient rien à chercher."
    return ParsedQuery(query, render(query), message, None, words)
