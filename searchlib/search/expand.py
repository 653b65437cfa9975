"""Turns the reader's words into Whoosh queries: French analysis and every expansion of a word.

A word becomes an ``Or`` over the paragraph text, the chapter title and the footnotes (weighted
below the body), plus:

* its transliteration key in the ``variants`` and ``note_variants`` fields (``Kostanai`` finds
  ``Kostanay``, in the body or in a footnote);
* the spellings ``corpus/variants.tsv`` lists (``Mogilev`` finds ``Mahiliou``);
* the forms the books print for the city it spells, from the gazetteer (``Moskva`` finds
  ``Moscou``);
* an adjective's country and a country's adjectives, from ``corpus/demonyms.tsv``
  (``kazakhes`` finds ``Kazakhstan``, ``Ouzbékistan`` finds ``ouzbèke``), and a noun's
  relational adjectives, from ``corpus/adjectives.tsv`` (``lait`` finds ``laitiers``)
  (:mod:`searchlib.analysis.adjective_expansion`);
* the acronyms and full names of the books' definitions and ``corpus/synonyms.tsv``, per book
  when the books disagree (``EAU``: the Emirates in b2, the Eurasian Union in b1);
* the printed words of its family that Snowball stems apart (``travaux`` finds ``travail``,
  ``produire`` finds ``production``), in the ``spell`` field (words as printed), below the rest;
* for a compound, the word written in one piece (``agro-industriel`` finds ``agroindustriel``);
  two words typed apart, the word the books print in one piece (``agro alimentaire`` finds
  ``agroalimentaire``); a word typed joined, the two words the books print apart (``Aboudhabi``
  finds ``Abou Dhabi``), from the books' compounds (:mod:`searchlib.analysis.compounds`).

The tables' alternatives of a word or a run of words are found by :mod:`.finders` (a mixin of
the expander); the expander builds their queries. Alternatives weigh less than the word typed
(:data:`ALTERNATIVE_BOOST`, :data:`LEMMA_BOOST`), and each carries an
:class:`~.nodes.Expansion` saying why, for the query explanation. Expansion
happens at query time from tables loaded once per expander (:mod:`.expanders` keeps one per open
index): those the index's build stored (:mod:`searchlib.index.expansion`), else derived from the
corpus (:mod:`searchlib.analysis.corpus_tables`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from pathlib import Path

from whoosh import query as Q
from whoosh.analysis import Analyzer
from whoosh.fields import Schema

from ..analysis import is_stop_word
from ..analysis.corpus_tables import CorpusTables, Found, load_corpus_tables
from ..analysis.lookups import may_hold, safely
from ..analysis.word_analysis import analysis, stored_first
from ..index.schema import FIELD_BOOSTS, SEARCH_FIELDS
from .accents import accent_fold
from .budget import MAX_FUZZY_CHARS, BoundedFuzzyTerm, BoundedPrefix, auto_fuzziness
from .clauses import key_clauses, text_clause
from .finders import NAME_KINDS, AlternativeFinders
from .nodes import Expansion, GappedPhrase, named
from .place_kinds import place_of
from .postings import index_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ALTERNATIVE_BOOST", "LEMMA_BOOST", "Expander", "GappedPhrase"]

#: Weight of an alternative spelling, city name or acronym relative to the word typed.
ALTERNATIVE_BOOST = 0.8
#: Weight of another word of the family (lemma, verb/noun): below an exact word match.
LEMMA_BOOST = 0.5
#: A table-known run's words found apart, below its phrase and its alternatives' phrases.
RUN_WORDS_BOOST = 0.5
#: The fields holding transliteration keys: the body's, then the footnotes'.
VARIANT_FIELDS = ("variants", "note_variants")
#: The field of the words as printed (lower case), where family members are looked up exactly.
WORD_FIELD = "spell"
#: Longest run of words looked up in the acronym and place tables.
MAX_RUN_WORDS = 6
#: Distinct words (and word runs) whose analysis and expansions an expander remembers.
ANALYSIS_MEMO = 4096


def _holder(reader: Any) -> Callable[[tuple[str, Any]], bool]:
    """``term in reader``, remembered by the open index's arrays (a Whoosh lookup reads files)."""
    return partial(index_arrays(reader).holds, reader)


