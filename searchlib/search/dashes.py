"""Words a reader joins by a dash (``Belarus-Chine``, ``Biélorussie–Chine`` with an en dash):
when the books never print them so and the query finds nothing, the search tries them apart, one
clause still (:meth:`.query.ParsedQuery.taken_apart`, then :mod:`searchlib.search`'s fallbacks).
"""

from __future__ import annotations

from whoosh import query as Q

from .expand import Expander
from .nodes import named

__all__ = ["dashed_clause", "dashed_parts"]

#: The dashes a reader may type between two words, as a hyphen.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def dashed_parts(word: str) -> list[str]:
    """The words a dash joins in ``word`` (``Belarus-Chine``, ``Biélorussie–Chine``), or none."""
    parts = [part for part in word.translate(_DASHES).split("-") if any(map(str.isalnum, part))]
    return parts if len(parts) > 1 else []


def dashed_clause(word: str, expander: Expander) -> Q.Query | None:
    """``word``'s clause, or the AND of the words a dash joins in it, shown in parentheses."""
    clauses = expander.words(dashed_parts(word) or [word])
    if len(clauses) < 2:
        return clauses[0] if clauses else None
    return named(Q.And(clauses), "(" + " AND ".join(str(c.display) for c in clauses) + ")")
