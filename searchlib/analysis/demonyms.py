"""Names and the adjectives made from them: ``kazakhes`` also finds Kazakhstan, ``Kazakhstan``
the passages on ``les partenaires kazakhs``, and ``agriculture`` the ``machines agricoles``.

The books print a country's adjective about as often as its name (the forms of ``biélorusse``
565 times, ``Belarus`` 627), and the stemmer joins neither to the other: ``entreprises
kazakhes`` and ``entreprises du Kazakhstan`` are the same passage for a reader. The same holds of
a noun and its relational adjective (``agriculture``/``agricole``, ``lait``/``produits
laitiers``, ``industrie``/``industriel``), which no suffix rule derives. Two tables of one shape,
one name per line, then its adjectives in the masculine singular:

* ``corpus/demonyms.tsv``: countries and their nationality adjectives (``Kazakhstan | kazakh |
  kazakhstanais``);
* ``corpus/adjectives.tsv``: nouns and their relational adjectives (``lait | laitier``).

The feminine and plural forms are derived by French's regular rules (:func:`inflections`:
``kazakhes``, ``ukrainiennes``, ``turque``, ``commerciaux``); a form the rules miss is listed too
(``Grèce | grec | grecque``). A noun is found in its plural too (``industries``). Used at query
time only, like the other tables (editing a file needs no rebuild of the postings), with a lower
weight than the word typed: an adjective speaks of its noun without naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .lookups import converted
from .tables import normalize, read_groups

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ADJECTIVES_FILE", "DEMONYMS_FILE", "DemonymTable", "inflections", "load_demonyms"]

#: Countries and their nationality adjectives.
DEMONYMS_FILE = "demonyms.tsv"
#: Nouns and their relational adjectives (read into a :class:`DemonymTable` too).
ADJECTIVES_FILE = "adjectives.tsv"


def inflections(adjective: str) -> tuple[str, ...]:
    """The masculine, feminine, singular and plural forms of a French adjective given in the
    masculine singular, folded to lower case without accents (as :func:`~.tables.normalize`
    gives them), each once.

    >>> inflections("kazakh")
    ('kazakh', 'kazakhs', 'kazakhe', 'kazakhes')
    >>> inflections("ukrainien")
    ('ukrainien', 'ukrainiens', 'ukrainienne', 'ukrainiennes')
    >>> inflections("commercial")
    ('commercial', 'commerciaux', 'commerciale', 'commerciales')
    """
    masculine, feminine = normalize(adjective), normalize(_feminine(adjective))
    return tuple(dict.fromkeys((masculine, _plural(masculine), feminine, _plural(feminine))))


class DemonymTable:
    """Names and their adjectives: countries from ``corpus/demonyms.tsv``, nouns from
    ``corpus/adjectives.tsv`` (the methods say "country" for either).

    :param groups: one per name: the name, then its adjectives (masculine singular, and any
        irregular form).
    """

    def __init__(self, groups: list[tuple[str, ...]]) -> None:
        self.groups = [tuple(g) for g in groups]
        by_form: dict[str, set[int]] = {}
        by_country: dict[str, set[int]] = {}
        for i, (country, *adjectives) in enumerate(self.groups):
            name = normalize(country)
            for form in dict.fromkeys((name, _plural(name))):  # industrie, industries
                by_country.setdefault(form, set()).add(i)
            for adjective in adjectives:
                for form in inflections(adjective):
                    by_form.setdefault(form, set()).add(i)
        #: Every inflected form of an adjective → the groups it is an adjective of.
        self.by_form: Mapping[str, set[int]] = by_form
        #: A country's name, folded → its groups.
        self.by_country: Mapping[str, set[int]] = by_country

    def __len__(self) -> int:
        return len(self.groups)

    def knows(self, word: str) -> bool:
        """Whether ``word`` is an adjective or a country of the table (else :meth:`countries`
        and :meth:`adjectives` give nothing for it)."""
        return self.knows_key(normalize(word))

    def knows_key(self, key: str) -> bool:
        """:meth:`knows` of a word whose normalised form is ``key``."""
        return key in self.by_form or key in self.by_country

    def is_country(self, word: str) -> bool:
        """Whether ``word`` names a country of the table (any case, accents ignored), not one of
        its adjectives."""
        return normalize(word) in self.by_country

    def countries(self, word: str) -> list[str]:
        """The countries ``word`` is an adjective of (any gender or number, accents ignored),
        as the table names them; empty for any other word."""
        return [self.groups[i][0] for i in sorted(self.by_form.get(normalize(word), ()))]

    def adjectives(self, country: str) -> list[str]:
        """The adjectives of the country named ``country``, masculine and feminine singular
        (the plural is the same word to the stemmer), as the table writes the first."""
        found: dict[str, None] = {}
        for i in sorted(self.by_country.get(normalize(country), ())):
            for adjective in self.groups[i][1:]:
                found.setdefault(adjective)
                feminine = _feminine(adjective)
                if feminine != adjective:
                    found.setdefault(feminine)
        return list(found)

    def plurals(self, country: str) -> list[str]:
        """The plurals of :meth:`adjectives`, as the table writes them (``biélorusses``,
        ``laitières``, ``commerciaux``): a reader types an adjective in the plural as often."""
        return list(dict.fromkeys(_plural(a) for a in self.adjectives(country)))

    def to_data(self) -> dict[str, Any]:
        """The table as plain data (lists, str, int), its lookups too: deriving them again
        normalised a few hundred forms, 0.7 ms of a new process's first query."""
        return {"groups": [list(g) for g in self.groups],
                "by_form": {k: sorted(v) for k, v in sorted(self.by_form.items())},
                "by_country": {k: sorted(v) for k, v in sorted(self.by_country.items())}}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> DemonymTable:
        """The table :meth:`to_data` gave, without inflecting and normalising its forms again."""
        table = cls([])
        table.groups = [tuple(str(f) for f in g) for g in data["groups"]]
        # Stored lookups (LazyLookup) are decoded entry by entry as a search asks for them.
        table.by_form = converted(data["by_form"], set)
        table.by_country = converted(data["by_country"], set)
        return table


def _feminine(adjective: str) -> str:
    """The feminine singular of an adjective as written (accents kept: ``ouzbek`` →
    ``ouzbeke``, which the analyzer folds like the books' ``ouzbèke``)."""
    lower = adjective.lower()
    if lower.endswith("e"):  # russe, biélorusse, turkmène: one form for both genders
        return adjective
    if lower.endswith(("en", "on", "el")):  # ukrainien, letton, industriel: the n or l doubles
        return adjective + adjective[-1] + "e"
    if lower.endswith("c"):  # turc: turque
        return adjective[:-1] + "que"
    if lower.endswith("er"):  # laitier: laitière
        return adjective[:-2] + "ère"
    if lower.endswith("if"):  # sportif: sportive
        return adjective[:-1] + "ve"
    return adjective + "e"


def _plural(form: str) -> str:
    """A form's plural (folded, or as written in lower case): ``chinois`` stays as it is,
    ``commercial`` gives ``commerciaux`` (the rule of adjectives in -al; the few exceptions,
    ``banal``, ``naval``, are in no table)."""
    if form.endswith(("s", "x")):
        return form
    if form.endswith("al"):
        return form[:-2] + "aux"
    return form + "s"


def load_demonyms(path: Path) -> DemonymTable:
    """Load the table (a missing file is an empty table).

    :raises TableError: on a malformed line, with its number.
    """
    return DemonymTable(read_groups(path))
