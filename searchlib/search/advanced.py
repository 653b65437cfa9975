"""The advanced query syntax (``OR``, ``AND``, ``NOT``, parentheses, boosts) read by Whoosh's
``QueryParser``, words kept as typed.

:mod:`.query` parses the common case itself and hands only a query using these operators here,
then rebuilds the tree this returns with the expander's clauses. A module of its own, imported on
the first such query: ``whoosh.qparser`` costs a new process about 7 ms of CPU to import, and
most processes (a CLI search, the bench's cold start) never parse an operator.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from whoosh import query as Q
from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, PlusMinusPlugin, QueryParser, syntax

__all__ = ["parse_tree"]


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
