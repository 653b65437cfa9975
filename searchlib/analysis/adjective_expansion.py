"""What a word's adjectives add to its spellings: a country's nationality adjectives and an
adjective's country (``corpus/demonyms.tsv``: ``kazakhes`` finds Kazakhstan and Qazaqstan,
``Kazakhstan`` finds kazakh, kazakhstanais), a noun's relational adjectives
(``corpus/adjectives.tsv``: ``lait`` finds laitier), all below the other spellings
(:data:`DEMONYM_WEIGHT`).

One way only for a noun: ``produits laitiers`` are about milk, but a passage on ``le lait en
poudre`` is not about the dairy industry (``industrie laitière``), while ``kazakhes`` is about
Kazakhstan either way. Called by :func:`.spellings.spellings`.
"""

from __future__ import annotations

from collections.abc import Callable

from .corpus_tables import CorpusTables
from .demonyms import DemonymTable
from .lookups import safely

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DEMONYM_WEIGHT", "add_adjectives"]

#: Weight of a country for its adjective and the reverse (a noun and its relational adjective
#: too), relative to a spelling of the word typed: an adjective speaks of its noun without
#: naming it.
DEMONYM_WEIGHT = 0.5


def add_adjectives(word: str, names: list[str], tables: CorpusTables, terms: Callable[[str], Any],
                   add: Callable[..., None]) -> None:
    """Pass to ``add`` (form, kind, why, weight) what both tables give ``word``, spelled
    ``names`` too; ``terms`` analyses a form (two forms of one stem are one alternative)."""
    _from_table(word, names, tables, terms, add, tables.demonyms, "gentilé", "demonyms.tsv")
    _from_table(word, names, tables, terms, add, tables.adjectives, "adjectif", "adjectives.tsv",
                to_name=False)


def _from_table(word: str, names: list[str], tables: CorpusTables, terms: Callable[[str], Any],
                add: Callable[..., None], table: DemonymTable, kind: str, source: str,
                to_name: bool = True) -> None:
    """What one table adds: the name's adjectives, and with ``to_name`` the names ``word`` is an
    adjective of, with their spellings."""
    named = safely(table.countries, word) if to_name else []
    for name in named:
        add(name, kind, f"corpus/{source} : adjectif de {name}", DEMONYM_WEIGHT)
        for other in sorted(safely(tables.variants.expand, name)):
            add(other, "variante", f"corpus/variants.tsv, pour {name}", DEMONYM_WEIGHT)
    # One alternative per stem: ``bélarussien`` and ``bélarussienne`` are one term to the
    # index, and two alternatives would count it twice in the score.
    stems = {terms(word)}
    for name in (word, *names, *named):
        for adjective in safely(table.adjectives, name):
            analysed = terms(adjective)
            if analysed not in stems:
                stems.add(analysed)
                # The table's workshops (laiterie, fromagerie) are nouns: said so to the reader.
                if adjective.endswith("erie"):
                    add(adjective, "dérivé", f"corpus/{source} : dérivé de {name}",
                        DEMONYM_WEIGHT)
                else:
                    add(adjective, kind, f"corpus/{source} : adjectif de {name}", DEMONYM_WEIGHT)
