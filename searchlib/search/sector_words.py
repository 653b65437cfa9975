"""Words naming a field of activity (``secteur``, ``domaine``): beside the words saying which
field (``secteur agricole``, ``domaine de la santé``), a passage need not print them, and the
relational adjective they go with stands for its whole field.

Most passages on farming never say "secteur agricole": they say agriculture, agricole, complexe
agro-industriel. So the parser makes a sector word optional (the passages printing it rank
higher: :func:`.query._parse_simple`), and the adjective it goes with, which alone is narrower
than its noun (``corpus/adjectives.tsv`` takes a noun to its adjectives, never the reverse:
``industrie laitière`` is not every passage on milk), finds its noun's passages too:
``secteur agricole`` is agriculture, ``secteur énergétique`` énergie.
"""

from __future__ import annotations

from whoosh import query as Q

from ..analysis.folding import fold
from ..analysis.lookups import safely
from .expand import Expander
from .nodes import Expansion, named

__all__ = ["SECTOR_WORDS", "sector_words_apart"]

#: Words naming a field of activity, folded. Not ``industrie``: ``industrie légère`` is no
#: passage on what is light.
SECTOR_WORDS = frozenset({"secteur", "secteurs", "domaine", "domaines", "sphere", "spheres",
                          "filiere", "filieres"})


def sector_words_apart(clauses: list[Q.Query], expander: Expander
                       ) -> tuple[list[Q.Query], list[Q.Query]]:
    """The clauses a passage must hold, a relational adjective among them also standing for
    its noun, and the sector words it may hold; every clause as typed when there is no sector
    word or nothing beside it."""
    typed = [fold(str(getattr(c, "display", ""))) for c in clauses]
    if not SECTOR_WORDS.intersection(typed):
        return clauses, []
    rest = [c for c, word in zip(clauses, typed, strict=True) if word not in SECTOR_WORDS]
    if not rest:
        return clauses, []
    sectors = [c for c, word in zip(clauses, typed, strict=True) if word in SECTOR_WORDS]
    return [_with_its_field(c, expander) for c in rest], sectors


def _with_its_field(clause: Q.Query, expander: Expander) -> Q.Query:
    """``clause`` ORed with the nouns its word is a relational adjective of (``agricole``:
    agriculture, with that noun's own expansions)."""
    word = str(getattr(clause, "display", ""))
    parts, found = [clause], []
    for noun in safely(expander.tables.adjectives.countries, word):
        q = expander.word(noun)
        if q is not None:
            parts.append(q)
            found.append(Expansion(word, "nom", noun,
                                   f"corpus/adjectives.tsv : le domaine de « {word} »"))
    return named(Q.Or(parts), word, found) if found else clause
