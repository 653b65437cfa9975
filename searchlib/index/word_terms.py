"""Each distinct word's analysis by one analyzer, remembered in flat tables under an id per word.

:class:`WordTerms` runs a wordwise analyzer (:func:`~.shared_analysis.wordwise`) once per
distinct word of a build, not per occurrence: plain, elided and hyphenated words through the
chain's shortcut (:mod:`.word_shortcuts`), the rest in one run of the analyzer over all the new
words of a value or a book. Each word gets an id, in the order met; its width in positions (more
than one for a compound, whose parts shift the words after it) and its tokens, relative to the
word, go into tables of one entry per word and one per token (:class:`WordTables` as arrays),
from which :mod:`.word_postings` groups a whole segment's postings.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from whoosh.analysis import CompositeAnalyzer

from ..analysis.french import WORD_RE, CompoundFilter, FrenchTokenizer
from ..quick_loading import NamedTuple
from .word_shortcuts import shortcut

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Token", "WordTables", "WordTerms"]

#: One token: (text, position, start char, end char, boost).
Token = tuple[str, int, int, int, float]


class WordTables(NamedTuple):
    """:class:`WordTerms`' tables as arrays (see its attributes of the same names)."""

    widths: np.ndarray
    token_counts: np.ndarray
    first_tokens: np.ndarray
    token_terms: np.ndarray
    token_positions: np.ndarray
    token_starts: np.ndarray
    token_ends: np.ndarray


