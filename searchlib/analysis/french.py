"""The French analyzer chain: text → terms with positions and offsets into the original text.

One analyzer serves the paragraph text, the chapter titles and the footnote text, at index time
and at query time, so a query word and an indexed word meet on the same term::

    FrenchTokenizer        words, with positions and chars (offsets into the *original* text)
    | ElisionFilter        l'État → État, jusqu'à → à, qu’il → il (both ' and ’); aujourd'hui stays
    | CompoundFilter       agro-industriel → agro, industriel (consecutive positions) and, at index
                           time only, the joined compound agroindustriel; 2021-2025 → 2021, 2025
    | CaseFilter           lower case; marks acronyms (CEE, EAU: all capitals)
    | FoldFilter           unidecode's spelling (:mod:`.folding`): Émirats → emirats, œuvre → oeuvre
    | StemFilter           Snowball French, on the *folded* word (Snowball stems ``biélorusse`` and
                           ``bielorusse`` differently, so folding must come first), after putting
                           back the accents of the suffixes Snowball needs (exportee → exportée);
                           a stem that would be a stop word gets a mark (cee → ce# not ce); an
                           acronym also gets its capital term (EAU), the only one a query in
                           capitals looks for, so that EAU does not find eau (water)

Stop words are **kept**, with their true positions. Whoosh's phrase query keeps only the words of a
phrase, not their positions, so a phrase like "mise en œuvre" can only match an index where "en"
sits between "mise" and "œuvre"; with stop words removed (gaps) it could never match, and with
renumbered positions it would also match "mise œuvre". BM25 gives stop words a near-zero weight;
the query layer may drop them from non-phrase queries with :func:`is_stop_word`.
``french_analyzer(stop_words="gaps")`` is there for callers that build positional queries
themselves: stop words are removed and the positions keep the gaps.

The first three links, which find the words, are :mod:`.words`'.

Every filter keeps ``startchar``/``endchar`` pointing into the text that was analyzed, so snippets
can be cut from stored text with the offsets recorded in the postings (``chars=True``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import Stemmer
from whoosh.analysis import Analyzer, Filter, StopFilter, Token

from .folding import fold
from .stem_overrides import STEM_OVERRIDES

# The words of a text (tokenizer, elision, compounds) are .words', and their fold .folding's;
# named here too, where the rest of searchlib has always found them.
from .words import (
    APOSTROPHES,
    ELISION_PARTICLES,
    HYPHENS,
    WHOLE_WORDS,
    WORD_RE,
    CompoundFilter,
    ElisionFilter,
    FrenchTokenizer,
    whole_word,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

__all__ = [
    "ACRONYM_QUERY_MAX",
    "APOSTROPHES",
    "CachingFilter",
    "CaseFilter",
    "ELISION_PARTICLES",
    "STOP_WORDS",
    "CompoundFilter",
    "ElisionFilter",
    "FoldFilter",
    "FrenchStemFilter",
    "FrenchTokenizer",
    "HYPHENS",
    "WHOLE_WORDS",
    "WORD_RE",
    "fold",
    "french_analyzer",
    "is_acronym",
    "is_stop_word",
    "snowball_stem",
    "whole_word",
]

#: Snowball's French stop words as Whoosh ships them (``whoosh.lang.stopwords_for_language``),
#: folded. Written out: importing Whoosh's lists of every language and folding this one cost a
#: new process 1.5 ms; ``tests/test_analysis.py`` checks that they are still Whoosh's.
SNOWBALL_STOP_WORDS = frozenset("""
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez
    aurions aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayante
    ayantes ayants ayez ayons c ce ces d dans de des du elle en es est et etaient etais
    etait etant etante etantes etants ete etee etees etes etiez etions eu eue eues eumes
    eurent eus eusse eussent eusses eussiez eussions eut eutes eux fumes furent fus fusse
    fussent fusses fussiez fussions fut futes il j je l la le leur lui m ma mais me meme mes
    moi mon n ne nos notre nous on ont ou par pas pour qu que qui s sa se sera serai
    seraient serais serait seras serez seriez serions serons seront ses soient sois soit
    sommes son sont soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous y
