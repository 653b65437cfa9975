""""Did you mean": real words of the books close to the words a query found little with.

Suggestions come from the ``spell`` field, which holds the paragraphs' words lower-cased but
neither folded nor stemmed, so what is suggested is a word a reader would type (``coopération``),
never a stem (``cooper``).
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.reading import IndexReader
from whoosh.support.levenshtein import distance

from .expand import fold

#: Words shorter than this are not corrected (too many neighbours to be useful).
MIN_LENGTH = 4


def _closest(reader: IndexReader, word: str) -> str | None:
    """The most frequent word of the books within two edits of ``word`` (accents are free)."""
    best: tuple[int, int, str] | None = None
    maxdist = 1 if len(word) < 6 else 2
    for candidate in reader.terms_within("spell", word, maxdist, prefix=1):
        cand = candidate if isinstance(candidate, str) else candidate.decode("utf-8")
        if cand == word:
            continue
        key = (distance(fold(cand), fold(word)), -reader.doc_frequency("spell", cand), cand)
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
        if len(lower) < MIN_LENGTH or not lower.isalpha():
            continue
        if reader.doc_frequency("spell", lower) or reader.doc_frequency("spell", fold(lower)):
            continue
        replacement = _closest(reader, lower)
        if replacement:
            suggestion = suggestion.replace(word, replacement, 1)
            changed = True
    return suggestion if changed else None
