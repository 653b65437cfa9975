"""The query nodes searchlib adds to Whoosh's, and what each built node tells the reader.

* :class:`GappedPhrase`: a phrase whose words may sit a stop word apart;
* :class:`MinShouldMatch`: a long question's words, of which most must match, with a
  coordination factor (Elasticsearch's ``minimum_should_match``, Lucene's ``coord``);
* :class:`Expansion`: one alternative the expander ORed in for a word (a variant, a lemma, a city's
  other spelling, an acronym's expansion) and why; built nodes carry theirs in ``expansions``
  and their readable form in ``display`` (see :func:`named`, :func:`expansions_of`).
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as Q

from ..quick_loading import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["COORD_SCALE", "Expansion", "GappedPhrase", "MinShouldMatch", "PhraseKey",
           "expansions_of", "named", "phrase_key"]

#: The BM25F sum at which a long question's passage gets half of its within-count score.
COORD_SCALE = 10.0


class GappedPhrase(Q.Phrase):
    """A phrase whose words may sit a stop word apart, remembering their relative positions.

    Stop words are dropped from the index but keep their positions, so ``chambre de commerce``
    is ``chambr`` at 0 and ``commerc`` at 2; ``offsets`` lets the snippet highlight exactly that.
    """

    def __init__(self, fieldname: str, words: list[str], offsets: list[int], boost: float = 1.0):
        gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
        super().__init__(fieldname, words, slop=max(gaps or [1]), boost=boost)
        self.offsets = offsets


#: A phrase of a query as the engine records where it matched and the snippets look it up.
PhraseKey = tuple[str, tuple["Any", ...], int]


def phrase_key(q: Q.Phrase) -> PhraseKey:
    """What tells one phrase of a query from another: its field, its words and its slop."""
    return q.fieldname, tuple(q.words), q.slop


class MinShouldMatch(Q.Or):
    """At least ``minmatch`` of the clauses, the passages holding more of them first.

    The score of a passage is the number of clauses it matches plus its BM25F sum squashed
    into [0, 1) (``s / (s + COORD_SCALE)``): a passage holding every word of a question ranks
    above one holding all but one, however often that one repeats its words; within one count,
    BM25F decides.

    Evaluated by :class:`~searchlib.search.engine.Engine` (Whoosh has no ``minmatch``: its own
    matcher would take the plain union).
    """

    def __init__(self, subqueries: list[Q.Query], minmatch: int, boost: float = 1.0) -> None:
        super().__init__(subqueries, boost=boost)
        self.minmatch = minmatch


class Expansion(NamedTuple):
    """One alternative ORed in for a word typed, and why.

    ``kind`` is one of ``translittération``, ``variante``, ``lieu``, ``gentilé``, ``adjectif``,
    ``nom`` (an adjective's, beside a sector word), ``dérivé``, ``sigle``, ``synonyme``, ``lemme``,
    ``composé``; ``books`` limits it to some books
    (an acronym the books define differently); ``terms`` are the ``(field, term)`` pairs whose
    presence in the index shows the alternative can match (an alternative the books never hold is
    not shown).

    A named tuple rather than a frozen dataclass: as immutable, and a new process creates its
    class in a sixth of the time (a dataclass compiles its methods as its module loads).
    """

    word: str
    kind: str
    form: str
    why: str
    terms: tuple[tuple[str, str], ...] = ()
    #: The books where the alternative holds (empty: all).
    books: tuple[str, ...] = ()
    #: Relative to the other alternatives (a full name's distinctive head weighs less).
    weight: float = 1.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"word": self.word, "kind": self.kind, "form": self.form,
                               "why": self.why}
        if self.books:
            out["books"] = list(self.books)
        return out

    def __str__(self) -> str:
        where = f" [{', '.join(self.books)}]" if self.books else ""
        return f"{self.word} → {self.form}{where} ({self.kind} : {self.why})"


def named(q: Q.Query, display: str, expansions: Iterable[Expansion] = ()) -> Q.Query:
    """``q`` with its readable form and the expansions it holds."""
    q.display = display  # type: ignore[attr-defined]
    q.expansions = tuple(expansions)  # type: ignore[attr-defined]
    return q


def expansions_of(q: Q.Query | None) -> list[Expansion]:
    """Every expansion carried by the nodes of ``q``, each once, in query order."""
    found: dict[Expansion, None] = {}
    if q is not None:
        _gather(q, found)
    return list(found)


def _gather(node: Q.Query, found: dict[Expansion, None]) -> None:
    """The expansions of ``node`` and its descendants, depth first, into ``found``.

    Recursive, as :func:`.query.render` and the parser's rebuild walk the same tree (as deep as
    a query's parentheses); a plain term, most children (a word's fields, keys, alternatives),
    is passed over without a call (a walk asking every node was a fifth of a warm parse).
    """
    for e in getattr(node, "expansions", ()):
        found.setdefault(e)
    kind = type(node)
    if kind is Q.Term:
        return
    if kind is Q.Or or kind is Q.And:  # their children are their subqueries, in order
        for sub in node.subqueries:
            if type(sub) is not Q.Term or "expansions" in sub.__dict__:
                _gather(sub, found)
    elif not isinstance(node, Q.Not) and not node.is_leaf():
        # (what a Not excludes was not expanded for the reader)
        for sub in list(node.children()):
            _gather(sub, found)
