""""Did you mean": real words of the books close to the words a query found little with.

Suggestions come from the ``spell`` field, which holds the paragraphs' words lower-cased but
neither folded nor stemmed, so what is suggested is a word a reader would type (``coopération``),
never a stem (``cooper``).

The candidates are Whoosh's: its Levenshtein automaton walked along the sorted vocabulary. The
vocabulary is held in memory (:meth:`.postings.IndexArrays.vocabulary`) rather than read through
the on-disk term cursor, whose seeks made a suggestion cost about 40 ms.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from whoosh.codec.base import Automata
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import distance

from .budget import MAX_FUZZY_CHARS
from .expand import fold
from .postings import index_arrays

#: Words shorter than this are not corrected (too many neighbours to be useful).
MIN_LENGTH = 4


class _Cursor:
    """The term cursor Whoosh's automaton walks, over a sorted list of words in memory."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.i = 0

    def text(self) -> str | None:
        return self.words[self.i] if self.i < len(self.words) else None

    def find(self, key: str) -> None:
        self.i = bisect_left(self.words, key)


def _closest(reader: IndexReader, word: str) -> str | None:
    """The most frequent word of the books within two edits of ``word`` (accents are free)."""
    best: tuple[int, int, str] | None = None
    maxdist = 1 if len(word) < 6 else 2
    words, frequency = index_arrays(reader).vocabulary(reader, "spell")
    dfa = Automata.levenshtein_dfa(word, maxdist, prefix=1)
    for cand in Automata.find_matches(dfa, _Cursor(words)):
        if cand == word:
            continue
        key = (distance(fold(cand), fold(word)), -frequency.get(cand, 0), cand)
        if key[0] == 0:
            continue  # differs only by accents: the search already found it
        if best is None or key < best:
            best = key
    return best[2] if best else None


def suggest(reader: IndexReader, query: str, words: Sequence[str]) -> str | None:
    """``query`` with unknown words replaced by the closest real words (``None``: nothing to say).

    :param reader: the reader of the searched index.
    :param query: the query as typed.
    :param words: the plain words of the query, as typed.
    """
    suggestion = query
    changed = False
    for word in words:
        lower = word.lower().strip(".,;:!?")
        # A word longer than any of the books is near none, and its automaton is costly (.budget).
        if not MIN_LENGTH <= len(lower) <= MAX_FUZZY_CHARS or not lower.isalpha():
            continue
        frequency = index_arrays(reader).vocabulary(reader, "spell")[1]
        if frequency.get(lower) or frequency.get(fold(lower)):
            continue
        replacement = _closest(reader, lower)
        if replacement:
            suggestion = suggestion.replace(word, replacement, 1)
            changed = True
    return suggestion if changed else None
