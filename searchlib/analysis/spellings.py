"""The other spellings and the acronyms of a typed word or name, as the expansion tables give them.

The :class:`~searchlib.search.expand.Expander` ORs them in for a word (each as an
:class:`~searchlib.search.nodes.Expansion`); they depend on the text and the tables only, so
the build finds them once for each form of the tables (:mod:`searchlib.index.expansion`), the
words a query most often types that have some (a city, a country, an acronym), and a query reads
them back instead of asking the tables again (a fifth of a millisecond for a city or a country,
most of its parse). Anything else is found here, at query time, by the same functions.

* :func:`spellings`: the variant table's spellings, a country's adjectives and an adjective's
  country (:mod:`.adjective_expansion`), a city's printed forms from the gazetteer, a word typed
  joined that the books print in two words, the words the books glue to a learned prefix
  before it; each as ``(kind, form, why, weight)``.
* :func:`acronyms`: an acronym's full names and a full name's acronyms, per book when the books
  disagree; each as ``(form, why, books, weight)``.
"""

from __future__ import annotations

from collections.abc import Callable

from .adjective_expansion import add_adjectives
from .corpus_tables import CorpusTables
from .lookups import may_hold, safely

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["HEADED_WEIGHT", "Acronym", "Spelling", "acronyms", "spellings"]

#: One other spelling: its kind (``variante``, ``lieu``, ``gentilé``, ``adjectif``, ``composé``),
#: the form, why, and its weight relative to the word typed.
Spelling = tuple[str, str, str, float]
#: Weight of a word a learned prefix heads before the word typed (``microélectronique`` for
#: ``électronique``), relative to the word: a kind of it, named otherwise.
HEADED_WEIGHT = 0.5
#: One acronym or full name: the form, why, the books where it holds (empty: all), its weight.
Acronym = tuple[str, str, tuple[str, ...], float]


def spellings(word: str, tables: CorpusTables,
              terms: Callable[[str], Any]) -> tuple[Spelling, ...]:
    """Other spellings of the name ``word``: the variant table's, then the gazetteer's, with
    the variant table's spellings of the printed forms it gives (``Tselinograd`` is Astana,
    which a book also prints as Nur-Sultan).

    :param terms: the query's analysis of a form (two adjectives of one stem are one).
    """
    if not may_hold(tables.may_respell, word):
        return ()  # most words: in none of the tables, each asked only whether it holds it
    seen = {word.casefold()}
    found: list[Spelling] = []

    def add(alt: str, kind: str, why: str, weight: float = 1.0) -> None:
        if alt.casefold() not in seen:
            seen.add(alt.casefold())
            found.append((kind, alt, why, weight))

    # Sorted: the table gives a set, whose order (and so the order the scores of the
    # alternatives are summed in, their last digit) would vary with the hash seed.
    names = sorted(safely(tables.variants.expand, word))
    for alt in names:
        add(alt, "variante", "corpus/variants.tsv")
    add_adjectives(word, names, tables, terms, add)
    for alt, city in safely(tables.places.expand, word):
        add(alt, "lieu", f"GeoNames : {city}")
        for other in sorted(safely(tables.variants.expand, alt)):
            add(other, "variante", f"corpus/variants.tsv, pour {alt}")
    for alt in tables.compounds.split(word):  # ``Hongkong`` typed, ``Hong Kong`` printed
        found.append(("composé", alt, "écrit en deux mots dans les livres", 1.0))
    for alt in tables.compounds.headed(word):  # ``chimie`` typed, ``pétrochimie`` printed
        add(alt, "composé", "le mot précédé d'un préfixe savant dans les livres", HEADED_WEIGHT)
    return tuple(found)


def acronyms(text: str, tables: CorpusTables) -> tuple[Acronym, ...]:
    """The acronyms and full names of the table for ``text`` (an acronym or a full name),
    ``text`` itself aside."""
    if not may_hold(tables.acronyms.knows, text):
        return ()
    found: list[Acronym] = []
    for alt in safely(tables.acronyms.expand, text):
        if alt.form.casefold() == text.casefold():
            continue
        books = tuple(sorted(alt.books)) if alt.books is not None else ()
        found.append((alt.form, alt.why, books, alt.weight))
    return tuple(found)
