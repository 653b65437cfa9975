"""The analysis of a query's words: what the index's analyzers make of a word or phrase typed.

The :class:`~.expand.Expander` analyses each new word of a query, and each alternative form it
ORs in, with the text field's chain (French terms) and the variants field's (transliteration
keys), and remembers the result. Most of those texts are one plain word, which the first links
of both chains (the tokenizer, elision, compounds: :mod:`searchlib.analysis.words`) pass on
unchanged at position 0: :func:`analysis` sends such a word straight to the rest of the chain,
the same terms at a third of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from whoosh.analysis import Analyzer, Token

from ..analysis.words import WORD_RE, CompoundFilter, ElisionFilter, FrenchTokenizer, whole_word

__all__ = ["analysis", "analyze"]


def analyze(analyzer: Analyzer, text: str) -> list[tuple[int, str]]:
    """(position, term) of each token the analyzer keeps from ``text``."""
    return [(t.pos, t.text) for t in analyzer(text, mode="query", positions=True)]


def _analyzed(analyzer: Analyzer, text: str) -> tuple[tuple[int, str], ...]:
    return tuple(analyze(analyzer, text))


#: The links of the French chains that find a text's words (:mod:`searchlib.analysis.words`).
_WORD_LINKS = (FrenchTokenizer, ElisionFilter, CompoundFilter)


def analysis(analyzer: Analyzer) -> Callable[[str], tuple[tuple[int, str], ...]]:
    """:func:`analyze` with ``analyzer``, as a tuple; a single plain word (no apostrophe,
    hyphen, space or symbol) skips the links that find words when the chain starts with them:
    they would pass it on unchanged at position 0, and cost as much as the rest of the chain
    (about 9 µs for each new word of a query, and each of its alternatives)."""
    links = list(getattr(analyzer, "items", ()))
    if tuple(type(link) for link in links[:3]) != _WORD_LINKS:
        return partial(_analyzed, analyzer)
    rest = links[3:]

    def analysed(text: str) -> tuple[tuple[int, str], ...]:
        if WORD_RE.fullmatch(text) is None or not whole_word(text):
            return _analyzed(analyzer, text)
        token = Token(positions=True, chars=False, mode="query")
        token.text, token.pos = text, 0
        tokens: Iterator[Token] = iter((token,))
        for link in rest:
            tokens = link(tokens)
        return tuple([(t.pos, t.text) for t in tokens])

    return analysed
