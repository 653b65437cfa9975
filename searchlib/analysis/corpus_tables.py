"""Every query-expansion table of a corpus, loaded together: what the expander reads.

* ``corpus/variants.tsv`` (:class:`~.tables.VariantTable`): spellings the rules do not join;
* ``corpus/synonyms.tsv`` and the acronyms each book defines
  (:class:`~.acronym_table.AcronymTable`);
* the cities the books name, with their GeoNames spellings (:class:`~.places.PlaceTable`);
* the books' word families, lemma and verb/noun (:class:`~.lemmas.WordFamilies`);
* the books' compounds printed in one piece or in two words (:class:`~.compounds.CompoundTable`);
* ``corpus/demonyms.tsv`` (:class:`~.demonyms.DemonymTable`): countries and their adjectives;
* ``corpus/adjectives.tsv`` (the same kind of table): nouns and their relational adjectives.

The cities, families and compounds come from the ingested books (``corpus/ingested/<id>.json``:
computed at ingest, never per query). :func:`table_stamps` tells when any of these files
changed, so an owner can reload them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..lazy import lazy_logger
from .acronym_table import AcronymTable
from .compounds import CompoundTable
from .demonyms import ADJECTIVES_FILE, DEMONYMS_FILE, DemonymTable, load_demonyms
from .french import fold
from .lemmas import WordFamilies
from .lookups import ready
from .places import PlaceTable
from .tables import SYNONYMS_FILE, VARIANTS_FILE, VariantTable, read_groups
from .variants import variant_key
from .words import one_unit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import Book

log = lazy_logger(__name__)

__all__ = ["Analyses", "CorpusTables", "Found", "load_corpus_tables", "table_stamps"]

INGESTED = "ingested"
#: A text's analyses at query time: (position, term) of its terms, then of its keys.
Analyses = tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]
#: A text's other spellings and acronyms (:func:`.spellings.spellings`, :func:`.spellings.acronyms`:
#: what :attr:`CorpusTables.found` holds).
Found = tuple[tuple[tuple[str, str, str, float], ...],
              tuple[tuple[str, str, tuple[str, ...], float], ...]]


class CorpusTables:
    """The expansion tables of one corpus (empty tables for what it lacks). (A plain class: as a
    dataclass, it cost a new process 1 ms to create.)"""

    def __init__(self, variants: VariantTable | None = None, acronyms: AcronymTable | None = None,
                 places: PlaceTable | None = None, families: WordFamilies | None = None,
                 compounds: CompoundTable | None = None, demonyms: DemonymTable | None = None,
                 adjectives: DemonymTable | None = None, books: list[str] | None = None,
                 analysis: Mapping[str, Analyses] | None = None,
                 found: Mapping[str, Found] | None = None) -> None:
        self.variants = VariantTable([]) if variants is None else variants
        self.acronyms = AcronymTable([]) if acronyms is None else acronyms
        self.places = PlaceTable([]) if places is None else places
        self.families = WordFamilies([]) if families is None else families
        self.compounds = CompoundTable() if compounds is None else compounds
        self.demonyms = DemonymTable([]) if demonyms is None else demonyms
        self.adjectives = DemonymTable([]) if adjectives is None else adjectives
        self.books = [] if books is None else books
        #: Each of :meth:`forms` → its terms and its transliteration keys at query time, as the
        #: build analysed them (:mod:`searchlib.index.expansion`); empty when derived.
        self.analysis: Mapping[str, Analyses] = {} if analysis is None else analysis
        #: Each of :meth:`forms` that has some → its other spellings and its acronyms
        #: (:mod:`.spellings`), as the build found them; empty when derived.
        self.found: Mapping[str, Found] = {} if found is None else found

    def may_respell(self, word: str) -> bool:
        """Whether a table of other spellings may hold ``word`` (the variants, the demonyms
        and relational adjectives, the cities, the compounds typed joined or headed by a learned
        prefix): their look-ups only; ``False`` for most words, which no table holds.

        A typed word of one run of letters and digits (most) is looked up by its fold, once:
        it is what the demonyms' and the compounds' keys are for such a word, and what its
        variant key transliterates (:meth:`may_respell_text` gives every text the same answer,
        each table normalising the text its own way)."""
        if not one_unit(word):
            return self.may_respell_text(word)
        key = fold(word)
        compounds = self.compounds
        # The variant key of the word itself: its fold drops what a scholarly š or č spells.
        return (self.variants.knows_key(variant_key(word) if key else "")
                or self.demonyms.knows_key(key) or self.adjectives.knows_key(key)
                or self.places.knows(word)
                or (word.isalpha() and (bool(compounds.split_folded(key))
                                        or bool(compounds.headed_folded(key)))))

    def may_respell_text(self, text: str) -> bool:
        """:meth:`may_respell` of any text, each table asked with its own key of it."""
        return (self.variants.knows(text) or self.demonyms.knows(text)
                or self.adjectives.knows(text) or self.places.knows(text)
                or bool(self.compounds.split(text)) or bool(self.compounds.headed(text)))

    def forms(self) -> set[str]:
        """Every form the tables give a query to OR in (spellings, cities' printed forms,
        acronyms and full names, countries and adjectives), and the adjectives' plurals, which
        a query types as often (``tracteurs biélorusses``, ``produits laitiers``: an adjective's
        other spellings, its country's among them, were a fifth of a millisecond of a first
        parse): what a build analyses once for every query (:attr:`analysis`)."""
        found = {form for group in self.variants.groups for form in group}
        found.update(form for forms in self.places.printed.values() for form in forms)
        found.update(self.acronyms.forms())
        for table in (self.demonyms, self.adjectives):
            for name, *adjectives in table.groups:
                found.add(name)
                found.update(table.adjectives(name))
                found.update(table.plurals(name))
                found.update(adjectives)
        return found

    def to_data(self) -> dict[str, Any]:
        """Every table as plain data (dicts, lists, str, int): what a build stores
        (:mod:`searchlib.index.expansion`), in a format that cannot run code when read back."""
        return {"variants": self.variants.to_data(), "acronyms": self.acronyms.to_data(),
                "places": self.places.to_data(), "families": self.families.to_data(),
                "compounds": self.compounds.to_data(), "demonyms": self.demonyms.to_data(),
                "adjectives": self.adjectives.to_data(), "books": list(self.books)}

    def ready(self) -> None:
        """Every stored lookup of every table ready to answer (:func:`.lookups.ready`), and the
        heads of the variant table's names of several words (40 µs, which the first query of
        several words paid)."""
        for table in (self.variants, self.acronyms, self.places, self.families, self.compounds,
                      self.demonyms, self.adjectives, self):
            ready(table)
        self.variants.several_word_heads()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CorpusTables:
        """The tables :meth:`to_data` gave, their lookups restored as stored, not derived again.

        :raises KeyError, TypeError, ValueError: on data of another shape.
        """
        return cls(variants=VariantTable.from_data(data["variants"]),
                   acronyms=AcronymTable.from_data(data["acronyms"]),
                   places=PlaceTable.from_data(data["places"]),
                   families=WordFamilies.from_data(data["families"]),
                   compounds=CompoundTable.from_data(data["compounds"]),
                   demonyms=DemonymTable.from_data(data["demonyms"]),
                   adjectives=DemonymTable.from_data(data["adjectives"]),
                   books=[str(b) for b in data["books"]])


def with_countries(groups: list[tuple[str, ...]], demonyms: DemonymTable) -> VariantTable:
    """The variant table of ``groups``, with each country of the demonym table that none of
    them spells as a name of its own: a country typed as its transliteration key spells it
    (``Serbia``, ``Azerbaijan``, ``Mongolia``) then reaches the country as the table writes it,
    and through it the country's adjectives, as a spelling the table lists does
    (``Uzbekistan``). A country the transliteration keys do not join (``China``, ``Chine``)
    needs its line in ``variants.tsv``."""
    listed = VariantTable(groups)
    unlisted = [(country,) for country, *_ in demonyms.groups if not listed.knows(country)]
    return VariantTable([*groups, *unlisted]) if unlisted else listed


def _ingested(corpus_dir: Path) -> list[Path]:
    try:
        return sorted((corpus_dir / INGESTED).glob("*.json"))
    except OSError:
        return []


def table_stamps(corpus_dir: Path | None) -> tuple[int, ...]:
    """The modification times of every file the tables come from (0 for a missing table)."""
    if corpus_dir is None:
        return ()
    stamps = []
    for path in (corpus_dir / VARIANTS_FILE, corpus_dir / SYNONYMS_FILE,
                 corpus_dir / DEMONYMS_FILE, corpus_dir / ADJECTIVES_FILE,
                 *_ingested(corpus_dir)):
        try:
            stamps.append(os.stat(path).st_mtime_ns)
        except OSError:
            stamps.append(0)
    return tuple(stamps)


def _book_tables(path: Path) -> dict[str, Any] | None:
    """The expansion fields of one ingested book (``None`` for an unreadable file)."""
    # Imported here: a search reads the tables its build stored (searchlib.index.expansion) and
    # never parses a book, and the model's dataclasses cost a cold start 18 ms to import.
    from ..model import Acronym, Place

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            "id": str(data["meta"]["id"]),
            "acronyms": [Acronym.from_dict(a) for a in data.get("acronyms", [])],
            "places": [Place.from_dict(p) for p in data.get("places", [])],
            "families": dict(data.get("families", {})),
            "compounds": dict(data.get("compounds", {})),
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("no expansion tables from %s: %s", path, exc)
        return None


def _loaded_tables(book: Book) -> dict[str, Any]:
    """The expansion fields of a book already loaded from its ingested file."""
    return {"id": book.id, "acronyms": list(book.acronyms), "places": list(book.places),
            "families": dict(book.families), "compounds": dict(book.compounds)}


def load_corpus_tables(corpus_dir: Path | None, loaded: Sequence[Book] = ()) -> CorpusTables:
    """Load the tables of a corpus directory.

    :param corpus_dir: the corpus directory (``None``: empty tables).
    :param loaded: books already loaded from its ingested files (a build's): when they are
        exactly the books of those files, their fields are taken instead of parsing each file
        again (the whole book, paragraphs included, for a few lists).
    :returns: the tables.
    :raises TableError: on a malformed line of ``variants.tsv``, ``synonyms.tsv``,
        ``demonyms.tsv`` or ``adjectives.tsv``.
    """
    if corpus_dir is None:
        return CorpusTables()
    corpus_dir = Path(corpus_dir)
    paths = _ingested(corpus_dir)
    by_file = {f"{b.id}.json": b for b in loaded}
    if loaded and len(by_file) == len(loaded) and sorted(by_file) == [p.name for p in paths]:
        books = [_loaded_tables(by_file[p.name]) for p in paths]
    else:
        books = [b for b in map(_book_tables, paths) if b is not None]
    curated = read_groups(corpus_dir / SYNONYMS_FILE)
    demonyms = load_demonyms(corpus_dir / DEMONYMS_FILE)
    variants = with_countries(read_groups(corpus_dir / VARIANTS_FILE), demonyms)
    return CorpusTables(
        variants=variants,
        acronyms=AcronymTable(curated, {b["id"]: b["acronyms"] for b in books}),
        places=PlaceTable(p for b in books for p in b["places"]),
        families=WordFamilies(b["families"] for b in books),
        compounds=CompoundTable(b["compounds"] for b in books),
        demonyms=demonyms,
        adjectives=load_demonyms(corpus_dir / ADJECTIVES_FILE),
        books=[b["id"] for b in books],
    )
