"""One analysis pass per paragraph, shared by every field that analyses the same text.

The ``text`` and ``variants`` fields both analyse the paragraph, ``notes`` and ``note_variants``
both analyse its footnotes, and every paragraph of a chapter carries the same ``title``. Left to
Whoosh, each field runs its own analyzer over its whole value. Here:

- a value is **split into words once** per tokenizer pattern (the French chain's
  :data:`~searchlib.analysis.french.WORD_RE`, the spelling field's regex) and the word list is
  shared by every field whose value and tokenizer are the same;
- each field's analyzer runs **once per distinct word**, not per occurrence
  (:class:`~.word_terms.WordTerms` remembers its tokens in flat tables, under an id per word: the
  books' vocabulary is a few thousand words), and over all the new words of a book in one run
  (:meth:`SharedAnalysis.learn`); a value is then given as its words' ids
  (:class:`ValueWords`), which :mod:`.word_postings` groups into a whole segment's postings at
  once, without making any token list;
- a field whose value is the same as in the previous document (a chapter's title, the book, an
  empty ``notes``) reuses that document's analysis;
- an ``ID`` or comma-separated ``KEYWORD`` field's postings are made without its analyzer
  (:mod:`.keyword_terms`).

This is exact only for analyzers whose output for a word does not depend on the words around
it: a tokenizer that matches a regex, then filters from :data:`WORDWISE_FILTERS`.
:class:`~searchlib.analysis.french.CompoundFilter` is the one that looks across words (the parts
of a compound shift the positions of the words after it); the width of each word, in positions,
carries that shift. Any other analyzer, and any other field (ids, keywords), is left to the
field's own ``index`` (:func:`wordwise`).

The postings come out exactly as Whoosh's ``FieldType.index`` makes them (same terms,
frequencies, weights and encoded values); ``tests/test_shared_analysis.py`` compares the tokens
and ``tests/test_word_postings.py`` the postings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.formats import Characters, Frequency, Positions

from ..analysis.french import (
    CaseFilter,
    CompoundFilter,
    ElisionFilter,
    FoldFilter,
    FrenchStemFilter,
    FrenchTokenizer,
)
from ..analysis.variants import NameFilter, VariantKeyFilter
from ..quick_loading import NamedTuple
from .formats import CompactCharacters, CompactPositions
from .keyword_terms import keyword_index
from .word_terms import WordTerms

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["WORDWISE_FILTERS", "PostingItem", "SharedAnalysis", "ValueWords", "WordTerms",
           "wordwise"]

#: Filters whose output for one word depends on that word only (and, for CompoundFilter, whose
#: effect on the following words is a position shift, carried by the word's width).
WORDWISE_FILTERS: tuple[type, ...] = (
    ElisionFilter, CompoundFilter, CaseFilter, FoldFilter, FrenchStemFilter, NameFilter,
    VariantKeyFilter, LowercaseFilter,
)

#: Formats whose postings :mod:`.word_postings` makes (positions as Whoosh's or :mod:`.formats`).
WORDWISE_FORMATS = (Frequency, Positions, Characters, CompactPositions, CompactCharacters)
#: Those of them whose values hold character spans as well as positions.
CHARACTER_FORMATS = (Characters, CompactCharacters)

#: What ``FieldType.index`` yields per term of a document: (term bytes, frequency, weight,
#: encoded value).
PostingItem = tuple[bytes, int, float, bytes]
#: A value's words, as the tokenizer matches them, and their start chars.
Split = tuple[list[str], list[int]]
#: What a split is remembered by: the tokenizer's pattern, the value, whether starts were kept.
SplitKey = tuple[re.Pattern[str], str, bool]


def wordwise(analyzer: Any) -> bool:
    """Whether the analyzer's output for a text is that of each of its words in turn: a
    French or plain regex tokenizer (matching words, not gaps) followed by wordwise filters."""
    if not isinstance(analyzer, CompositeAnalyzer) or not analyzer.items:
        return False
    tokenizer, *filters = analyzer.items
    if type(tokenizer) is not FrenchTokenizer and not (
            type(tokenizer) is RegexTokenizer and not tokenizer.gaps):
        return False
    return all(type(f) in WORDWISE_FILTERS for f in filters)


def _indexed_by(field: Any) -> Any:
    """``field.index`` as a list."""
    return lambda value: list(field.index(value))


class ValueWords(NamedTuple):
    """One value of a field that shares the analysis of words: its words, as ids of its
    :class:`WordTerms`, their start chars (for a field whose values hold character spans; else
    none), and the field length it gives (its tokens)."""

    terms: WordTerms
    ids: list[int]
    starts: list[int]
    length: int


class SharedAnalysis:
    """The postings of a schema's fields for one document after another, analysing each text
    once (see the module docstring).

    :param schema: the Whoosh schema; its wordwise ``TEXT`` fields (formats Frequency,
        Positions, Characters) share the analysis of words, the other indexed fields use their
        own ``index``; any field whose value is the previous document's reuses its postings.
    """

    def __init__(self, schema: Any) -> None:
        self._indexed = {name: field for name, field in schema.items() if field.indexed}
        self._terms: dict[str, WordTerms] = {}
        analyzers: list[WordTerms] = []
        for name, field in self._indexed.items():
            if type(field.format) in WORDWISE_FORMATS and wordwise(
                    field.analyzer):
                # Equal analyzers (the French chain of text, title and notes) share their words.
                shared = next((a for a in analyzers if a.analyzer == field.analyzer), None)
                if shared is None:
                    shared = WordTerms(field.analyzer)
                    analyzers.append(shared)
                self._terms[name] = shared
        # The fields whose values hold character spans: only theirs need each word's start.
        self._chars = {name for name in self._terms
                       if type(self._indexed[name].format) in CHARACTER_FORMATS}
        # The other indexed fields' postings of a value: a keyword field's made directly.
        self._index = {name: keyword_index(field) or _indexed_by(field)
                       for name, field in self._indexed.items() if name not in self._terms}
        self._last: dict[str, tuple[str, list[PostingItem] | ValueWords]] = {}
        # Each value's words, as split for :meth:`learn`.
        self._splits: dict[SplitKey, Split] = {}

    def forget(self) -> None:
        """Let go of every word's analysis and the last document's postings (a build's end)."""
        for terms in self._terms.values():
            terms.forget()
        self._last.clear()
        self._splits.clear()

    def learn(self, documents: Iterable[dict[str, Any]]) -> None:
        """Analyse the new words of these documents' shared fields all at once, one run per
        analyzer (:meth:`document` would analyse each value's new words in turn), and keep each
        value's words for :meth:`document` until the next call.

        :param documents: documents about to be given to :meth:`document` (a book's).
        """
        self._splits.clear()
        words: dict[WordTerms, list[str]] = {}
        for fields in documents:
            for name, terms in self._terms.items():
                value = fields.get(name)
                if value is not None:
                    found = self._split(name, value, self._splits)[0]
                    words.setdefault(terms, []).extend(found)
        for terms, new in words.items():
            terms.learn(new, matched=True)

    def _split(self, name: str, value: str, splits: dict[SplitKey, Split]) -> Split:
        """The words of field ``name``'s ``value`` (their starts only for a field with character
        spans), remembered in ``splits``: the fields of one text share them."""
        terms = self._terms[name]
        key = (terms.pattern, value, name in self._chars)
        split = splits.get(key)
        if split is None:
            split = splits[key] = terms.split(value) if key[2] else (terms.words(value), [])
        return split

    def shared(self, fieldname: str) -> bool:
        """Whether the field's postings come from the shared analysis of words."""
        return fieldname in self._terms

    def document(self, fields: dict[str, Any]) -> dict[str, list[PostingItem] | ValueWords]:
        """Each indexed field of one document: for a field sharing the analysis of words, its
        :class:`ValueWords` (grouped into postings per segment, :mod:`.word_postings`); for any
        other, ``field.index(value)``'s items.

        :param fields: the document, field name → value (fields the schema does not index, and
            fields whose value is None, are left out of the result).
        """
        learnt = self._splits
        splits: dict[SplitKey, Split] = {}
        out: dict[str, list[PostingItem] | ValueWords] = {}
        for name in self._indexed:
            value = fields.get(name)
            if value is None:
                continue
            last = self._last.get(name)
            terms = self._terms.get(name)
            if last is not None and last[0] == value:
                found = last[1]
                # New value objects: a postings block pickles them, and pickle writes an object
                # met twice as a reference, which Whoosh's own writer never does.
                out[name] = found if isinstance(found, ValueWords) else [
                    (t, n, w, bytes(bytearray(v))) for t, n, w, v in found]
                continue
            if terms is None:
                entry: list[PostingItem] | ValueWords = self._index[name](value)
            else:
                split = (learnt.get((terms.pattern, value, name in self._chars))
                         or self._split(name, value, splits))
                ids = terms.ids(split[0])
                entry = ValueWords(terms, ids, split[1],
                                   sum(map(terms.token_counts.__getitem__, ids)))
            self._last[name] = (value, entry)
            out[name] = entry
        return out
