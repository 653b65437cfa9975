"""Words that say what kind of place a name is (``région``, ``République``), and the words of a
state's official name (``populaire``, ``islamique``): beside a place's name, a passage need not
print them. The query parser makes them optional beside a place typed as words
(:func:`place_kinds_apart`); the expander, inside a name its tables know whole
(``République populaire de Chine``, an acronym's full name, is also every passage on China).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..analysis.french import fold

TYPE_CHECKING = False
if TYPE_CHECKING:  # the expander imports this module: its types only, for the annotations
    from whoosh import query as Q

    from .expand import Expander

__all__ = ["OPTIONAL_BESIDE_A_PLACE", "PLACE_KINDS", "STATE_QUALIFIERS", "place_kinds_apart",
           "place_of"]

#: Words saying what kind of place a name is, folded: beside a place's name a passage need not
#: print them (most passages on Kostanay never say "région de Kostanay").
PLACE_KINDS = frozenset({
    "region", "regions", "oblast", "oblasts", "province", "provinces", "district", "districts",
    "raion", "raions", "ville", "villes", "cite", "city", "republique", "republic", "territoire",
    "krai", "okroug", "okrug", "municipalite", "gouvernorat", "comte", "capitale",
    "federation", "royaume", "principaute", "sultanat",
})
#: Words of a state's official name, folded: beside a place kind they are as optional as it is
#: (``République islamique d'Iran`` is every passage on Iran, ``République populaire de Chine``
#: every one on China); alone they are words like any other.
STATE_QUALIFIERS = frozenset({
    "populaire", "islamique", "socialiste", "democratique", "federale", "federative", "arabe",
    "unie", "bolivarienne", "hachemite", "plurinational",
})
#: What a passage need not hold beside a place's name, once the query says its kind.
OPTIONAL_BESIDE_A_PLACE = PLACE_KINDS | STATE_QUALIFIERS


def place_of(words: Sequence[str], names_a_place: Callable[[str], bool],
             is_stop_word: Callable[[str], bool]) -> str | None:
    """The one place name of ``words`` when the others say its kind (and its state's
    qualifiers): ``Chine`` of ``République populaire de Chine``; else ``None``."""
    folded = [fold(w) for w in words]
    if not PLACE_KINDS.intersection(folded):
        return None
    rest = [w for w, f in zip(words, folded, strict=True)
            if f not in OPTIONAL_BESIDE_A_PLACE and not is_stop_word(w)]
    if len(rest) != 1 or not names_a_place(rest[0]):
        return None
    return rest[0]


def place_kinds_apart(plain: list[str], clauses: list[Q.Query], expander: Expander
                      ) -> tuple[list[Q.Query], list[Q.Query]]:
    """The clauses a passage must hold, and the place kinds it may (see the module docstring):
    a place kind typed as a word of its own beside a place's name, in a query of one or two other
    words (a state's qualifiers beside the kind too); else every clause, as typed. A kind
    inside a name the tables know as a whole
    (``République de Corée``) is part of that name's clause, not a word of its own."""
    typed = [fold(str(getattr(c, "display", ""))) for c in clauses]
    if not PLACE_KINDS.intersection(typed):
        return clauses, []
    kinds = [c for c, word in zip(clauses, typed, strict=True) if word in OPTIONAL_BESIDE_A_PLACE]
    if not 0 < len(clauses) - len(kinds) <= 2:
        return clauses, []
    if not any(expander.names_a_place(w) for w in plain
               if fold(w) not in OPTIONAL_BESIDE_A_PLACE):
        return clauses, []
    return [c for c in clauses if not any(c is k for k in kinds)], kinds
