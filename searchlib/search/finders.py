"""The alternatives the tables give a word or a run of words typed, each an
:class:`~.nodes.Expansion` saying why: its transliteration key, its other spellings (the variant
table, the gazetteer's cities, a country's adjectives and an adjective's country), the names of
several words a run spells, its acronyms and full names, its family's printed words, the word
the books print in one piece for two typed apart.

A mixin of :class:`.expand.Expander`, which builds the query of each and remembers what these
find per word (its memos call them): each finder reads the expander's tables and its analyses
(:attr:`~.expand.Expander.tables`, its terms and keys of a text), as the build stored them when
it could.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..analysis.corpus_tables import CorpusTables, Found
from ..analysis.spellings import acronyms, spellings
from .accents import accent_fold
from .nodes import Expansion

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["NAME_KINDS", "AlternativeFinders", "family_text_term"]

#: The kinds of alternative that are names: searched by their transliteration keys too.
NAME_KINDS = ("variante", "lieu")


def _is_acronym(form: str) -> bool:
    """Whether ``form`` is written as an acronym: one word with two capitals or more (CEI, BelAZ,
    R&D, СНГ), which tells the reader a group of ``synonyms.tsv`` is an acronym's and not words
    said another way (usine, plant)."""
    return " " not in form and sum(map(str.isupper, form)) >= 2


def family_text_term(word: str, stem: str | None) -> bytes | None:
    """The ``text`` term of a family's printed ``word`` from its stem in the word families
    (:attr:`..analysis.lemmas.WordFamilies.stems`, made by the build), when that is what the
    French analysis of the word gives: for a word of lower-case letters alone, one token whose
    term is the stem of its fold; else ``None``, and its snippets analyse it.

    Carried on the word's ``spell`` term (``text_term``) to :class:`.snippets.Highlighter`,
    which highlights the word through its ``text`` term: analysing it there cost a query met
    for the first time some 25 µs a family word.
    """
    if stem and word.isalpha() and word.islower():
        return stem.encode("utf-8")
    return None


class AlternativeFinders:
    """What the tables give a word or a run of words (see the module docstring)."""

    # Set by the expander (:class:`.expand.Expander`).
    tables: CorpusTables
    variant_fields: tuple[str, ...]
    _terms: Callable[[str], tuple[tuple[int, str], ...]]
    _keys: Callable[[str], tuple[tuple[int, str], ...]]
    _found: Callable[[str], Found | None]
    _spellings: Callable[[str], tuple[Expansion, ...]]
    _is_stop_word: Callable[[str], bool]
    _knows: Callable[[Callable[[str], bool], str], bool]

    def _find_key_expansion(self, word: str) -> tuple[Expansion, ...]:
        # Remembered per word: folding the word with Whoosh's accent map each time cost a warm
        # query's words as much as their look-ups.
        keys = self._keys(word)
        if len(keys) != 1 or keys[0][1] == accent_fold(word):
            return ()
        key = keys[0][1]
        return (Expansion(word, "translittération", key, "même clé de translittération",
                          tuple((f, key) for f in self.variant_fields)),)

    def _find_spellings(self, word: str) -> tuple[Expansion, ...]:
        """Other spellings of the name ``word`` (:func:`~searchlib.analysis.spellings.spellings`):
        as the build found them for a form of the tables, else found now."""
        found = self._found(word)
        alts = found[0] if found is not None else spellings(word, self.tables, self._terms)
        # A one-token word's own clause is its term and its key (Bielorussie is biélorusses').
        typed = {kind for kind, *_ in alts} if len(self._terms(word)) == 1 else ()
        return self._distinct(word, typed, (Expansion(word, kind, form, why, weight=weight)
                                            for kind, form, why, weight in alts))

    def _find_places(self, text: str) -> tuple[Expansion, ...]:
        """The city spellings among :meth:`_find_spellings`'s, for a run of words: the variant
        table (whose forms they skip) is read only when the gazetteer knows the run, which most
        runs tried are not (its lookup key costs as much as the gazetteer's)."""
        if not self._knows(self.tables.places.knows, text):
            return ()
        return tuple(e for e in self._spellings(text) if e.kind == "lieu")

    def _find_named_runs(self, text: str) -> tuple[Expansion, ...]:
        """The variant table's other names for a name of several words (``Great Stone``:
        ``Grande Pierre``, ``Veliky Kamen``), read only when a name of the table starts with the
        run's first word, and the adjectives of a country or region of several words
        (``Amérique latine``: latino-américain, ``Asie centrale``: centrasiatique)."""
        if " " not in text:
            return ()
        tables = self.tables
        if not (tables.variants.names_of_several_words(text.split()[0])
                or self._knows(tables.demonyms.is_country, text)):
            return ()
        return tuple(e for e in self._spellings(text) if e.kind in ("variante", "gentilé"))

    def _find_acronyms(self, text: str) -> tuple[Expansion, ...]:
        """The acronyms and full names of ``text`` (:func:`~searchlib.analysis.spellings.acronyms`):
        as the build found them for a form of the tables, else found now."""
        found = self._found(text)
        alts = found[1] if found is not None else acronyms(text, self.tables)
        if not alts:
            # Most runs of words a query tries have none: analysing the run to compare its
            # alternatives with was 50 µs of a two-word query's first answer.
            return ()
        kind = "sigle" if any(map(_is_acronym, (text, *(a[0] for a in alts)))) else "synonyme"
        return self._distinct(text, (kind,), (Expansion(text, kind, form, why, books=books,
                                                        weight=weight)
                                              for form, why, books, weight in alts))

    def _joined(self, first: str, second: str) -> tuple[Expansion, ...]:
        """Two words typed apart that the books print in one piece (``agro alimentaire``)."""
        if self._is_stop_word(first) or self._is_stop_word(second):
            return ()
        return tuple(Expansion(f"{first} {second}", "composé", form,
                               "mot composé écrit d'un seul tenant dans les livres")
                     for form in self.tables.compounds.joined(first, second))

    def _find_relatives(self, word: str) -> tuple[tuple[tuple[str, bytes | None], ...],
                                                   str | None]:
        """The printed words of ``word``'s family stemmed apart from it, each with its
        ``text`` term when the family's stems give it (:func:`family_text_term`), and the
        family's key."""
        # Stems every member of the family: remembered per word, like the other analyses.
        families = self.tables.families
        key = families.key_of(word)
        if key is None:
            return (), None
        stems = families.stems[key]
        related = families.related(word, key)
        return tuple((w, family_text_term(w, stems.get(w))) for w in related), key

    def _distinct(self, typed: str, kinds: Iterable[str],
                  expansions: Iterable[Expansion]) -> tuple[Expansion, ...]:
        """``expansions`` without those making the clause of the text typed (as an alternative
        of each of ``kinds``) or of one kept before: the same passages again, their scores
        counted twice (usines for usine, Bielorussie and Biélorussie for biélorusses)."""
        seen = {self._clause_of(kind, typed) for kind in kinds}
        kept = []
        for e in expansions:
            same = self._clause_of(e.kind, e.form)
            if same not in seen:
                seen.add(same)
                kept.append(e)
        return tuple(kept)

    def _clause_of(self, kind: str, form: str) -> tuple[str, Any, Any]:
        """What the alternative ``form`` of ``kind`` looks for (:meth:`_alternative`): its
        terms, and a name's transliteration keys."""
        return kind, self._terms(form), self._keys(form) if kind in NAME_KINDS else None
