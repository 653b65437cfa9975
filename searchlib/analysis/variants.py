"""Transliteration keys: one key for the many Latin spellings of one Russian or Belarusian name.

The books mix French (Douchanbé, Tachkent, Ouzbékistan), English (Dushanbe, Tashkent,
Uzbekistan), Russian-style (Gomel, Grodno, Mogilev) and Belarusian-style (Homiel, Hrodna,
Mahiliou) spellings. :func:`variant_key` maps a word to a key by a short list of ordered
rewriting rules, each one a real correspondence between transliteration systems; the index keeps
the keys of name-like words in a separate ``variants`` field (:func:`variant_analyzer`), and a
query word's key is looked up there at a lower boost than the exact field.

What the rules cannot reach without flooding (vowel reduction: Mogilev/Mahiliou, Borisov/Barysau;
Kirghizistan/Kirghizstan; Pékin/Beijing) goes in the editable table ``corpus/variants.tsv``,
used at query time (:meth:`searchlib.analysis.tables.VariantTable.expand`).

Which words get a key at index time: only **name-like** ones (capitalised, not a stop word nor a
Roman numeral), so the ``variants`` field holds names (and words that start a sentence), and an
ordinary query word can only collide with those, never with another ordinary word (that is the
exact field's business). At query time every word gets its key: users type names in lower case.

Rules are kept specific (words under 5 letters are left alone; no o/a merging inside a word).

The final vowel. A French final *e* is mute: it stands for nothing (Pouchkine/Pushkin,
nationale/National) or for the pronounced vowel of another system (Prague/Praha, Caire/Cairo,
Ouganda/Ugande). A final *a* or *o* is pronounced: it changes between systems (Grodno/Hrodna) but
never disappears: Atlanta is not the firm Atlant, Santa is not a Sant. That relation is not
transitive (e ~ nothing, e ~ a, but a ≁ nothing), so one key per word cannot hold it; it is
matched **one way**: a query word has one key, :func:`variant_key` (the stem, plus ``a`` when
the word ends in a pronounced a/o), and an indexed name has the keys :func:`index_keys` (the stem
alone when it ends in a consonant; the stem and the stem plus ``a`` when it ends in a, e or o).
So ``Atlanta`` (``atlanta``) finds ``Atlante`` and ``Atlanta`` but not ``Atlant`` (``atlant``),
while ``Atlant`` finds all three, and ``Pouchkine``/``Pushkin``, ``Prague``/``Praha``,
``Grodno``/``Hrodna`` find each other both ways.

Measured on the books' vocabulary: 140 of 8,433 distinct lower-case words (1.7 %; 160 when a final
a/o was dropped) find a different capitalised word, nearly all inflections (Brest/breste,
National/nationale) or transliterated Russian in URLs (minske/Minsk); a few are unrelated
(faire/Fair, franco/France). The pairs that keeping the final a/o parted are all a word with an a
that its printed name lacks: Russian genitives in URLs (bishkeka, kazakhstana, bresta, vizita), a
feminine surname (zhaparova/Japarov), russia/Rusiy; none joined two spellings of one name, and no
pair was added.
``tests/test_variants.py`` keeps that measure below 3 %.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import methodcaller

from whoosh.analysis import Analyzer, Filter, Token

from ..quick_loading import LazyPattern, lazy_compile
from .french import (
    STOP_WORDS,
    CachingFilter,
    CompoundFilter,
    ElisionFilter,
    FrenchTokenizer,
    fold,
)

__all__ = [
    "VARIANT_RULES",
    "NameFilter",
    "VariantKeyFilter",
    "english_spelled",
    "index_keys",
    "is_name_like",
    "variant_analyzer",
    "variant_key",
]

#: Ordered rewriting rules (regex, replacement) applied to the folded lower-case word.
#: Each line says which spellings it joins.
VARIANT_RULES: tuple[tuple[str, str], ...] = (
    (r"iou$", "iov"),  # Belarusian -iou (ŭ) = Russian -iov/-ev: Mahiliou, Mogilev (then io → e)
    (r"ou", "u"),  # French ou = u: Douchanbé/Dushanbe, Ouzbékistan/Uzbekistan, Kalouga/Kaluga
    (r"tch", "ch"),  # French tch = English ch: Sotchi/Sochi, Tchernobyl/Chernobyl
    (r"dzh|dj", "j"),  # English dzh / French dj = j: Tadjikistan/Tajikistan
    (r"zh", "j"),  # English zh = French j: Voronezh/Voronej
    (r"dz(?=[aeiouy])", "d"),  # Belarusian dz = Russian d: Zhodzina/Zhodino
    (r"ts(?=[aeiouy])", "t"),  # Belarusian ts = Russian t: Vitsebsk/Vitebsk (not plural -ts)
    (r"kh", "h"),  # kh/h: Barkhim/Barhim (then h → g)
    (r"ch", "sh"),  # French ch = English sh: Tachkent/Tashkent, Bichkek/Bishkek, Achgabat/Ashgabat
    (r"ph", "f"),
    (r"gu(?=[eiy])", "g"),  # French gu before e/i: Moguilev/Mogilev
    (r"q", "k"),
    (r"w", "v"),
    (r"(?<!s)h", "g"),  # Belarusian h = Russian g: Homiel/Gomel, Hrodna/Grodno; gh = g: Ferghana
    (r"y", "i"),  # Kostanay/Kostanai, Kyrgyzstan/Kirghizstan, Bryansk/Briansk, Glazyev/Glaziev
    (r"ia$", "ie"),  # English -ia = French -ie: Karelia/Carélie, Udmurtia/Oudmourtie, Serbia/Serbie
    (r"ie|io", "e"),  # ie/ye/io/yo = e: Homiel/Gomel, Utyos/Utes, Erevan/Yerevan
    # Doubled letters: Novossibirsk/Novosibirsk, Zaleskii/Zalessky; not ee (entrée ≠ entre).
    (r"([a-df-z])\1+", r"\1"),
)
#: Per rule, a text every match of it contains: a word without it is left as it is, without
#: running the rule's expression (most words hold a few of the eighteen; running every one
#: was most of the cost of a word's key). ``""``: always run.
_NEEDS = ("iou", "ou", "tch", "d", "zh", "dz", "ts", "kh", "ch", "ph", "gu", "q", "w", "h", "y",
          "ia", "i", "")


def _replacement(template: str) -> str | Callable[[re.Match[str]], str]:
    """A rule's replacement as ``Pattern.sub`` runs it fastest: a group's text (``\\1``) as
    that group, not a template (``sub`` prepared a template for every word, matched or not:
    twice the cost of the expression). (Told apart without an expression: compiling one cost
    every new process a tenth of a millisecond.)"""
    if len(template) == 2 and template[0] == "\\" and template[1].isdecimal():
        return methodcaller("group", int(template[1]))
    return template


def _ending(ending: str, new: str) -> Callable[[str], str]:
    """``ending$`` → ``new``, on a word of letters."""
    return lambda word: word[: -len(ending)] + new if word.endswith(ending) else word


def _before(text: str, following: str, new: str) -> Callable[[str], str]:
    """``text(?=[following])`` → ``new``: ``text`` and each following letter replaced by
    ``new`` and that letter (no two of them overlap, and a replacement makes none)."""
    pairs = [(text + letter, new + letter) for letter in following]

    def rewrite(word: str) -> str:
        for old, replaced in pairs:
            word = word.replace(old, replaced)
        return word

    return rewrite


def _apart(first: str, first_new: str, old: str, new: str) -> Callable[[str], str]:
    """``first`` → ``first_new`` and ``old`` → ``new`` elsewhere, ``first`` winning where both
    could start (``dzh|dj``, ``(?<!s)h``: h outside sh, sh kept): the word parted at each
    ``first``, ``old`` replaced in each part (no ``old`` straddles a ``first``)."""
    return lambda word: first_new.join(part.replace(old, new) for part in word.split(first))


#: The rules rewritten by string methods, as their expressions rewrite (``tests/
#: test_variants.py`` compares them on the books' words and on fuzzed ones).
_BY_STRING_METHODS: dict[tuple[str, str], Callable[[str], str]] = {
    (r"iou$", "iov"): _ending("iou", "iov"),
    (r"dzh|dj", "j"): _apart("dzh", "j", "dj", "j"),
    (r"dz(?=[aeiouy])", "d"): _before("dz", "aeiouy", "d"),
    (r"ts(?=[aeiouy])", "t"): _before("ts", "aeiouy", "t"),
    (r"gu(?=[eiy])", "g"): _before("gu", "eiy", "g"),
    (r"(?<!s)h", "g"): _apart("sh", "sh", "h", "g"),
    (r"ia$", "ie"): _ending("ia", "ie"),
    (r"ie|io", "e"): _apart("ie", "e", "io", "e"),
}


def _rewriting(pattern: str, template: str) -> tuple[Callable[[str], str], LazyPattern | None]:
    """A rule as a function of a word, and its expression when it runs one: ``str.replace``
    for a rule of letters only, string methods for those of :data:`_BY_STRING_METHODS` (the
    same rewriting, without an expression: compiling one cost the first word that needed it 20
    to 60 µs), else the expression, compiled on first use."""
    if pattern.isalpha() and template.isalpha():
        return methodcaller("replace", pattern, template), None
    by_string_methods = _BY_STRING_METHODS.get((pattern, template))
    if by_string_methods is not None:
        return by_string_methods, None
    expression, replacement = lazy_compile(pattern), _replacement(template)
    return (lambda word: expression.sub(replacement, word)), expression


# (need, rewriting, its expression or None). Compiling all eighteen expressions was 1.3 ms of
# every new process; one is left, compiled on first use (a query's words rarely need it: the
# tables' forms come with their keys, :mod:`searchlib.index.expansion`).
_REWRITINGS = tuple((need, *_rewriting(p, r))
                    for need, (p, r) in zip(_NEEDS, VARIANT_RULES, strict=True))
_FINAL_VOWEL = re.compile(r"[aeo]$")
#: Shorter words are returned folded but not rewritten: too little left to tell names apart.
MIN_LENGTH = 5
#: Acronyms this short keep their capitals as key: EAU (Émirats) is not the Eau of a sentence.
#: Longer words in capitals are names printed so (UTES, MINSK) and keep the ordinary key.
ACRONYM_KEY_MAX = 3


# Remembered: a query word's key is asked by the variants field, the variant table and the
# gazetteer, each from the same folded word (a score of regular expressions each time).
@lru_cache(maxsize=65536)
def _rule_key(folded: str) -> tuple[str, str]:
    """``(stem, final)``: the rewritten word without its final vowel, and that vowel's class
    (``"a"`` for a pronounced a/o, ``"e"`` for a mute e, ``""`` for none or a word too short)."""
    if len(folded) < MIN_LENGTH or not folded.isalpha():
        return folded, ""
    word = folded
    for need, rewrite, _expression in _REWRITINGS:
        if need in word:
            word = rewrite(word)
    # Only one final a/e/o is set apart, not i/u (Pérou ≠ Pierre) nor a whole cluster
    # (Shanghai ≠ change).
    stem = _FINAL_VOWEL.sub("", word)
    if len(stem) < MIN_LENGTH - 1 or stem == word:
        return word, ""
    return stem, "e" if word.endswith("e") else "a"


def _acronym(word: str, key: str) -> str:
    if len(key) <= ACRONYM_KEY_MAX and len(word) > 1 and word.isupper() and word.isalpha():
        return key.upper()
    return key


#: The letters of the scholarly transliteration of Cyrillic (ISO 9, and Belarusian Latin) that
#: stand for two English ones: folded as the others are, Mišustin would be "misustin", not the
#: "mishustin" of the books' Mishustin.
_SCHOLARLY = str.maketrans({"š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch", "ž": "zh", "Ž": "Zh",
                            "ŝ": "shch", "Ŝ": "Shch"})


def english_spelled(text: str) -> str:
    """``text`` with the scholarly letters spelled as English does (``Mišustin``: Mishustin)."""
    return text if text.isascii() else text.translate(_SCHOLARLY)


def _key_fold(word: str) -> str:
    """``word`` folded for its key."""
    return fold(english_spelled(word))


def variant_key(word: str) -> str:
    """The transliteration key of one word as a query looks it up: equal for spellings of one
    name that end alike.

    :param word: a word as printed or typed, any case, accents or not (``"Douchanbé"``).
    :returns: the key (``"dushanb"``, as for ``"Dushanbe"``; ``"grodna"`` for ``"Hrodna"`` and
        ``"Grodno"``); numbers and short words are only folded, acronyms of up to 3 letters keep
        their capitals (``"EAU"``, not the ``Eau`` of a sentence).
    """
    stem, final = _rule_key(_key_fold(word))
    return _acronym(word, stem + "a" if final == "a" else stem)


def index_keys(word: str) -> tuple[str, ...]:
    """The keys a printed name is indexed under: every :func:`variant_key` of a query that may
    find it (see the module's docstring: a final a/o never matches a word without it).

    >>> index_keys("Atlant"), index_keys("Atlanta"), index_keys("Prague")
    (('atlant',), ('atlant', 'atlanta'), ('prag', 'praga'))
    """
    stem, final = _rule_key(_key_fold(word))
    if not final:
        return (_acronym(word, stem),)
    return (stem, stem + "a")


# Compiled on first use: only the index side asks whether a word is name-like.
_ROMAN = lazy_compile(r"[IVXLC]+(?:e|er|ème)?")


def is_name_like(word: str) -> bool:
    """Whether a printed word looks like a name: capitalised, not a stop word nor a numeral."""
    return (
        word[:1].isupper()
        and word[:1].isalpha()
        and fold(word) not in STOP_WORDS
        and _ROMAN.fullmatch(word) is None
    )


class NameFilter(Filter):
    """At index time, keeps only name-like tokens (positions untouched); at query time, all."""

    @staticmethod
    def keeps(text: str, mode: str) -> bool:
        """Whether a token of this text is kept in this mode."""
        return mode != "index" or is_name_like(text)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if self.keeps(t.text, t.mode):
                yield t


class VariantKeyFilter(CachingFilter):
    """Replaces each token's text by its keys: at index time :func:`index_keys` (a second key is
    a second token at the same position and characters), at query time :func:`variant_key`.
    Remembers the keys of up to ``cachesize`` words (the filter owns its cache, as Whoosh's
    ``StemFilter`` does)."""

    def __init__(self, cachesize: int = 100_000) -> None:
        self.cachesize = cachesize
        self._key = lru_cache(maxsize=cachesize)(variant_key)
        self._index_keys = lru_cache(maxsize=cachesize)(index_keys)

    def keys(self, text: str, mode: str) -> tuple[str, ...]:
        """The keys a token of this text becomes: :func:`index_keys` at index time, else its
        :func:`variant_key`."""
        return self._index_keys(text) if mode == "index" else (self._key(text),)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        key = self._key
        for t in tokens:
            if t.mode != "index":
                t.text = key(t.text)
                yield t
                continue
            keys = self.keys(t.text, t.mode)
            extra = None
            if len(keys) > 1:  # a copy: the tokenizer reuses one Token object for every word
                extra = t.copy()
                extra.text = keys[1]
            t.text = keys[0]
            yield t
            if extra is not None:
                yield extra


def variant_analyzer() -> Analyzer:
    """Analyzer of the ``variants`` field: the keys of name-like words, with positions and chars.

    Tokenizing, elision and compounds are those of :func:`french_analyzer`, so positions and
    offsets line up with the text field. At index time only name-like words are kept; at query
    time (``mode="query"``) every word is, since users type names in lower case.

    :returns: a Whoosh analyzer.
    """
    chain = FrenchTokenizer() | ElisionFilter() | CompoundFilter()
    return chain | NameFilter() | VariantKeyFilter()
