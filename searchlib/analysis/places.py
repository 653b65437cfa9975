"""The query side of the gazetteer: a typed spelling of a city → the forms the books print.

:mod:`.gazetteer` finds, at ingest, the cities each book names and the spellings a reader could
type for each (:class:`~searchlib.model.Place`); :class:`PlaceTable` is what a search reads,
built from those places or from the plain data a build stored
(:mod:`searchlib.index.expansion`). A module of its own so that a search does not import the
gazetteer's ingest machinery (its filters, GeoNames loading, difflib): 5 ms of every new
process's start.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .lookups import converted
from .tables import normalize
from .variants import variant_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import Place

__all__ = ["PlaceTable", "name_key", "spelling_key"]

#: Each ASCII character but ``[a-z0-9]`` as a space, for ``str.translate``: what ``[^a-z0-9]+``
#: parts an ASCII text at, without compiling it (70 µs, by the first name of other signs a
#: process normalised: at query time, some query's first run).
_NON_KEY_AS_SPACE = str.maketrans(dict.fromkeys(
    (c for c in map(chr, range(0x80)) if not ("a" <= c <= "z" or "0" <= c <= "9")), " "))


def spelling_key(text: str) -> str:
    """Cheap normalised key of a name: ASCII lower case, words joined by one space."""
    if text.isalpha() and text.isascii():
        return text.lower()  # most names: one plain word
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Words of letters and digits apart (most names: an accented word folded, words parted by
    # spaces, hyphens or apostrophes) are joined by string methods, no expression compiled.
    spaced = text.lower().replace("-", " ").replace("'", " ")
    if spaced.replace(" ", "").isalnum():
        return " ".join(spaced.split())
    return " ".join(spaced.translate(_NON_KEY_AS_SPACE).split())


def name_key(text: str) -> str:
    """The transliteration key of each word of a name (:func:`~.variants.variant_key`)."""
    return _name_key_of(spelling_key(text))


def _name_key_of(spelled: str) -> str:
    """:func:`name_key` of a text whose :func:`spelling_key` is ``spelled``."""
    return " ".join(variant_key(w) for w in spelled.split())


class PlaceTable:
    """Query side of the gazetteer: a typed spelling → the forms the books print for that city.

    A spelling is found as listed (any case, accents ignored); a capitalised word is also looked
    up by transliteration key (like ``corpus/variants.tsv``), so a spelling GeoNames lacks but
    the rules join (``Kostanaï``) is found too. Not a word in lower case: ``vendu`` (sold) shares
    its key with ``Vendzou`` (Wenzhou).

    :param places: the places of every book (a city named by two books is merged).
    """

    def __init__(self, places: Iterable[Place]) -> None:
        self.printed: dict[int, set[str]] = {}
        self.names: dict[int, str] = {}
        self.by_key: dict[str, set[int]] = {}
        self.by_spelling: dict[str, set[int]] = {}
        for place in places:
            self.printed.setdefault(place.geonameid, set()).update(place.printed)
            self.names[place.geonameid] = place.name
            for form in (*place.spellings, *place.printed):
                self.by_key.setdefault(name_key(form), set()).add(place.geonameid)
                self.by_spelling.setdefault(spelling_key(form), set()).add(place.geonameid)

    def to_data(self) -> dict[str, Any]:
        """The table as plain data (dicts with str or int keys, lists): see :meth:`from_data`."""
        return {"names": self.names, "printed": _lists(self.printed),
                "by_key": _lists(self.by_key), "by_spelling": _lists(self.by_spelling)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PlaceTable:
        """The table :meth:`to_data` gave, without transliterating each spelling again."""
        table = cls(())
        # Stored lookups (LazyLookup) are decoded entry by entry as a search asks for them.
        table.names = converted(data["names"], str)
        table.printed = converted(data["printed"], set)
        table.by_key = converted(data["by_key"], set)
        table.by_spelling = converted(data["by_spelling"], set)
        return table

    def knows(self, text: str) -> bool:
        """Whether ``text`` spells a city of the table (else :meth:`expand` gives nothing): its
        look-ups, without normalising the city's printed forms."""
        # Its spelling key made once, for both look-ups (a capitalised word's name key is its
        # words' transliteration keys).
        spelled = spelling_key(text)
        if spelled in self.by_spelling:
            return True
        return text[:1].isupper() and _name_key_of(spelled) in self.by_key

    def expand(self, text: str) -> list[tuple[str, str]]:
        """The printed forms of the city ``text`` spells, with the city's name, ``text`` aside.

        :returns: ``(printed form, city name)`` pairs, sorted; empty for no listed spelling.
        """
        own = normalize(text)
        found = set()
        spelled = spelling_key(text)
        ids = set(self.by_spelling.get(spelled, ()))
        if text[:1].isupper():
            ids |= self.by_key.get(_name_key_of(spelled), set())
        for geonameid in ids:
            for form in self.printed[geonameid]:
                if normalize(form) != own:
                    found.add((form, self.names[geonameid]))
        return sorted(found)

    def __len__(self) -> int:
        return len(self.printed)


def _lists(table: dict[Any, set[Any]]) -> dict[Any, list[Any]]:
    return {k: sorted(v) for k, v in table.items()}
