"""One analysis pass per paragraph, shared by every field that analyses the same text.

The ``text`` and ``variants`` fields both analyse the paragraph, ``notes`` and ``note_variants``
both analyse its footnotes, and every paragraph of a chapter carries the same ``title``. Left to
Whoosh, each field runs its own analyzer over its whole value. Here:

- a value is **split into words once** per tokenizer pattern (the French chain's
  :data:`~searchlib.analysis.french.WORD_RE`, the spelling field's regex) and the word list is
  shared by every field whose value and tokenizer are the same;
- each field's analyzer runs **once per distinct word**, not per occurrence (:class:`WordTerms`
  remembers its tokens: the books' vocabulary is a few thousand words), and over all the new
  words of a value in one run; a value's postings are then grouped from its words' remembered
  tokens in one pass (:meth:`WordTerms.postings`), without making its token list;
- a field whose value is the same as in the previous document (a chapter's title, the book, an
  empty ``notes``) reuses that document's postings.

This is exact only for analyzers whose output for a word does not depend on the words around
it: a tokenizer that matches a regex, then filters from :data:`WORDWISE_FILTERS`.
:class:`~searchlib.analysis.french.CompoundFilter` is the one that looks across words (the parts
of a compound shift the positions of the words after it); the width of each word, in positions,
carries that shift. Any other analyzer, and any other field (ids, keywords), is left to the
field's own ``index`` (:func:`wordwise`).

The postings come out exactly as Whoosh's ``FieldType.index`` makes them (same terms,
frequencies, weights and encoded values, through the field format's own ``encode``);
``tests/test_shared_analysis.py`` compares the two.
"""

from __future__ import annotations

import itertools
import re
import sys
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.formats import Characters, Format, Frequency, Positions
from whoosh.system import pack_uint

from ..analysis.french import (
    WORD_RE,
    CaseFilter,
    CompoundFilter,
    ElisionFilter,
    FoldFilter,
    FrenchStemFilter,
    FrenchTokenizer,
)
from ..analysis.variants import NameFilter, VariantKeyFilter
from .formats import CompactCharacters, CompactPositions
from .word_shortcuts import shortcut

__all__ = ["WORDWISE_FILTERS", "PostingItem", "SharedAnalysis", "WordTerms", "wordwise"]

#: Filters whose output for one word depends on that word only (and, for CompoundFilter, whose
#: effect on the following words is a position shift, carried by the word's width).
WORDWISE_FILTERS: tuple[type, ...] = (
    ElisionFilter, CompoundFilter, CaseFilter, FoldFilter, FrenchStemFilter, NameFilter,
    VariantKeyFilter, LowercaseFilter,
)

#: Formats whose postings :func:`postings` makes (positions as Whoosh's or :mod:`.formats`).
WORDWISE_FORMATS = (Frequency, Positions, Characters, CompactPositions, CompactCharacters)
#: Those of them whose values hold character spans as well as positions.
CHARACTER_FORMATS = (Characters, CompactCharacters)

#: Whether ``array("i")`` is the little-endian int32 of :mod:`.formats`' values: then a value is
#: made in place, without a call to the format's ``encode`` per posting.
_INT32_NATIVE = sys.byteorder == "little" and array("i").itemsize == 4

#: What ``FieldType.index`` yields per term of a document: (term bytes, frequency, weight,
#: encoded value).
PostingItem = tuple[bytes, int, float, bytes]
#: One token: (text, position, start char, end char, boost).
Token = tuple[str, int, int, int, float]


