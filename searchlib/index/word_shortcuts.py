"""The analysis of a word without running its analyzer: what the build's chains give it.

:class:`~.word_terms.WordTerms` analyses each distinct word of a build once, by running the
field's analyzer (a chain of generators passing one Whoosh ``Token`` along) over the new words.
For the three chains the passage schema uses, :func:`shortcut` gives a function that answers a
word directly. Most words are plain: no apostrophe and no hyphen, so elision and compounds leave
them whole, one piece at the word's position. The others (``l'État``, ``agro-industriel``,
``2021-2025``) are cut into pieces as the elision and compound filters cut them, by the same
functions (:func:`_pieces`). Each piece then goes through the same per-word methods the chain's
other filters call (``FoldFilter.folded``, ``FrenchStemFilter.stemmed`` and ``acronym_terms``,
``NameFilter.keeps``, ``VariantKeyFilter.keys``). A word the filters keep whole despite its
apostrophe (``aujourd'hui``) is answered ``None``, and the analyzer analyses it.
``tests/test_word_shortcuts.py`` compares both on every word of the books.

An answer is ``(width in positions, tokens)`` as :class:`~.word_terms.WordTerms` remembers
it, at index time: each token ``(text, position, start char, end char, boost)`` relative to the
word.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer

from ..analysis import words
from ..analysis.french import (
    CaseFilter,
    CompoundFilter,
    ElisionFilter,
    FoldFilter,
    FrenchStemFilter,
    FrenchTokenizer,
    is_acronym,
    whole_word,
)
from ..analysis.variants import NameFilter, VariantKeyFilter

__all__ = ["Analysed", "Shortcut", "shortcut"]

#: (width in positions, tokens relative to the word).
Analysed = tuple[int, tuple[tuple[str, int, int, int, float], ...]]
#: A word → its analysis, or None when the analyzer must run.
Shortcut = Callable[[str], "Analysed | None"]

_FRENCH = (FrenchTokenizer, ElisionFilter, CompoundFilter, CaseFilter, FoldFilter,
           FrenchStemFilter)
_VARIANTS = (FrenchTokenizer, ElisionFilter, CompoundFilter, NameFilter, VariantKeyFilter)


#: A word's pieces, remembered: the French and the variants chains cut the same words.
@functools.lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[int, tuple[tuple[str, int, int, int], ...]] | None:
    """What ``ElisionFilter`` then ``CompoundFilter`` make of one word at index time: the
    positions it takes, and its pieces (text, position, start char, end char); ``None`` for a
    word they keep whole despite its apostrophe (``aujourd'hui``), left to the analyzer."""
    start, end = words.elision(word), len(word)  # ElisionFilter: the particle goes
    text = word[start:]
    if words.whole_word(text):  # the compound filter's very test
        return 1, ((text, 0, start, end),)
    parts = words.compound_parts(text)
    if parts is None:
        return None
    # CompoundFilter: the joined parts at the first position, spanning the word (not for a range
    # of numbers), then each part at its own position.
    pieces = [(part, i, start + offset, start + offset + len(part))
              for i, (offset, part) in enumerate(parts)]
    if not all(part.isdigit() for _, part in parts):
        pieces.insert(0, ("".join(part for _, part in parts), 0, start, end))
    return len(parts), tuple(pieces)


def _french_terms(folding: FoldFilter, stemming: FrenchStemFilter, text: str) -> tuple[str, ...]:
    folded = folding.folded(text.lower())  # CaseFilter lowers, FoldFilter folds
    if not folded:
        return ()
    if is_acronym(text):
        return stemming.acronym_terms(folded, "index")
    return (stemming.stemmed(folded),)


def _variant_terms(keying: VariantKeyFilter, text: str) -> tuple[str, ...]:
    return keying.keys(text, "index") if NameFilter.keeps(text, "index") else ()


#: A word that takes its position and gives no token.
_NO_TOKEN: Analysed = (1, ())


def _analysed(terms: Callable[[str], tuple[str, ...]], word: str) -> Analysed | None:
    """A word's analysis by a chain that begins with the French tokenizer, elision and compounds,
    given what its other filters make of one piece (``terms``)."""
    if whole_word(word):  # most words: one piece, one term or none (not a name: no key)
        found = terms(word)
        if not found:
            return _NO_TOKEN
        end = len(word)
        if len(found) == 1:
            return 1, ((found[0], 0, 0, end, 1.0),)
        return 1, tuple((term, 0, 0, end, 1.0) for term in found)
    cut = _pieces(word)
    if cut is None:
        return None
    width, pieces = cut
    return width, tuple((term, pos, start, end, 1.0) for text, pos, start, end in pieces
                        for term in terms(text))


def _lowercase(word: str) -> Analysed:
    return 1, ((word.lower(), 0, 0, len(word), 1.0),)


def shortcut(items: list[Any]) -> Shortcut | None:
    """The shortcut of an analyzer made of these items (its tokenizer and filters), or ``None``
    when it is none of the chains known here. A shortcut expects a word its tokenizer matches
    whole (the words :class:`~.word_terms.WordTerms` splits a value into)."""
    kinds = tuple(map(type, items))
    if kinds == _FRENCH:
        return functools.partial(_analysed, functools.partial(_french_terms, items[4], items[5]))
    if kinds == _VARIANTS:
        return functools.partial(_analysed, functools.partial(_variant_terms, items[4]))
    if (kinds == (RegexTokenizer, LowercaseFilter) and not items[0].gaps
            and items[0].expression.match("") is None):
        return _lowercase
    return None
