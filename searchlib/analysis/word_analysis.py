"""The analysis of a query's words: what the index's analyzers make of a word or phrase typed.

The :class:`~.expand.Expander` analyses each new word of a query, and each alternative form it
ORs in, with the text field's chain (French terms) and the variants field's (transliteration
keys), and remembers the result. Both chains start with the links that find a text's words (the
tokenizer, elision, compounds: :mod:`searchlib.analysis.words`), then treat each word alone
(case, folding, stemming; or names and keys). :func:`analysis` does the first links' work on
the words of the text and sends each word through the rest's own functions, without a token
passed along generators: the same terms (``tests/test_word_analysis.py`` compares them on every
word and paragraph of both books) at a fifth of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial

from whoosh.analysis import Analyzer, Filter, Token

from .french import CaseFilter, FoldFilter, FrenchStemFilter, is_acronym
from .variants import NameFilter, VariantKeyFilter
from .words import (
    WORD_RE,
    CompoundFilter,
    ElisionFilter,
    FrenchTokenizer,
    compound_parts,
    elision,
    one_unit,
    whole_word,
)

__all__ = ["Analysed", "analysis", "analyze", "stored_first"]

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
    folder: FoldFilter = links[1]  # type: ignore[assignment]
    stemmer: FrenchStemFilter = links[2]  # type: ignore[assignment]

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
    key_filter: VariantKeyFilter = links[1]  # type: ignore[assignment]
    key = key_filter._key  # the filter's own remembered keys

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


def _words_through(word_terms: Callable[[str], Analysed], text: str) -> Analysed:
    """What the French chain makes of ``text`` at query time, word by word: the tokenizer's
    words, each without its elided particle and split into its compound's parts as
    :class:`ElisionFilter` and :class:`CompoundFilter` do (the parts at consecutive positions,
    shifting the words after them), then each word's or part's terms at its position."""
    if one_unit(text):  # most texts: one word, which the word links pass on whole at 0
        return tuple([(0, term) for _, term in word_terms(text)])
    found: list[tuple[int, str]] = []
    shift = 0
    for pos, word in enumerate(WORD_RE.findall(text)):
        cut = elision(word)
        if cut:
            word = word[cut:]
        parts = compound_parts(word)
        if parts is None:
            found += [(pos + shift, term) for _, term in word_terms(word)]
            continue
        for i, (_, part) in enumerate(parts):
            found += [(pos + shift + i, term) for _, term in word_terms(part)]
        shift += len(parts) - 1
    return tuple(found)


def analysis(analyzer: Analyzer) -> Callable[[str], Analysed]:
    """:func:`analyze` with ``analyzer``, as a tuple, for a chain that starts with the links
    that find words (:mod:`searchlib.analysis.words`): those links' work is done here on the
    words of the text, without tokens. When the rest of the chain is the French one's (case,
    folding, stemming; or names and keys: each word's terms its own), every text goes word by
    word; with any other rest, a single plain word only (no apostrophe nor hyphen: the word
    links pass it on unchanged at position 0), and anything else through the whole chain. The
    whole chain cost each new word of a query, and each of its alternatives, about 50 µs; an
    acronym's full name of four words a tenth of a millisecond."""
    links = list(getattr(analyzer, "items", ()))
    if tuple(type(link) for link in links[:3]) != _WORD_LINKS:
        return partial(_analyzed, analyzer)
    rest = links[3:]
    direct = _WORD_FUNCTIONS.get(tuple(type(link) for link in rest))
    if direct is not None:
        return partial(_words_through, direct(rest))

    def analysed(text: str) -> Analysed:
        if WORD_RE.fullmatch(text) is None or not whole_word(text):
            return _analyzed(analyzer, text)
        return _through(rest, text)

    return analysed


def stored_first(stored: Mapping[str, Sequence[Analysed]], which: int,
                 derive: Callable[[str], Analysed], *,
                 find: Callable[[str], Sequence[Analysed] | None] | None = None
                 ) -> Callable[[str], Analysed]:
    """``derive``, answered from the analyses a build stored (``which`` of each text's: 0 its
    terms, 1 its keys, :attr:`~.corpus_tables.CorpusTables.analysis`) for the texts it
    analysed: the tables' forms, several of which a query ORs in for a name or an acronym.

    :param find: ``stored.get``, or a caller's remembered look-up of it, shared by the terms'
        and the keys' (most texts asked are no form of the tables: a miss searched twice).
    """
    if not stored:
        return derive
    lookup = find if find is not None else stored.get

    def analysed(text: str) -> Analysed:
        found = lookup(text)
        return found[which] if found is not None else derive(text)

    return analysed