""".split())
#: Function words Snowball's French list lacks (it has ``le`` and ``la`` but not ``les``; its
#: ``ou`` is also ``où`` folded).
_MORE_STOP_WORDS = (
    "les cet cette ceux celle celles celui cela leurs dont ni si ils elles lorsque puisque"
    " quoique vers entre chez sans sous selon parmi"
    # A question's words (Quelles entreprises exportent...?): a question typed whole must not
    # spend the one word a long query may miss on them.
    " quel quelle quels quelles lequel laquelle lesquels lesquelles comment pourquoi combien"
    " quand quoi".split()
)
#: French stop words (Snowball's list, the words above and the elided particles), folded.
STOP_WORDS = (
    SNOWBALL_STOP_WORDS | frozenset(fold(w) for w in _MORE_STOP_WORDS) | ELISION_PARTICLES
)


def is_stop_word(word: str) -> bool:
    """Whether a word (any case, accents or not) is a French stop word.

    :param word: one word as typed or printed.
    :returns: True for ``"de"``, ``"Les"``, ``"à"``, ``"était"``, ``"jusqu'à"``, ``"l'"``.
    """
    folded = fold(word)
    particle, apostrophe, rest = folded.partition("'")
    if apostrophe and particle in ELISION_PARTICLES:
        # An elided particle before a stop word (jusqu'à, qu'il) is all function words.
        return not rest or rest in STOP_WORDS
    return folded in STOP_WORDS


#: Acronyms this long or shorter, typed in capitals, find only their capital term: the longer
#: ones (BRICS, MINSK typed with caps lock) are no French word and find their stem as well.
ACRONYM_QUERY_MAX = 4


def is_acronym(text: str) -> bool:
    """Whether a word is an acronym for :class:`CaseFilter`: two letters or more, all capitals."""
    return len(text) > 1 and text.isupper() and text.isalpha()


class CaseFilter(Filter):
    """Lower case, like Whoosh's ``LowercaseFilter``; marks acronyms (``t.acronym``).

    An acronym is a word of at least two letters, all capitals (``CEE``, ``EAU``, ``UEEA``);
    :class:`FrenchStemFilter` gives it its capital term besides its stem.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            t.acronym = is_acronym(text)
            t.text = text.lower()
            yield t


class CachingFilter(Filter):
    """A filter that owns a cache: pickled, compared and hashed by its settings only.

    Whoosh pickles the schema, analyzers included, into every commit's TOC, and compares
    filters by their ``__dict__``: the cache belongs to neither. ``SETTINGS`` names the
    constructor arguments that make the filter what it is.
    """

    SETTINGS: tuple[str, ...] = ("cachesize",)

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.SETTINGS}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((type(self), *self.__getstate__().values()))


class FoldFilter(CachingFilter):
    """Accent and ligature folding with unidecode (cached: the vocabulary is small)."""

    def __init__(self, cachesize: int = 200_000) -> None:
        self.cachesize = cachesize
        self._cache: dict[str, str] = {}

    def folded(self, text: str) -> str:
        """:func:`fold` of one word, remembered."""
        folded = self._cache.get(text)
        if folded is None:
            folded = fold(text)
            if len(self._cache) >= self.cachesize:
                self._cache.clear()
            self._cache[text] = folded
        return folded

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        cache = self._cache
        for t in tokens:
            text = t.text
            folded = cache.get(text)
            if folded is None:
                folded = self.folded(text)
            if folded:  # a symbol unidecode cannot spell leaves nothing to index
                t.text = folded
                yield t


#: Folded suffixes whose accents Snowball needs to find the suffix: exportee(s) → exportée(s),
#: activite → activité, laitiere(ment) → laitière. Without them 206 groups of the books'
#: words that Snowball stems together on accented text split apart (exporté ≠ exportées);
#: with them 23 (measured on the two books).
#: Each such ending and its accents, longest first: a word's longest is the one replaced, as
#: ``(?:(ee)|(it)e|(iere))(s|ment)?$`` replaces it (``tests/test_analysis.py`` compares them on
#: the books' words), without compiling that expression (0.14 ms, paid by the first such word a
#: process stemmed: at query time, some query's first run).
_REACCENTED_ENDINGS = tuple(sorted(
    ((folded + tail, accented + tail)
     for folded, accented in (("ee", "ée"), ("ite", "ité"), ("iere", "ière"))
     for tail in ("", "s", "ment")),
    key=lambda ending: -len(ending[0])))
#: Every ending of :data:`_REACCENTED_ENDINGS`: a word without one (nineteen in twenty) is told
#: so by one test.
_REACCENT_ENDINGS = tuple(folded for folded, _ in _REACCENTED_ENDINGS)
_UNACCENT = str.maketrans("éè", "ee")
#: Appended to a stem that would be a stop word (cee → ce, tonnes → ton): ``ce`` is indexed.
STOP_STEM_MARK = "#"


_STEMMERS = threading.local()


def snowball_stem(word: str) -> str:
    """Snowball's French stem of one lower-case word (accents as printed).

    PyStemmer's C Snowball, one stemmer per thread (its objects are not thread-safe). Its
    version 2 is the Snowball French that Whoosh's pure-Python stemmer ports, ten times faster
    (version 3 stems some words differently: ``test_analysis`` compares the two).
    """
    stem = getattr(_STEMMERS, "stem", None)
    if stem is None:
        # No cache of its own (size 0): FrenchStemFilter remembers each word's stem, and
        # PyStemmer's cache upkeep doubled the cost of a word it had not met.
        stem = _STEMMERS.stem = Stemmer.Stemmer("french", 0).stemWord
    return stem(word)  # type: ignore[no-any-return]