class WordTerms:
    """The tokens one analyzer makes of each distinct word, relative to the word, remembered.

    Each word met gets an id, in the order met, and its tokens go into flat tables (one entry per
    token of every word, word after word): what :mod:`.word_postings` groups a segment's
    postings from, with array operations instead of a loop over tokens.

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
        # The pattern as one group: ``split`` gives the gaps and the words, C-level.
        self._splitter = re.compile(f"({self.pattern.pattern})", self.pattern.flags)
        # Plain words answered without running the analyzer (.word_shortcuts), when it has one.
        self._shortcut = shortcut(items)
        self.forget()

    def forget(self) -> None:
        """Let go of the words remembered so far (ids start again from 0)."""
        self._ids: dict[str, int] = {}
        #: Per word id: the positions it takes, its number of tokens, where they begin in the
        #: token tables.
        self.widths: list[int] = []
        self.token_counts: list[int] = []
        self.first_tokens: list[int] = []
        #: Per token of every word: its term's id, position, start and end char in the word.
        self.token_terms: list[int] = []
        self.token_positions: list[int] = []
        self.token_starts: list[int] = []
        self.token_ends: list[int] = []
        #: Term id -> its text, and the text UTF-8 encoded (as a term is written).
        self.terms: list[str] = []
        self.term_bytes: list[bytes] = []
        self._term_ids: dict[str, int] = {}
        self._arrays: WordTables | None = None

    def arrays(self) -> WordTables:
        """The tables of the words remembered so far, as arrays (made again only after new
        words: the fields of a segment share them)."""
        tables = self._arrays
        if tables is None or len(tables.widths) != len(self.widths):
            tables = self._arrays = WordTables(*(
                np.array(column, dtype=np.intp) for column in (
                    self.widths, self.token_counts, self.first_tokens, self.token_terms,
                    self.token_positions, self.token_starts, self.token_ends)))
        return tables

    def _remember(self, words: list[str], analysed: list[tuple[int, tuple[Token, ...]]]
                  ) -> None:
        """Give each word the next id and add its analysis (width, tokens) to the tables: one
        extension per table for all of them."""
        start = len(self.widths)
        self._ids.update(zip(words, range(start, start + len(words)), strict=True))
        self.widths += [width for width, _ in analysed]
        counts = [len(tokens) for _, tokens in analysed]
        self.token_counts += counts
        self.first_tokens += itertools.accumulate(counts[:-1], initial=len(self.token_terms))
        found = list(itertools.chain.from_iterable(tokens for _, tokens in analysed))
        if not found:
            return
        texts, positions, starts, ends, boosts = zip(*found, strict=True)
        if boosts.count(1.0) != len(boosts):
            # No wordwise filter sets a boost; a weight would then be a sum of boosts.
            raise ValueError(f"{self.analyzer!r} gave a boost to a word: not wordwise")
        term_ids = self._term_ids
        new = [t for t in dict.fromkeys(texts) if t not in term_ids]
        term_ids.update(zip(new, itertools.count(len(self.terms))))
        self.terms += new
        self.term_bytes += [t.encode("utf-8") for t in new]
        self.token_terms += map(term_ids.__getitem__, texts)
        self.token_positions += positions
        self.token_starts += starts
        self.token_ends += ends

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

    def _answer(self, word: str) -> tuple[int, tuple[Token, ...]] | None:
        """The shortcut's analysis of a word; None when it has none (or the tokenizer would not
        give the word back whole)."""
        if self.pattern.fullmatch(word) is None:
            return None
        return self._shortcut(word)  # type: ignore[misc]

    def word(self, word: str) -> tuple[int, tuple[Token, ...]]:
        """(width in positions, tokens at positions and chars relative to the word)."""
        i = self._ids.get(word)
        if i is None:
            tokens, noted = self._run(word)
            self._remember([word], [(1 + max(pos for pos, _ in noted), tuple(tokens))])
            i = self._ids[word]
        first = self.first_tokens[i]
        span = range(first, first + self.token_counts[i])
        return self.widths[i], tuple(
            (self.terms[self.token_terms[t]], self.token_positions[t], self.token_starts[t],
             self.token_ends[t], 1.0) for t in span)

    def learn(self, words: Iterable[str], matched: bool = False) -> None:
        """Remember the words not met yet, analysed in one run of the analyzer over them all
        (joined by spaces: a run per word would cost a chain of generators per word).

        :param words: the words.
        :param matched: whether each word is one the tokenizer matched whole (a value's words,
            as :meth:`split` and :meth:`words` give them), which the shortcut then need not
            check.
        """
        new = list(itertools.filterfalse(self._ids.__contains__, dict.fromkeys(words)))
        if self._shortcut is not None:
            answers = list(map(self._shortcut if matched else self._answer, new))
            self._remember([w for w, a in zip(new, answers, strict=True) if a is not None],
                           [a for a in answers if a is not None])
            new = [w for w, a in zip(new, answers, strict=True) if a is None]
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
        self._remember(new, [(after[i] - firsts[i], tuple(tokens[i])) for i in range(len(new))])

    def ids(self, words: list[str]) -> list[int]:
        """The ids of these words, the new ones learnt first."""
        found = self._ids
        # C-level, no scan for a None after it: a build's documents give only known words.
        try:
            return list(map(found.__getitem__, words))
        except KeyError:
            self.learn([w for w in words if w not in found])
        return list(map(found.__getitem__, words))

    def tokens(self, words: Sequence[tuple[str, int]]) -> list[Token]:
        """The tokens of a value given as its words (text, start char), as the analyzer would
        make them of the whole value: positions and chars absolute."""
        self.learn(w for w, _ in words)
        out: list[Token] = []
        pos = 0
        for text, start in words:
            width, tokens = self.word(text)
            out += [(term, pos + dpos, start + dstart, start + dend, boost)
                    for term, dpos, dstart, dend, boost in tokens]
            pos += width
        return out

    def words(self, value: str) -> list[str]:
        """The words of a value, as the tokenizer matches them (no offsets: a third cheaper)."""
        if self.pattern.groups:  # findall would give the groups
            return self.split(value)[0]
        return self.pattern.findall(value)

    def split(self, value: str) -> tuple[list[str], list[int]]:
        """The words of a value, as the tokenizer matches them, and their start chars."""
        parts = self._splitter.split(value)  # gap, word, gap, ..., word, gap
        ends = list(itertools.accumulate(map(len, parts)))
        return parts[1::2], ends[:-1:2]


def _noting(stream: Iterator[Any], noted: list[tuple[int, int]]) -> Iterator[Any]:
    for t in stream:
        noted.append((t.pos, t.startchar))
        yield t