class WordTerms:
    """The tokens one analyzer makes of each distinct word, relative to the word, remembered.

    :param analyzer: a wordwise analyzer (see :func:`wordwise`).
    """

    def __init__(self, analyzer: CompositeAnalyzer) -> None:
        items = analyzer.items
        self.analyzer = analyzer
        self.pattern: re.Pattern[str] = (
            WORD_RE if isinstance(items[0], FrenchTokenizer) else items[0].expression)
        # The last item that moves positions (CompoundFilter, else the tokenizer): what leaves
        # it tells how many positions each word takes.
        self._shifts = max((i for i, item in enumerate(items) if isinstance(item, CompoundFilter)),
                           default=0)
        self._memo: dict[str, tuple[int, tuple[Token, ...]]] = {}
        # The pattern as one group: ``split`` gives the gaps and the words, C-level.
        self._splitter = re.compile(f"({self.pattern.pattern})", self.pattern.flags)
        # The terms of each word's tokens, for a C-level count of a value's frequencies.
        self._texts: dict[str, tuple[str, ...]] = {}
        #: Whether every token so far had boost 1.0 (else ``postings`` sums boosts per token).
        self.unit_boosts = True
        # Plain words answered without running the analyzer (.word_shortcuts), when it has one.
        self._shortcut = shortcut(items)

    def _remember(self, word: str, width: int, tokens: tuple[Token, ...]) -> None:
        self._memo[word] = (width, tokens)
        self._texts[word] = tuple(t[0] for t in tokens)
        if any(t[4] != 1.0 for t in tokens):
            self.unit_boosts = False

    def _run(self, text: str) -> tuple[list[Token], list[tuple[int, int]]]:
        """The analyzer's tokens of ``text``, and the (position, start char) of every token
        leaving the item that moves positions last, noted on the way (one run, not two)."""
        noted: list[tuple[int, int]] = []
        items = self.analyzer.items
        stream = items[0](text, positions=True, chars=True, boosts=True, mode="index")
        for i, item in enumerate(items):
            if i:
                stream = item(stream)
            if i == self._shifts:
                stream = _noting(stream, noted)
        tokens = [(t.text, t.pos, t.startchar, t.endchar, t.boost) for t in stream
                  if not t.stopped]
        return tokens, noted

    def _shortcut_word(self, word: str) -> bool:
        """Remember a word through the shortcut; False when it has no answer (or the tokenizer
        would not give the word back whole)."""
        match = self.pattern.match(word)
        if match is None or match.end() != len(word):
            return False
        known = self._shortcut(word)  # type: ignore[misc]
        if known is None:
            return False
        self._remember(word, *known)
        return True

    def forget(self) -> None:
        """Let go of the words remembered so far."""
        self._memo.clear()
        self._texts.clear()

    def word(self, word: str) -> tuple[int, tuple[Token, ...]]:
        """(width in positions, tokens at positions and chars relative to the word)."""
        known = self._memo.get(word)
        if known is None:
            tokens, noted = self._run(word)
            self._remember(word, 1 + max(pos for pos, _ in noted), tuple(tokens))
            known = self._memo[word]
        return known

    def learn(self, words: Iterable[str]) -> None:
        """Remember the words not met yet, analysed in one run of the analyzer over them all
        (joined by spaces: a run per word would cost a chain of generators per word)."""
        memo = self._memo
        new = list(itertools.filterfalse(memo.__contains__, dict.fromkeys(words)))
        if self._shortcut is not None:
            new = [w for w in new if not self._shortcut_word(w)]
        if not new:
            return
        text = " ".join(new)
        starts = list(itertools.accumulate((len(w) + 1 for w in new[:-1]), initial=0))
        spans = [(start, start + len(w)) for start, w in zip(starts, new, strict=True)]
        found, noted = self._run(text)
        firsts = [-1] * len(new)  # the position of each word's first token
        for pos, startchar in noted:
            i = bisect_right(starts, startchar) - 1
            if firsts[i] < 0:
                firsts[i] = pos
        # Each word must come back alone, as one match with a position (else one at a time).
        if [m.span() for m in self.pattern.finditer(text)] != spans or -1 in firsts:
            for w in new:
                self.word(w)
            return
        tokens: list[list[Token]] = [[] for _ in new]
        for term, pos, startchar, endchar, boost in found:
            i = bisect_right(starts, startchar) - 1
            start = starts[i]
            tokens[i].append((term, pos - firsts[i], startchar - start, endchar - start, boost))
        after = [*firsts[1:], 1 + max(pos for pos, _ in noted)]
        for i, w in enumerate(new):
            self._remember(w, after[i] - firsts[i], tuple(tokens[i]))

    def tokens(self, words: Sequence[tuple[str, int]]) -> list[Token]:
        """The tokens of a value given as its words (text, start char), as the analyzer would
        make them of the whole value: positions and chars absolute."""
        memo = self._memo
        new = [w for w, _ in words if w not in memo]
        if new:
            self.learn(new)
        out: list[Token] = []
        append = out.append
        pos = 0
        for text, start in words:
            width, tokens = memo[text]
            for term, dpos, dstart, dend, boost in tokens:
                append((term, pos + dpos, start + dstart, start + dend, boost))
            pos += width
        return out

    def split(self, value: str) -> tuple[list[str], list[int]]:
        """The words of a value, as the tokenizer matches them, and their start chars."""
        parts = self._splitter.split(value)  # gap, word, gap, ..., word, gap
        ends = list(itertools.accumulate(map(len, parts)))
        return parts[1::2], ends[:-1:2]

    def postings(self, fmt: Format, words: list[str], starts: list[int]) -> list[PostingItem]:
        """What ``fmt.word_values`` makes of the tokens of a value given as its words and their
        start chars (:meth:`split`), terms UTF-8 encoded.

        One pass over the words groups their remembered tokens by term, without making the
        value's token list first; a frequency is counted by ``Counter`` over the words' terms.
        """
        memo = self._memo
        new = list(itertools.filterfalse(memo.__contains__, words))  # C-level: most are known
        if new:
            self.learn(new)
        if not self.unit_boosts:
            return postings(fmt, self.tokens(list(zip(words, starts, strict=True))))
        fb = fmt.field_boost
        if type(fmt) is Frequency:
            tally = Counter(itertools.chain.from_iterable(map(self._texts.__getitem__, words)))
            return [(w.encode("utf-8"), n, n * fb, _pack_freq(n)) for w, n in tally.items()]
        seen: dict[str, list[Any]] = {}
        get = seen.get
        pos = 0
        if type(fmt) is CompactCharacters and _INT32_NATIVE:
            # The value is the flat int32 array itself: (pos, start, end) laid out as they come.
            for word, start in zip(words, starts, strict=True):
                width, tokens = memo[word]
                for term, dpos, dstart, dend, _ in tokens:
                    where = get(term)
                    if where is None:
                        seen[term] = [pos + dpos, start + dstart, start + dend]
                    else:
                        where += (pos + dpos, start + dstart, start + dend)
                pos += width
            return [(w.encode("utf-8"), len(p) // 3, len(p) // 3 * fb, array("i", p).tobytes())
                    for w, p in seen.items()]
        if type(fmt) in CHARACTER_FORMATS:
            for word, start in zip(words, starts, strict=True):
                width, tokens = memo[word]
                for term, dpos, dstart, dend, _ in tokens:
                    entry = (pos + dpos, start + dstart, start + dend)
                    where = get(term)
                    if where is None:
                        seen[term] = [entry]
                    else:
                        where.append(entry)
                pos += width
        else:
            for word in words:
                width, tokens = memo[word]
                for term, dpos, _, _, _ in tokens:
                    where = get(term)
                    if where is None:
                        seen[term] = [pos + dpos]
                    else:
                        where.append(pos + dpos)
                pos += width
        if type(fmt) is CompactPositions and _INT32_NATIVE:
            return [(w.encode("utf-8"), len(p), len(p) * fb, array("i", p).tobytes())
                    for w, p in seen.items()]
        encode = fmt.encode
        return [(w.encode("utf-8"), len(p), len(p) * fb, encode(p)) for w, p in seen.items()]


def _noting(stream: Iterator[Any], noted: list[tuple[int, int]]) -> Iterator[Any]:
    for t in stream:
        noted.append((t.pos, t.startchar))
        yield t


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


def postings(fmt: Format, tokens: list[Token]) -> list[PostingItem]:
    """The postings ``fmt.word_values`` makes of these tokens, terms UTF-8 encoded."""
    fb = fmt.field_boost
    weights: dict[str, float] = {}
    if type(fmt) is Frequency:
        freqs: dict[str, int] = {}
        for text, _, _, _, boost in tokens:
            freqs[text] = freqs.get(text, 0) + 1
            weights[text] = weights.get(text, 0.0) + boost
        return [(w.encode("utf-8"), n, weights[w] * fb, _pack_freq(n)) for w, n in freqs.items()]
    seen: dict[str, list[Any]] = {}
    chars = type(fmt) in CHARACTER_FORMATS
    for text, pos, start, end, boost in tokens:
        where = seen.get(text)
        if where is None:
            where = seen[text] = []
            weights[text] = 0.0
        where.append((pos, start, end) if chars else pos)
        weights[text] += boost
    encode = fmt.encode
    return [(w.encode("utf-8"), len(p), weights[w] * fb, encode(p)) for w, p in seen.items()]


#: ``Frequency``'s value of each frequency met so far (``pack_uint``; a few distinct ones).
_FREQS: dict[int, bytes] = {}


def _pack_freq(n: int) -> bytes:
    packed = _FREQS.get(n)
    if packed is None:
        packed = _FREQS[n] = pack_uint(n)
    return packed


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
        self._last: dict[str, tuple[str, list[PostingItem]]] = {}

    def forget(self) -> None:
        """Let go of every word's analysis and the last document's postings (a build's end)."""
        for terms in self._terms.values():
            terms.forget()
        self._last.clear()

    def shared(self, fieldname: str) -> bool:
        """Whether the field's postings come from the shared analysis of words."""
        return fieldname in self._terms

    def document(self, fields: dict[str, Any]) -> dict[str, list[PostingItem]]:
        """The postings of each indexed field of one document: ``field.index(value)``'s items.

        :param fields: the document, field name → value (fields the schema does not index, and
            fields whose value is None, are left out of the result).
        """
        words: dict[tuple[re.Pattern[str], str], tuple[list[str], list[int]]] = {}
        out: dict[str, list[PostingItem]] = {}
        for name, field in self._indexed.items():
            value = fields.get(name)
            if value is None:
                continue
            last = self._last.get(name)
            if last is not None and last[0] == value:
                # New value objects: a postings block pickles them, and pickle writes an object
                # met twice as a reference, which Whoosh's own writer never does.
                out[name] = [(t, n, w, bytes(bytearray(v))) for t, n, w, v in last[1]]
                continue
            terms = self._terms.get(name)
            if terms is None:
                items = list(field.index(value))
            else:
                key = (terms.pattern, value)
                split = words.get(key)
                if split is None:
                    split = words[key] = terms.split(value)
                items = terms.postings(field.format, *split)
            self._last[name] = (value, items)
            out[name] = items
        return out
