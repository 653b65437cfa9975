"""Accent folding: a word in lower-case ASCII letters and digits, as unidecode spells it.

The analyzer folds every word before stemming (:class:`.french.FoldFilter`: Émirats → emirats,
coopération → cooperation, œuvre → oeuvre), and every table of the query side looks words up by
their fold. Latin letters are spelled from a table written out here (a query of French words never
loads unidecode); another script's characters (Cyrillic...) by unidecode itself, on first use.
"""

from __future__ import annotations

from functools import lru_cache

from ..quick_loading import lazy_compile
from .words import one_apostrophe

__all__ = ["fold"]

_NOT_TERM = lazy_compile(r"[^a-z0-9]+")
#: Every ASCII character but ``[a-z0-9]``, deleted by ``str.translate``: what :data:`_NOT_TERM`
#: drops from an ASCII text, without compiling it (50 µs, by the first compound or sign folded).
_ASCII_NOT_TERM = str.maketrans("", "", "".join(map(chr, (*range(0x30), *range(0x3A, 0x61),
                                                          *range(0x7B, 0x80)))))


#: unidecode's spelling of each Latin letter past ASCII, from U+00C0 to U+024F, written out
#: (``tests/test_folding.py`` checks that each is still unidecode's): loading unidecode and its
#: first table cost the first accented word a process folded 0.6 to 0.8 ms; importing a module
#: of these spellings instead, 0.15 ms.
_LATIN_SPELLINGS = (
    "A A A A A A AE C E E E E I I I I D N O O O O O x O U U U U Y Th ss "  # U+00C0
    "a a a a a a ae c e e e e i i i i d n o o o o o / o u u u u y th y "  # U+00E0
    "A a A a A a C c C c C c C c D d D d E e E e E e E e E e G g G g "  # U+0100
    "G g G g H h H h I i I i I i I i I i IJ ij J j K k k L l L l L l L "  # U+0120
    "l L l N n N n N n 'n NG ng O o O o O o OE oe R r R r R r S s S s S s "  # U+0140
    "S s T t T t T t U u U u U u U u U u U u W w Y y Y Z z Z z Z z s "  # U+0160
    "b B B b 6 6 O C c D D D d d 3 @ E F f G G hv I I K k l l W N n O "  # U+0180
    "O o OI oi P p YR 2 2 SH sh t T t T U u Y V Y y Z z ZH ZH zh zh 2 5 5 ts w "  # U+01A0
    "| || |= ! DZ Dz dz LJ Lj lj NJ Nj nj A a I i O o U u U u U u U u U u @ A a "  # U+01C0
    "A a AE ae G g G g K k O o O o ZH zh j DZ Dz dz G g HV W N n A a AE ae O o "  # U+01E0
    "A a A a E e E e I i I i O o O o R r R r U u U u S s T t Y y H h "  # U+0200
    "N d OU ou Z z A a E e O o O o O o O o Y y l n t j db qp A C c L T s "  # U+0220
    "z   B U ^ E e J j q q R r Y y"  # U+0240
).split(" ")
_FIRST_LATIN = 0xC0


class _Transliterations(dict[int, str]):
    """unidecode's spelling of each character met, for ``str.translate``: unidecode spells a
    text character by character (each from its table, whatever its neighbours), so a text's
    spelling is its characters' joined, without unidecode's Python loop over them (most of the
    cost of folding a word with accents)."""

    def __missing__(self, code: int) -> str:
        latin = code - _FIRST_LATIN
        if code < 0x80:
            spelled = chr(code)  # str.translate asks for every character, ASCII's too
        elif 0 <= latin < len(_LATIN_SPELLINGS):
            spelled = _LATIN_SPELLINGS[latin]
        else:
            # Imported here, by the first character of another script (Cyrillic...) or sign
            # to spell: a query of French words never loads unidecode.
            from unidecode import unidecode

            spelled = unidecode(chr(code))
        self[code] = spelled
        return spelled


_TRANSLITERATIONS = _Transliterations()


# Remembered: a query folds its words in each table it looks them up in (about 10 µs a word
# with accents).
@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case ASCII form of a word: accents and ligatures folded by unidecode.

    Any apostrophe becomes ``'``; anything unidecode turns into punctuation (the soft sign of a
    Cyrillic word, for instance) is dropped.

    :param word: one word, in any case and script.
    :returns: the folded word, e.g. ``"Émirats"`` → ``"emirats"``, ``"СНГ"`` → ``"sng"``.
    """
    if word.isascii() and word.isalnum():
        return word.lower()  # what the steps below give it (most words: without their cost)
    # Fold each apostrophe-separated part alone: unidecode writes a Cyrillic soft sign as an
    # apostrophe (Беларусь → Belarus'), which must go, while aujourd'hui keeps its own.
    text = one_apostrophe(word)
    if "'" not in text:
        return _spelled(text)  # most words: one part, without a generator and a join
    parts = (_spelled(part) for part in text.split("'"))
    return "'".join(p for p in parts if p)


def _spelled(part: str) -> str:
    """One apostrophe-free part of a word, spelled in lower-case ASCII letters and digits."""
    spelled = part.translate(_TRANSLITERATIONS).lower()
    if spelled.isascii():  # unidecode's spellings always are
        return spelled.translate(_ASCII_NOT_TERM)
    return _NOT_TERM.sub("", spelled)