def reaccented(word: str) -> str:
    """``word`` with the accents of its ending of :data:`_REACCENTED_ENDINGS` put back (as it
    is when it has none)."""
    for folded, accented in _REACCENTED_ENDINGS:
        if word.endswith(folded):
            return word[: -len(folded)] + accented
    return word


#: The stems remembered, per set of words a :class:`FrenchStemFilter` keeps whole.
_STEM_CACHES: dict[frozenset[str], dict[str, str]] = {}


class FrenchStemFilter(CachingFilter):
    """Snowball French stemming of folded words, with a plain dict cache.

    A word of :data:`~searchlib.analysis.stem_overrides.STEM_OVERRIDES` takes the stem given
    there (``important`` is not the ``import`` of importations). The folded word's suffix is
    re-accented first (see :func:`reaccented`); a final -a stays, except as the future's -ra
    (``atlanta``, not the ``atlant`` of the firm Atlant); a stem equal to a stop
    word (of a word that is not one) is marked, so ``CEE`` or ``tonnes`` do not find every ``ce``
    or ``ton``. An acronym (``t.acronym``, set by :class:`CaseFilter`) also yields its capital
    term at index time, and at query time only that term when it is short, so that ``EAU``
    finds the Émirats and not the water.
    """

    is_morph = True
    SETTINGS = ("ignore", "cachesize")

    def __init__(self, ignore: frozenset[str] = WHOLE_WORDS, cachesize: int = 200_000) -> None:
        self.ignore = ignore
        self.cachesize = cachesize
        # One cache per set of words kept whole, which with the folded word decides a stem:
        # shared by every filter that keeps the same, so the word families' look-ups
        # (lemmas.WordFamilies) find the stems a query's analysis has just made.
        self._cache: dict[str, str] = _STEM_CACHES.setdefault(ignore, {})

    def stem(self, word: str) -> str:
        """The term of one folded lower-case word."""
        if word in self.ignore:
            return word
        override = STEM_OVERRIDES.get(word)
        if override is not None:
            return override
        accented = reaccented(word) if word.endswith(_REACCENT_ENDINGS) else word
        stem = snowball_stem(accented)
        if accented is not word:
            stem = stem.translate(_UNACCENT)
        # Snowball strips a final -a (-as) as a verb ending; in these books that is only the
        # future's -ra (sera, permettra). Elsewhere the -a is a name's or a borrowed word's
        # pronounced vowel (Atlanta is not the firm Atlant, Santa not santé, Data not date): it
        # stays, and a plural keeps it too (médias as média).
        if stem == word[:-1] and word.endswith("a") and not word.endswith("ra"):
            stem = word
        elif stem == word[:-2] and word.endswith("as") and not word.endswith("ras"):
            stem = word[:-1]
        if stem in STOP_WORDS and word not in STOP_WORDS:
            stem += STOP_STEM_MARK
        return stem

    def stemmed(self, text: str) -> str:
        """:meth:`stem` of one folded word, remembered."""
        stem = self._cache.get(text)
        if stem is None:
            stem = self.stem(text)
            if len(self._cache) >= self.cachesize:
                self._cache.clear()
            self._cache[text] = stem
        return stem

    def acronym_terms(self, text: str, mode: str) -> tuple[str, ...]:
        """The terms of an acronym (``t.acronym``): at query time its capitals alone when it is
        short, else its stem; at index time its stem, then its capitals."""
        stem = self.stemmed(text)
        if mode != "index":
            return (text.upper(),) if len(text) <= ACRONYM_QUERY_MAX else (stem,)
        return stem, text.upper()

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        cache = self._cache
        for t in tokens:
            text = t.text
            if getattr(t, "acronym", False):
                for term in self.acronym_terms(text, t.mode):
                    t.text = term
                    yield t
                continue
            stem = cache.get(text)
            t.text = stem if stem is not None else self.stemmed(text)
            yield t


def french_analyzer(stop_words: Literal["keep", "gaps"] = "keep") -> Analyzer:
    """The French analyzer for paragraph text, chapter titles and footnote text.

    Use the same analyzer at index and at query time.

    :param stop_words: ``"keep"`` (default) indexes stop words at their true positions, so
        Whoosh phrase queries match exactly; ``"gaps"`` removes them and keeps the gaps in the
        positions (for callers that build positional queries themselves).
    :returns: a Whoosh analyzer producing folded Snowball stems with positions and chars.
    """
    chain = FrenchTokenizer() | ElisionFilter() | CompoundFilter() | CaseFilter()
    chain = chain | FoldFilter()
    if stop_words == "gaps":
        chain = chain | StopFilter(stoplist=STOP_WORDS, minsize=1, renumber=False)
    elif stop_words != "keep":
        raise ValueError(f"stop_words must be 'keep' or 'gaps', not {stop_words!r}")
    return chain | FrenchStemFilter()
