"""The analysis of a plain word without running its analyzer: what the build's chains give it.

:class:`~.shared_analysis.WordTerms` analyses each distinct word of a build once, by running the
field's analyzer (a chain of generators passing one Whoosh ``Token`` along) over the new words.
Most words are plain: no apostrophe and no hyphen, so elision and compounds leave them whole, one
token at the word's position. For the three chains the passage schema uses, :func:`shortcut`
gives a function that answers such a word directly, through the same per-word methods the
chain's filters call (``FoldFilter.folded``, ``FrenchStemFilter.stemmed`` and
``acronym_terms``, ``NameFilter.keeps``, ``VariantKeyFilter.keys``), and ``None`` for any other
word (which the analyzer then analyses). ``tests/test_word_shortcuts.py`` compares both on every
word of the books.

An answer is ``(width in positions, tokens)`` as :class:`~.shared_analysis.WordTerms` remembers
it, at index time: each token ``(text, position, start char, end char, boost)`` relative to the
word.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer

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
_NOTHING: Analysed = (1, ())


def _french(folding: FoldFilter, stemming: FrenchStemFilter, word: str) -> Analysed | None:
    if not whole_word(word):
        return None
    folded = folding.folded(word.lower())  # CaseFilter lowers, FoldFilter folds
    if not folded:
        return _NOTHING
    end = len(word)
    if is_acronym(word):
        return 1, tuple((term, 0, 0, end, 1.0) for term in stemming.acronym_terms(folded, "index"))
    return 1, ((stemming.stemmed(folded), 0, 0, end, 1.0),)


def _variants(keying: VariantKeyFilter, word: str) -> Analysed | None:
    if not whole_word(word):
        return None
    if not NameFilter.keeps(word, "index"):
        return _NOTHING
    end = len(word)
    return 1, tuple((key, 0, 0, end, 1.0) for key in keying.keys(word, "index"))


def _lowercase(word: str) -> Analysed:
    return 1, ((word.lower(), 0, 0, len(word), 1.0),)


def shortcut(items: list[Any]) -> Shortcut | None:
    """The shortcut of an analyzer made of these items (its tokenizer and filters), or ``None``
    when it is none of the chains known here. A shortcut expects a word its tokenizer matches
    whole (the words :class:`~.shared_analysis.WordTerms` splits a value into)."""
    kinds = tuple(map(type, items))
    if kinds == _FRENCH:
        return functools.partial(_french, items[4], items[5])
    if kinds == _VARIANTS:
        return functools.partial(_variants, items[4])
    if (kinds == (RegexTokenizer, LowercaseFilter) and not items[0].gaps
            and items[0].expression.match("") is None):
        return _lowercase
    return None