class Expander(AlternativeFinders):
    """Builds the Whoosh query of each part of a parsed query, with its expansions.

    The analysis of each distinct word (its terms, its transliteration key, its alternatives,
    whether it is a stop word) is memoised, up to :data:`ANALYSIS_MEMO` words: it depends on the
    word, the schema and the tables only, never on the index's content. The queries are built
    afresh each time.

    :param schema: the schema of the index searched (its analyzers analyse the query).
    :param corpus_dir: where the tables live (none: no tables).
    :param tables: tables already loaded (instead of ``corpus_dir``).
    :param may_match: whether a clause may match in the index searched
        (:func:`.expanders.may_match`): an alternative of the tables none of whose clauses may is
        left out of the query (the English forms of most groups). Without it, every one is in.
    """

    def __init__(self, schema: Schema, corpus_dir: Path | None = None, *,
                 tables: CorpusTables | None = None,
                 may_match: Callable[[Q.Query], bool] | None = None):
        self.schema = schema
        self.may_match = may_match
        self.text_analyzer: Analyzer = schema["text"].analyzer
        self.variant_analyzer: Analyzer = schema["variants"].analyzer
        self.variant_fields = tuple(f for f in VARIANT_FIELDS if f in schema)
        self.word_field = WORD_FIELD if WORD_FIELD in schema else None
        self.tables = tables or load_corpus_tables(Path(corpus_dir) if corpus_dir else None)
        # Made once per open index and tables: their stored keys split now, not within the
        # first queries that ask each table.
        self.tables.ready()
        memo = lru_cache(maxsize=ANALYSIS_MEMO)
        stored = self.tables.analysis  # the tables' forms, analysed by the build
        # Each text's stored entries looked up once, its terms' and its keys' (and its
        # spellings' and its acronyms'): most texts asked are in neither table, and a miss is
        # a binary search over the table's keys.
        find = memo(stored.get)
        self._found: Callable[[str], Found | None] = memo(self.tables.found.get)
        self._terms: Callable[[str], tuple[tuple[int, str], ...]] = memo(
            stored_first(stored, 0, analysis(self.text_analyzer), find=find))
        self._keys: Callable[[str], tuple[tuple[int, str], ...]] = memo(
            stored_first(stored, 1, analysis(self.variant_analyzer), find=find))
        self._is_stop_word: Callable[[str], bool] = memo(is_stop_word)
        self._spellings: Callable[[str], tuple[Expansion, ...]] = memo(self._find_spellings)
        self._acronyms: Callable[[str], tuple[Expansion, ...]] = memo(self._find_acronyms)
        self._relatives: Callable[[str], tuple[tuple[tuple[str, bytes | None], ...],
                                               str | None]] = memo(self._find_relatives)
        self._places: Callable[[str], tuple[Expansion, ...]] = memo(self._find_places)
        self._named_runs: Callable[[str], tuple[Expansion, ...]] = memo(self._find_named_runs)
        self._key_expansions: Callable[[str], tuple[Expansion, ...]] = memo(
            self._find_key_expansion)

    # -- the parts of a query ------------------------------------------------------------------

    def word(self, word: str, *, expand: bool = True) -> Q.Query | None:
        """A word typed by the reader, with its expansions (``None`` for a stop word)."""
        if self._is_stop_word(word):
            return None
        base = self._text_query(word, boost=1.0)
        if base is None:
            return None
        parts: list[Q.Query] = [base, *self._variant_terms(word, 1.0)]
        found = self._key_expansion(word)
        parts += self._compound(word, found)
        if expand:
            for e in (*self._spellings(word), *self._acronyms(word)):
                alt = self._alternative(e)
                if alt is not None:
                    parts.append(alt)
                    found.append(e)
        parts += self._family(word, found)
        return named(Q.Or(parts), word, found)

    def phrase(self, text: str, *, expand: bool = True) -> Q.Query | None:
        """A quoted phrase: its printed words in order (stop words allowed where they were);
        an acronym's expansions, never lemmas."""
        text = " ".join(text.split())
        base = self._text_query(text, boost=1.0)
        if base is None:
            return None
        parts, found = [base], []
        if expand:
            for e in (*self._acronyms(text), *self._named_runs(text)):
                alt = self._alternative(e)
                if alt is not None:
                    parts.append(alt)
                    found.append(e)
        q = parts[0] if len(parts) == 1 else Q.Or(parts)
        return named(q, f'"{text}"', found)

    def prefix(self, word: str) -> Q.Query | None:
        """``word*``: words of the text or title starting with ``word`` (accents ignored)."""
        stem = accent_fold(word.rstrip("*"))
        if len(stem) < 2:
            return None
        # Bounded (see .budget): at most MAX_EXPANSIONS words each, from the vocabulary in memory.
        parts = [BoundedPrefix(f, stem, boost=FIELD_BOOSTS[f]) for f in ("text", "title")]
        return named(Q.Or(parts), f"{stem}*")

    def fuzzy(self, word: str, maxdist: int = 1) -> Q.Query | None:
        """``word~``: words within ``maxdist`` edits of ``word`` (after analysis)."""
        terms = self._terms(word)
        keys = self._keys(word)
        if len(terms) != 1:
            return self.word(word)
        # Edits allowed by the word's length, like Elasticsearch's ``fuzziness: AUTO`` (.budget).
        maxdist = auto_fuzziness(terms[0][1], max(1, maxdist))
        if maxdist == 0 or len(terms[0][1]) > MAX_FUZZY_CHARS:
            return self.word(word)
        parts: list[Q.Query] = [
            BoundedFuzzyTerm("text", terms[0][1], maxdist=maxdist, prefixlength=1)]
        if len(keys) == 1:
            parts.append(
                BoundedFuzzyTerm("variants", keys[0][1], boost=FIELD_BOOSTS["variants"],
                                 maxdist=maxdist, prefixlength=1)
            )
        return named(Q.Or(parts), f"{word}~{maxdist}")

    def words(self, words: Sequence[str]) -> list[Q.Query]:
        """Plain words, one clause each; a run the acronym or place tables know is one clause.

        ``Communauté des États indépendants`` typed as words is also ``CEI``, ``Ulan Bator`` also
        ``Oulan-Bator``; the run keeps its words as one alternative (not a phrase), so nothing the
        reader typed is lost, but weighed below the run's phrase and its table's other forms: a
        passage naming the thing ranks before one that prints its words apart.
        """
        clauses: list[Q.Query] = []
        i = 0
        while i < len(words):
            run, found = self._run(words, i)
            if run > 1:
                text = " ".join(words[i : i + run])
                place = place_of(words[i : i + run], self.names_a_place, self._is_stop_word)
                # A state's official name (the acronym table's République populaire de Chine)
                # is every passage on its place too, as it is typed as words.
                own = [self.word(place)] if place is not None else \
                    [self.word(w, expand=False) for w in words[i : i + run]]
                parts = [p for p in own if p]
                alts: list[Q.Query] = [Q.And(parts, boost=RUN_WORDS_BOOST)] if parts else []
                # The run as printed, a phrase (État de l'Union, not an État member of an Union).
                printed = self._text_query(text, boost=1.0)
                if printed is not None and parts:
                    alts.append(printed)
                used = []
                for e in found:
                    alt = self._alternative(e)
                    if alt is not None:
                        alts.append(alt)
                        used.append(e)
                if alts:
                    clauses.append(named(Q.Or(alts), f"({text})", used))
                i += run
                continue
            q = self.word(words[i])
            if q is not None:
                clauses.append(q)
            i += 1
        return clauses

    def names_a_place(self, word: str) -> bool:
        """Whether ``word`` is a place's name the tables know: a city the books print (the
        gazetteer), a name of ``corpus/variants.tsv``, a country of ``corpus/demonyms.tsv``; not
        a country's adjective (``biélorusse`` shares Biélorussie's transliteration key)."""
        tables = self.tables
        if safely(tables.demonyms.countries, word):
            return False
        return (self._knows(tables.places.knows, word) or self._knows(tables.variants.knows, word)
                or self._knows(tables.demonyms.is_country, word))

    def used(self, e: Expansion, reader: Any) -> bool:
        """Whether the index holds what expansion ``e`` looks for (else it is not shown)."""
        return self._held(e, _holder(reader))

    def shown(self, expansions: Sequence[Expansion], reader: Any) -> list[Expansion]:
        """The expansions :meth:`used` keeps, the index's look-up found once for them all."""
        holds = _holder(reader)
        return [e for e in expansions if self._held(e, holds)]

    def _held(self, e: Expansion, holds: Callable[[tuple[str, Any]], bool]) -> bool:
        if e.kind == "translittération":
            # Shown for a name, or for a word the text holds only through its key.
            own = any(holds(("text", t)) for _, t in self._terms(e.word))
            return (e.word[:1].isupper() or not own) and any(holds(t) for t in e.terms)
        terms = list(e.terms) or [("text", t) for _, t in self._terms(e.form)]
        return bool(terms) and all(holds(t) for t in terms)

    def known(self, word: str, reader: Any) -> bool:
        """Whether the books contain ``word`` (as analysed) or one of its spelling variants."""
        terms = [("text", t) for _, t in self._terms(word)]
        keys = self._keys(word)
        terms += [(f, k) for _, k in keys for f in self.variant_fields]
        holds = _holder(reader)
        return any(holds(t) for t in terms)

    # -- expansions ----------------------------------------------------------------------------

    def _key_expansion(self, word: str) -> list[Expansion]:
        """The transliteration key of ``word`` as an expansion (a new list: the caller adds
        its others)."""
        return list(self._key_expansions(word))

    def _alternative(self, e: Expansion) -> Q.Query | None:
        """The query of one spelling or acronym alternative, limited to its books."""
        q = self._text_query(e.form, boost=ALTERNATIVE_BOOST * e.weight)
        if q is None:
            return None
        if e.kind in NAME_KINDS:
            q = Q.Or([q, *self._variant_terms(e.form, ALTERNATIVE_BOOST, names=True)])
        elif self.may_match is not None and not any(map(self.may_match, q.subqueries)):
            # A phrase the books never print (free trade area, matériel agricole): matching it
            # in three fields and highlighting it cost a query's first run, for nothing.
            return None
        if e.books and set(self.tables.books) - set(e.books):
            # Its books only; the filter scores nothing (boost 0), like a Whoosh filter.
            books = [Q.Term("book", b, boost=0.0) for b in e.books]
            q = Q.And([q, books[0] if len(books) == 1 else Q.Or(books)])
        return q

    def _family(self, word: str, found: list[Expansion]) -> list[Q.Query]:
        """Exact printed words of ``word``'s family that Snowball stems apart."""
        if self.word_field is None:
            return []
        related, key = self._relatives(word)
        parts: list[Q.Query] = []
        for w, term in related:
            part = Q.Term(self.word_field, w, boost=LEMMA_BOOST)
            if term is not None:
                part.text_term = term  # type: ignore[attr-defined]
            parts.append(part)
            found.append(Expansion(word, "lemme", w, f"même famille que « {key} »",
                                   ((self.word_field, w),)))
        return parts

    def _compound(self, word: str, found: list[Expansion]) -> list[Q.Query]:
        """A hyphenated word also in one piece (the index holds hyphenated words both ways), and
        that piece's transliteration key: ``Oust-Kamenogorsk`` finds ``Ust-Kamenogorsk``, whose
        parts alone are too short (``Oust``) or too plain to have one."""
        if "-" not in word.strip("-"):
            return []
        joined = word.replace("-", "")
        terms = self._terms(joined)
        if len(terms) != 1:
            return []
        term = terms[0][1]
        found.append(Expansion(word, "composé", joined, "mot composé écrit d'un seul tenant",
                               (("text", term),)))
        found += self._key_expansion(joined)
        return [*(Q.Term(f, term, boost=FIELD_BOOSTS[f]) for f in SEARCH_FIELDS),
                *self._variant_terms(joined, 1.0)]

    def _run(self, words: Sequence[str], i: int) -> tuple[int, tuple[Expansion, ...]]:
        """The longest run of words from ``i`` that the acronym or place tables know."""
        longest = min(MAX_RUN_WORDS, len(words) - i)
        if longest < 2:
            return 1, ()
        acronym = self.tables.acronyms.may_start(words[i])
        for n in range(longest, 1, -1):
            text = " ".join(words[i : i + n])
            found = ((self._acronyms(text) if acronym else ())
                     + self._places(text) + self._named_runs(text))
            if n == 2 and not found:
                found = self._joined(words[i], words[i + 1])
            if found:
                return n, found
        return 1, ()

    # -- helpers -------------------------------------------------------------------------------

    def _variant_terms(self, word: str, boost: float, *, names: bool = False) -> list[Q.Query]:
        """The transliteration key of a one-token word in the body's and the footnotes' keys;
        with ``names``, a name of several words as the phrase of its words' keys (``Veliky
        Kamen`` finds ``Velikiy Kamen``)."""
        return key_clauses(self._keys(word), self.variant_fields, boost, names=names)

    def _text_query(self, text: str, boost: float) -> Q.Query | None:
        """``text`` in the body, title and footnotes: a term, or a phrase for several words."""
        return text_clause(self._terms(text), boost)

    # A table is user-edited data: a bad entry must not turn a search into a crash.
    _knows = staticmethod(may_hold)
