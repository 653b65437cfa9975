"""The analysis of a query's words: what the index's analyzers make of a word or phrase typed.

The :class:`~.expand.Expander` analyses each new word of a query, and each alternative form it
ORs in, with the text field's chain (French terms) and the variants field's (transliteration
keys), and remembers the result. Most of those texts are one plain word, which the first links
of both chains (the tokenizer, elision, compounds: :mod:`searchlib.analysis.words`) pass on
unchanged at position 0 (the i-th word of a text of plain words at position i): :func:`analysis`
sends such words straight to the rest of the chain, the same terms at a third of the cost. When the rest is the French chain's own (case, folding,
stemming; or names and keys), the word goes through those links' own functions, without a token
passed along generators: what each link would do to it, in a fifth of the time (about 20 µs for
each new word of a query and each of its alternatives before).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import cast

from whoosh.analysis import Analyzer, Filter, Token

from ..analysis.french import CaseFilter, FoldFilter, FrenchStemFilter, is_acronym
from ..analysis.variants import NameFilter, VariantKeyFilter
from ..analysis.words import WORD_RE, CompoundFilter, ElisionFilter, FrenchTokenizer, whole_word

__all__ = ["analysis", "analyze"]

#: An analysed text: (position, term) of each token.
Analysed = tuple[tuple[int, str], ...]


def analyze(analyzer: Analyzer, text: str) -> list[tuple[int, str]]:
    """(position, term) of each token the analyzer keeps from ``text``."""
    return [(t.pos, t.text) for t in analyzer(text, mode="query", positions=True)]


def _analyzed(analyzer: Analyzer, text: str) -> Analysed:
    return tuple(analyze(analyzer, text))


#: The links of the French chains that find a text's words (:mod:`searchlib.analysis.words`).
_WORD_LINKS = (FrenchTokenizer, ElisionFilter, CompoundFilter)


def _french_terms(links: Sequence[Filter]) -> Callable[[str], Analysed]:
    """What :class:`CaseFilter`, :class:`FoldFilter` and :class:`FrenchStemFilter` make of one
    word at query time (their caches shared with them)."""
    folder, stemmer = cast(FoldFilter, links[1]), cast(FrenchStemFilter, links[2])

    def terms(word: str) -> Analysed:
        folded = folder.folded(word.lower())
        if not folded:  # a symbol unidecode cannot spell: FoldFilter drops the token
            return ()
        if is_acronym(word):
            return tuple([(0, term) for term in stemmer.acronym_terms(folded, "query")])
        return ((0, stemmer.stemmed(folded)),)

    return terms


def _variant_keys(links: Sequence[Filter]) -> Callable[[str], Analysed]:
    """What :class:`NameFilter` (which keeps every word at query time) and
    :class:`VariantKeyFilter` make of one word at query time."""
    key = cast(VariantKeyFilter, links[1])._key  # the filter's own remembered keys

    def keys(word: str) -> Analysed:
        return ((0, key(word)),)

    return keys


#: Rests of a chain whose query-time output for one word is computed by the links' functions.
_WORD_FUNCTIONS: dict[tuple[type, ...], Callable[[Sequence[Filter]], Callable[[str], Analysed]]]
_WORD_FUNCTIONS = {(CaseFilter, FoldFilter, FrenchStemFilter): _french_terms,
                   (NameFilter, VariantKeyFilter): _variant_keys}


def _through(rest: Sequence[Filter], text: str) -> Analysed:
    """A plain word's token sent through the links after those that find words."""
    token = Token(positions=True, chars=False, mode="query")
    token.text, token.pos = text, 0
    tokens: Iterator[Token] = iter((token,))
    for link in rest:
        tokens = link(tokens)
    return tuple([(t.pos, t.text) for t in tokens])


def analysis(analyzer: Analyzer) -> Callable[[str], Analysed]:
    """:func:`analyze` with ``analyzer``, as a tuple; a text of plain words (no apostrophe nor
    hyphen in any) skips the links that find words when the chain starts with them: they would
    pass the i-th word on unchanged at position i, and cost as much as the rest of the chain
    (about 9 µs for each new word of a query, and each of its alternatives; a name of several
    words, an acronym's full name, was a quarter of a millisecond)."""
    links = list(getattr(analyzer, "items", ()))
    if tuple(type(link) for link in links[:3]) != _WORD_LINKS:
        return partial(_analyzed, analyzer)
    rest = links[3:]
    direct = _WORD_FUNCTIONS.get(tuple(type(link) for link in rest))
    word_terms = direct(rest) if direct is not None else partial(_through, rest)

    def analysed(text: str) -> Analysed:
        words = WORD_RE.findall(text)
        if not all(map(whole_word, words)):  # elision or compounds: the whole chain
            return _analyzed(analyzer, text)
        if len(words) == 1:
            return word_terms(words[0])
        # Plain words only: the tokenizer gives the i-th word position i, the links after it
        # see one word at a time (no compound shifts the positions).
        return tuple([(i, term) for i, word in enumerate(words) for _, term in word_terms(word)])

    return analysed
