"""Turns the reader's words into Whoosh queries: French analysis, spelling variants and synonyms.

A word becomes an ``Or`` over the paragraph text, the chapter title and the footnotes (weighted
below the body), plus its transliteration key in the ``variants`` and ``note_variants`` fields
(``Kostanai`` finds ``Kostanay``, in the body or in a footnote), plus the spellings the editable
variant table lists, plus the acronyms and expansions of the synonym table (``CEI`` finds
``Communauté des États indépendants``). Expansion happens at query time only: the tables in
``corpus/`` can be edited without re-indexing.

Each built node carries a ``display`` attribute: the readable form shown as the parsed query.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from whoosh import query as Q
from whoosh.analysis import Analyzer
from whoosh.fields import Schema
from whoosh.support.charset import accent_map

from ..index.schema import FIELD_BOOSTS, SEARCH_FIELDS
from .budget import MAX_FUZZY_CHARS, BoundedFuzzyTerm, BoundedPrefix, auto_fuzziness

log = logging.getLogger(__name__)

#: Weight of an alternative spelling or synonym relative to the word typed.
ALTERNATIVE_BOOST = 0.8

#: The fields holding transliteration keys: the body's, then the footnotes'.
VARIANT_FIELDS = ("variants", "note_variants")

#: Longest run of words looked up in the synonym table.
MAX_SYNONYM_WORDS = 6

#: The editable tables of a corpus directory: spelling variants, then synonyms and acronyms.
TABLES = ("variants.tsv", "synonyms.tsv")

#: Distinct words (and word runs) whose analysis and expansions an expander remembers.
ANALYSIS_MEMO = 4096

#: Expanders kept (one per open index schema and state of the tables).
MAX_EXPANDERS = 8

_tables_cache: dict[tuple[str, int, int], tuple[Any, Any]] = {}
_expanders: OrderedDict[tuple[int, str, tuple[int, int]], Expander] = OrderedDict()
_expanders_lock = threading.Lock()


class GappedPhrase(Q.Phrase):
    """A phrase whose words may sit a stop word apart, remembering their relative positions.

    Stop words are dropped from the index but keep their positions, so ``chambre de commerce``
    is ``chambr`` at 0 and ``commerc`` at 2; ``offsets`` lets the snippet highlight exactly that.
    """

    def __init__(self, fieldname: str, words: list[str], offsets: list[int], boost: float = 1.0):
        gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
        super().__init__(fieldname, words, slop=max(gaps or [1]), boost=boost)
        self.offsets = offsets


def _stamps(corpus_dir: Path | None) -> tuple[int, int]:
    """The modification times of a corpus's two tables (0 for a missing one): one ``stat`` each,
    so an edited table is seen by the next query."""
    if corpus_dir is None:
        return 0, 0
    stamps = []
    for name in TABLES:
        try:
            stamps.append(os.stat(os.path.join(corpus_dir, name)).st_mtime_ns)
        except OSError:
            stamps.append(0)
    return stamps[0], stamps[1]


def _load_tables(corpus_dir: Path | None, stamps: tuple[int, int] | None = None) -> tuple[Any, Any]:
    """The variant table and synonym table of a corpus (``None`` for each that is missing)."""
    if corpus_dir is None:
        return None, None
    stamps = stamps or _stamps(corpus_dir)
    key = (str(corpus_dir), *stamps)
    if key not in _tables_cache:
        paths = [Path(corpus_dir) / name for name in TABLES]
        try:
            from ..analysis import load_synonyms, load_variant_table
        except ImportError:
            log.debug("searchlib.analysis unavailable; no variant or synonym expansion")
            _tables_cache[key] = (None, None)
        else:
            _tables_cache[key] = (
                load_variant_table(paths[0]) if stamps[0] else None,
                load_synonyms(paths[1]) if stamps[1] else None,
            )
    return _tables_cache[key]


def expander_for(schema: Schema, corpus_dir: Path | None = None) -> Expander:
    """The :class:`Expander` of a schema and a corpus's tables, kept while neither changes.

    An expander memoises the analysis of the words it has seen (see :class:`Expander`), so
    keeping one per open index saves re-analysing the words queries repeat.
    """
    stamps = _stamps(corpus_dir)
    key = (id(schema), str(corpus_dir), stamps)
    with _expanders_lock:
        found = _expanders.get(key)
        # ``id`` may be reused by a new schema once the old one is gone: compare the object.
        if found is not None and found.schema is schema:
            _expanders.move_to_end(key)
            return found
    expander = Expander(schema, corpus_dir, stamps=stamps)
    with _expanders_lock:
        _expanders[key] = expander
        while len(_expanders) > MAX_EXPANDERS:
            _expanders.popitem(last=False)
    return expander


def is_stop_word(word: str) -> bool:
    """Whether ``word`` is a French stop word: dropped from plain-word queries, kept in phrases.

    The index keeps stop words at their positions (so phrases match exactly); as a plain word
    one would match nearly every passage and cost a long posting list for nothing.
    """
    try:
        from ..analysis import is_stop_word as check
    except ImportError:
        from whoosh.lang import stopwords_for_language

        return fold(word).strip("'’") in stopwords_for_language("fr")
    return bool(check(word))


def fold(word: str) -> str:
    """Lower-case and strip accents, as the index does before stemming (for prefixes)."""
    return word.lower().translate(accent_map)


def analyze(analyzer: Analyzer, text: str) -> list[tuple[int, str]]:
    """(position, term) of each token the analyzer keeps from ``text``."""
    return [(t.pos, t.text) for t in analyzer(text, mode="query", positions=True)]


def _analyzed(analyzer: Analyzer, text: str) -> tuple[tuple[int, str], ...]:
    return tuple(analyze(analyzer, text))


def _named(q: Q.Query, display: str) -> Q.Query:
    q.display = display  # type: ignore[attr-defined]
    return q


class Expander:
    """Builds the Whoosh query of each part of a parsed query, with its expansions.

    The analysis of each distinct word (its terms, its transliteration key, its alternative
    spellings and synonyms, whether it is a stop word) is memoised, up to :data:`ANALYSIS_MEMO`
    words: it depends on the word, the schema and the tables only, never on the index's content,
    so this is analysis memoisation, not a result cache (:func:`expander_for` keeps one expander
    per schema and state of the tables). The queries are built afresh each time.

    :param schema: the schema of the index searched (its analyzers analyse the query).
    :param corpus_dir: where ``variants.tsv`` and ``synonyms.tsv`` live (none: no tables).
    :param stamps: the tables' modification times, when the caller has just read them.
    """

    def __init__(self, schema: Schema, corpus_dir: Path | None = None, *,
                 stamps: tuple[int, int] | None = None):
        self.schema = schema
        self.text_analyzer: Analyzer = schema["text"].analyzer
        self.variant_analyzer: Analyzer = schema["variants"].analyzer
        # ``note_variants`` exists in indexes built since footnotes got variant keys.
        self.variant_fields = tuple(f for f in VARIANT_FIELDS if f in schema)
        self.variants, self.synonyms = _load_tables(corpus_dir, stamps)
        memo = lru_cache(maxsize=ANALYSIS_MEMO)
        self._terms: Callable[[str], tuple[tuple[int, str], ...]] = memo(
            partial(_analyzed, self.text_analyzer))
        self._keys: Callable[[str], tuple[tuple[int, str], ...]] = memo(
            partial(_analyzed, self.variant_analyzer))
        self._alternatives: Callable[[str], tuple[str, ...]] = memo(self._find_alternatives)
        self._synonyms: Callable[[str], tuple[str, ...]] = memo(self._find_synonyms)
        self._is_stop_word: Callable[[str], bool] = memo(is_stop_word)

    # -- the parts of a query ------------------------------------------------------------------

    def word(self, word: str, *, expand: bool = True) -> Q.Query | None:
        """A word typed by the reader, with its variants and synonyms (``None`` for a stop word)."""
        if self._is_stop_word(word):
            return None
        base = self._text_query(word, boost=1.0)
        if base is None:
            return None
        alternatives: list[Q.Query] = [base]
        alternatives += self._variant_terms(word, 1.0)
        if expand:
            for alt in self._alternatives(word):
                alt_q = self._text_query(alt, boost=ALTERNATIVE_BOOST)
                if alt_q is not None:
                    alternatives.append(alt_q)
                alternatives += self._variant_terms(alt, ALTERNATIVE_BOOST)
        return _named(Q.Or(alternatives), word)

    def phrase(self, text: str, *, expand: bool = True) -> Q.Query | None:
        """A quoted phrase (its words in order, stop words allowed where they were)."""
        text = " ".join(text.split())
        base = self._text_query(text, boost=1.0)
        if base is None:
            return None
        alternatives = [base]
        if expand:
            for alt in self._synonyms(text):
                alt_q = self._text_query(alt, boost=ALTERNATIVE_BOOST)
                if alt_q is not None:
                    alternatives.append(alt_q)
        q = alternatives[0] if len(alternatives) == 1 else Q.Or(alternatives)
        return _named(q, f'"{text}"')

    def prefix(self, word: str) -> Q.Query | None:
        """``word*``: words of the text or title starting with ``word`` (accents ignored)."""
        stem = fold(word.rstrip("*"))
        if len(stem) < 2:
            return None
        # Bounded (see .budget): at most MAX_EXPANSIONS words each, from the vocabulary in memory.
        parts = [BoundedPrefix(f, stem, boost=FIELD_BOOSTS[f]) for f in ("text", "title")]
        return _named(Q.Or(parts), f"{stem}*")

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
        return _named(Q.Or(parts), f"{word}~{maxdist}")

    def words(self, words: Sequence[str]) -> list[Q.Query]:
        """Plain words, AND-ed by the caller: runs the synonym table knows become one clause.

        ``Communauté des États indépendants`` typed as words is also ``CEI``; the run is kept as
        one alternative of words (not a phrase) so nothing the reader typed is lost.
        """
        clauses: list[Q.Query] = []
        i = 0
        while i < len(words):
            run = self._synonym_run(words, i)
            if run > 1:
                text = " ".join(words[i : i + run])
                parts = [p for p in (self.word(w, expand=False) for w in words[i : i + run]) if p]
                alts: list[Q.Query] = [Q.And(parts)] if parts else []
                for alt in self._synonyms(text):
                    alt_q = self._text_query(alt, boost=ALTERNATIVE_BOOST)
                    if alt_q is not None:
                        alts.append(alt_q)
                if alts:
                    clauses.append(_named(Q.Or(alts), f"({text})"))
                i += run
                continue
            q = self.word(words[i])
            if q is not None:
                clauses.append(q)
            i += 1
        return clauses

    def known(self, word: str, reader: Any) -> bool:
        """Whether the books contain ``word`` (as analysed) or one of its spelling variants."""
        terms = [("text", t) for _, t in self._terms(word)]
        keys = self._keys(word)
        terms += [(f, k) for _, k in keys for f in self.variant_fields]
        return any(t in reader for t in terms)

    # -- helpers -------------------------------------------------------------------------------

    def _variant_terms(self, word: str, boost: float) -> list[Q.Query]:
        """The transliteration key of a one-token word in the body's and the footnotes' keys."""
        keys = self._keys(word)
        if len(keys) != 1:
            return []
        return [Q.Term(f, keys[0][1], boost=boost * FIELD_BOOSTS[f]) for f in self.variant_fields]

    def _text_query(self, text: str, boost: float) -> Q.Query | None:
        """``text`` in the body, title and footnotes: a term, or a phrase for several words."""
        tokens = self._terms(text)
        if not tokens:
            return None
        first: dict[int, str] = {}
        for pos, term in tokens:
            first.setdefault(pos, term)
        fields = SEARCH_FIELDS
        if len(first) == 1:
            terms = sorted({t for _, t in tokens})
            parts = [Q.Term(f, t, boost=boost * FIELD_BOOSTS[f]) for f in fields for t in terms]
        else:
            start = min(first)
            offsets = [p - start for p in sorted(first)]
            words = [first[p] for p in sorted(first)]
            parts = [GappedPhrase(f, words, offsets, boost=boost * FIELD_BOOSTS[f]) for f in fields]
        return Q.Or(parts)

    def _find_alternatives(self, word: str) -> tuple[str, ...]:
        alts: list[str] = []
        if self.variants is not None:
            alts.extend(self._call(self.variants.expand, word))
        alts.extend(self._synonyms(word))
        # Each alternative once, in order, and never the word itself (case-insensitively).
        seen = {word.casefold()}
        unique = []
        for alt in alts:
            if alt.casefold() not in seen:
                seen.add(alt.casefold())
                unique.append(alt)
        return tuple(unique)

    def _find_synonyms(self, text: str) -> tuple[str, ...]:
        if self.synonyms is None:
            return ()
        alts = self._call(self.synonyms.expand, text)
        return tuple(a for a in alts if a.casefold() != text.casefold())

    def _synonym_run(self, words: Sequence[str], i: int) -> int:
        if self.synonyms is None:
            return 1
        for n in range(min(MAX_SYNONYM_WORDS, len(words) - i), 1, -1):
            if self._synonyms(" ".join(words[i : i + n])):
                return n
        return 1

    @staticmethod
    def _call(fn: Callable[[str], Any], text: str) -> list[str]:
        # A table is user-edited data: a bad entry must not turn a search into a crash.
        try:
            return [str(a) for a in (fn(text) or [])]
        except Exception:  # noqa: BLE001
            log.warning("expansion table failed on %r", text, exc_info=True)
            return []
