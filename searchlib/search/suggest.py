""""Did you mean": real words of the books close to the words a query found little with, and the
correction of a query that found nothing because of a typo.

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


#: A word typed is corrected in a query that found nothing only when it is this long at least
#: and one edit (accents free) from a word of the books: "Kostnay" is Kostanay, but "Poutine"
#: (two edits from "pectine") or "Kiev" is a word the books do not print.
CORRECTED_LENGTH = 5


def _closest(reader: IndexReader, word: str) -> tuple[str, int] | None:
    """The most frequent word of the books within two edits of ``word`` (accents are free), and
    how many edits."""
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
    return (best[2], best[0]) if best else None


def suggest(reader: IndexReader, query: str, words: Sequence[str]) -> str | None:
    """``query`` with unknown words replaced by the closest real words (``None``: nothing to say).

    :param reader: the reader of the searched index.
    :param query: the query as typed.
    :param words: the plain words of the query, as typed.
    """
    found = _replaced(reader, query, words)
    return found[0] if found else None


def correction(reader: IndexReader, query: str, words: Sequence[str]) -> str | None:
    """``query`` with its unknown words corrected, when each is a sure typo (see
    :data:`CORRECTED_LENGTH`): what a query that found nothing is searched as instead."""
    found = _replaced(reader, query, words)
    return found[0] if found and found[1] else None


def _replaced(reader: IndexReader, query: str, words: Sequence[str]) -> tuple[str, bool] | None:
    """``query`` with the unknown ``words`` replaced by their closest words, and whether every
    replacement is sure; ``None`` when no word is replaced."""
    suggestion = query
    changed = False
    sure = True
    for word in words:
        lower = word.lower().strip(".,;:!?")
        # A word longer than any of the books is near none, and its automaton is costly (.budget).
        if not MIN_LENGTH <= len(lower) <= MAX_FUZZY_CHARS or not lower.isalpha():
            continue
        frequency = index_arrays(reader).vocabulary(reader, "spell")[1]
        if frequency.get(lower) or frequency.get(fold(lower)):
            continue
        closest = _closest(reader, lower)
        if closest:
            suggestion = suggestion.replace(word, closest[0], 1)
            changed = True
            sure = sure and closest[1] == 1 and len(lower) >= CORRECTED_LENGTH
        else:
            sure = False  # a word the books lack stays: the query is not a typo's
    return (suggestion, sure) if changed else None
