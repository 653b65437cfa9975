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

from ..quick_loading import NamedTuple
from .accents import accent_fold
from .budget import MAX_FUZZY_CHARS
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


#: A word typed is corrected in a query that found nothing only when it is this long at least,
#: one edit (accents free) from a word of the books, and no word in its own right: "Kostnay" is
#: Kostanay, but "Poutine" (two edits from "pectine"), "poire" (a French word, one edit from
#: "foire") or "Atlanta" (a city, one edit from the firm "Atlant") is a word the books lack.
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
        key = (distance(accent_fold(cand), accent_fold(word)), -frequency.get(cand, 0), cand)
        if key[0] == 0:
            continue  # differs only by accents: the search already found it
        if best is None or key < best:
            best = key
    return (best[2], best[0]) if best else None


class Suggestion(NamedTuple):
    """A query's unknown words replaced by the closest words of the books."""

    #: The query with its words replaced.
    text: str
    #: The words replaced, when each is one edit from its replacement and long enough
    #: (:data:`CORRECTED_LENGTH`); empty when one is not, or when a word has no replacement.
    typos: tuple[str, ...]

    def is_correction(self) -> bool:
        """Whether a query that found nothing is searched as :attr:`text` instead: its words
        are typos, none a word in its own right (asked last: it reads a dictionary and
        GeoNames, once per process)."""
        if not self.typos:
            return False
        from ..analysis.gazetteer import is_word_elsewhere  # here: few searches correct

        return not any(map(is_word_elsewhere, self.typos))


def suggestion(reader: IndexReader, query: str, words: Sequence[str]) -> Suggestion | None:
    """``query`` with the unknown ``words`` replaced by the closest words of the books
    (``None``: nothing to say).

    :param reader: the reader of the searched index.
    :param query: the query as typed.
    :param words: the plain words of the query the books lack, as typed.
    """
    text = query
    typos: list[str] | None = []
    for word in words:
        lower = word.lower().strip(".,;:!?")
        # A word longer than any of the books is near none, and its automaton is costly (.budget).
        if not MIN_LENGTH <= len(lower) <= MAX_FUZZY_CHARS or not lower.isalpha():
            continue
        frequency = index_arrays(reader).vocabulary(reader, "spell")[1]
        if frequency.get(lower) or frequency.get(accent_fold(lower)):
            continue
        closest = _closest(reader, lower)
        if closest is None:
            typos = None  # a word the books lack stays: the query is not a typo's
            continue
        text = text.replace(word, closest[0], 1)
        if typos is not None and closest[1] == 1 and len(lower) >= CORRECTED_LENGTH:
            typos.append(lower)
        else:
            typos = None
    if text == query:
        return None
    return Suggestion(text, tuple(typos or ()))
