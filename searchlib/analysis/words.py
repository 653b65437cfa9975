"""How French text splits into words: apostrophes, hyphens, elision, compounds.

The first links of the French analyzer chain (:mod:`.french`): :class:`FrenchTokenizer` finds
the words (:data:`WORD_RE`, with their inner apostrophes and hyphens and their offsets into the
original text), :class:`ElisionFilter` drops an elided particle (``l'État`` → ``État``),
:class:`CompoundFilter` splits a hyphenated compound into its parts (and, at index time, joins
them). What follows them (case, folding, stemming) works on one word at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import Filter, Token, Tokenizer

from ..quick_loading import lazy_compile

__all__ = [
    "APOSTROPHES",
    "ELISION_PARTICLES",
    "HYPHENS",
    "WHOLE_WORDS",
    "WORD_RE",
    "CompoundFilter",
    "ElisionFilter",
    "FrenchTokenizer",
    "compound_parts",
    "elision",
    "one_unit",
    "whole_word",
]

#: Typewriter, typographic and modifier-letter apostrophes, all accepted as elision marks.
APOSTROPHES = "'\u2019\u02bc"
#: Hyphen-minus, hyphen, non-breaking hyphen: join the parts of a compound or a range.
HYPHENS = "\u2010\u2011-"  # hyphen-minus last: literal inside a [] class
#: Elided particles, folded to lower case; the word after the apostrophe is what gets indexed.
ELISION_PARTICLES = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu quelqu presqu".split())
#: Words that contain an apostrophe but are one word, never split.
WHOLE_WORDS = frozenset({"aujourd'hui"})

# A word is a run of letters/digits, optionally joined by apostrophes or hyphens (split later,
# so that their offsets are known). Superscript digits are excluded: they are footnote markers
# glued to the preceding word ("Commonwealth¹"), not part of it.
_UNIT = r"[^\W_\u00b2\u00b3\u00b9\u2070-\u209f]+"
WORD_RE = re.compile(rf"{_UNIT}(?:[{APOSTROPHES}{HYPHENS}]{_UNIT})*")
#: The runs of letters and digits of a word (this class costs 0.15 to 0.27 ms to compile): on
#: first use, by a word string methods cannot split (:func:`compound_parts`).
_PARTS = lazy_compile(_UNIT)
#: The letters and digits (``str.isalnum``) that are not a unit's: superscripts and subscripts.
_NOT_UNIT = frozenset("\u00b2\u00b3\u00b9" + "".join(map(chr, range(0x2070, 0x20a0))))
#: The joiners that are no letter (the modifier apostrophe is one), as the spaces words are
#: split at, for ``str.translate``.
_JOINERS_AS_SPACES = str.maketrans(dict.fromkeys("'\u2019\u2010\u2011-", " "))
#: Each apostrophe as the typewriter's, for ``str.translate``. Apostrophes and hyphens are
#: looked for by string methods, not expressions: a class of characters as far apart as the
#: apostrophes cost ``re`` half a millisecond to compile (every new process's, or its first
#: query's), and a word of letters and digits (most words) asks nothing.
_ONE_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_JOINERS = APOSTROPHES + HYPHENS


def one_apostrophe(text: str) -> str:
    """``text`` with each apostrophe (typographic, modifier letter) as ``'``."""
    return text.translate(_ONE_APOSTROPHE)


def whole_word(text: str) -> bool:
    """Whether a word has no apostrophe and no hyphen: elision and compounds leave it as is."""
    return text.isalnum() or not any(joiner in text for joiner in _JOINERS)


def one_unit(text: str) -> bool:
    """Whether a text is a single run of letters and digits: one word (no space, apostrophe or
    hyphen) that the tokenizer, elision and compounds pass on whole, at position 0.

    (``_PARTS.fullmatch``, asked with string methods: ``\\w`` is ``str.isalnum`` or ``_``.)"""
    return text.isalnum() and (text.isascii() or _NOT_UNIT.isdisjoint(text))


def elision(word: str) -> int:
    """Where the word after an elided particle starts (``l'État``: 2); 0 when there is none."""
    if word.isalnum():  # most words: no apostrophe to look for
        return 0
    cut = one_apostrophe(word).find("'")
    if cut >= 0 and word[:cut].lower() in ELISION_PARTICLES and cut + 1 < len(word):
        return cut + 1
    return 0


def compound_parts(word: str) -> list[tuple[int, str]] | None:
    """The parts of a compound or range to split, each with its offset in ``word``; ``None``
    for a word kept whole (no apostrophe nor hyphen, or one of :data:`WHOLE_WORDS`)."""
    if whole_word(word) or one_apostrophe(word.lower()) in WHOLE_WORDS:
        return None
    # The runs are what the joiners (and any space) part, when every piece is one unit: a
    # printed compound's always. Else (a modifier apostrophe or a superscript), the expression.
    parts = []
    offset = 0
    for piece in word.translate(_JOINERS_AS_SPACES).split(" "):
        if piece:
            if not one_unit(piece):
                return [(m.start(), m.group()) for m in _PARTS.finditer(word)]
            parts.append((offset, piece))
        offset += len(piece) + 1
    return parts


class FrenchTokenizer(Tokenizer):
    """Words, including their inner apostrophes and hyphens, with positions and char offsets."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        matches = WORD_RE.finditer(value) if tokenize else [None]
        for pos, match in enumerate(matches):
            start, end = (match.start(), match.end()) if match else (0, len(value))
            t.text = value[start:end]
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class ElisionFilter(Filter):
    """Drops an elided particle and its apostrophe: ``l'État`` → ``État`` (chars move with it)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            cut = elision(t.text)
            if cut:
                t.text = t.text[cut:]
                if t.chars:
                    t.startchar += cut
            yield t


class CompoundFilter(Filter):
    """Splits hyphenated compounds and ranges into parts at consecutive positions.

    ``agro-industriel`` gives ``agro`` and ``industriel`` one position apart, so the phrase
    query Whoosh builds from the same analysis at query time matches, and so does each part
    alone. At index time the joined compound (``agroindustriel``) is also emitted at the first
    part's position, spanning the whole word, so that the spelling without hyphen finds it too;
    not at query time, where an extra token would break the phrase. Ranges of numbers
    (``2021-2025``) give only their parts. Leftover apostrophes that are not elisions
    (``O'Neil``) split the same way; ``aujourd'hui`` stays whole.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0  # how many extra positions the compounds so far have added
        for t in tokens:
            if t.positions:
                t.pos += shift
            parts = compound_parts(t.text)
            if parts is None:
                yield t
                continue
            first_pos = t.pos if t.positions else 0
            start = t.startchar if t.chars else 0
            if t.mode == "index" and not all(p.isdigit() for _, p in parts):
                t.text = "".join(p for _, p in parts)
                yield t
            for i, (offset, part) in enumerate(parts):
                t.text = part
                if t.positions:
                    t.pos = first_pos + i
                if t.chars:
                    t.startchar = start + offset
                    t.endchar = start + offset + len(part)
                yield t
            shift += len(parts) - 1
