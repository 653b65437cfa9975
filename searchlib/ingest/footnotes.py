"""Footnote markers in body text: superscripts, ``^{3 4 5}`` groups, glued runs; the rising rule.

Used by the markdown-export reader (book b1). Markers come in three printed forms:

* superscript digits glued to the text, ``libre-échange.¹²Dans`` or ``⁷ Il``;
* a group written in LaTeX-like braces, ``^{3 4 5 6}`` (four footnotes at one place);
* two markers glued into one superscript run, ``⁴¹⁴²`` (footnotes 41 and 42).

Footnote numbers rise through the book, so :class:`MarkerCounter` knows which number comes next: a
run is split into numbers by following that expectation, and a line that *starts* with the next
expected number is prose carrying a marker, whereas a line starting with an already-seen number is
that footnote's definition (both can be written ``¹⁷ Text``, with or without a space).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# A marker token: a run of superscript digits, or a braced group of plain numbers.
MARKER = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\^\{{\s*(\d+(?:[\s,]+\d+)*)\s*\}}")
# A definition's label at the start of a line: "¹⁷ Text", "²¹. Text", "⁶⁴ . Text", "³⁸[https...".
LABEL = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(?:\.(?!\d)\s*)?")


def superscript_to_int(run: str) -> int:
    """The number written by a run of superscript digits (``"⁴²"`` → 42)."""
    return int(run.translate(_TO_ASCII))


def split_glued(digits: str, expected: int) -> list[int]:
    """Split a run of digits into footnote numbers, following the rising numbering.

    ``split_glued("4142", 41)`` is ``[41, 42]``: each number is taken when the run starts with the
    number expected next; whatever is left is read as a single number.

    :param digits: the run, as ASCII digits.
    :param expected: the number the next marker should carry.
    :returns: the numbers, in order.
    """
    numbers: list[int] = []
    rest = digits
    while rest:
        want = str(expected)
        # Only split when something remains to be read after the expected number, otherwise a
        # run like "206" with 20 expected would become 20, 6.
        if rest.startswith(want) and (len(rest) == len(want) or rest[len(want)] != "0"):
            numbers.append(expected)
            rest = rest[len(want) :]
            expected += 1
            continue
        numbers.append(int(rest))
        break
    return numbers


@dataclass
class MarkerCounter:
    """The rising-number state of one book: which footnote numbers have a marker already."""

    highest: int = 0
    seen: set[int] = field(default_factory=set)

    @property
    def expected(self) -> int:
        return self.highest + 1

    def numbers(self, token: str) -> list[int]:
        """The numbers of one marker token (``¹²``, ``⁴¹⁴²`` or ``^{3 4}``), recorded as seen."""
        if token.startswith("^"):
            numbers = [int(n) for n in re.findall(r"\d+", token)]
        else:
            numbers = split_glued(token.translate(_TO_ASCII), self.expected)
        for number in numbers:
            if number in self.seen:
                log.debug("footnote %d: marker repeated", number)
            elif number != self.expected:
                log.debug(
                    "footnote %d: marker out of sequence (expected %d)", number, self.expected
                )
            self.seen.add(number)
            self.highest = max(self.highest, number)
        return numbers

    def starts_prose(self, line: str) -> bool:
        """Whether a line that begins with a superscript number is prose carrying a marker.

        It is when that number is the next one expected (its marker has not appeared yet); a
        line starting with a number whose marker was already seen is the number's definition.
        """
        match = LABEL.match(line)
        if not match:
            return False
        digits = match.group(1).translate(_TO_ASCII)
        return split_glued(digits, self.expected)[0] == self.expected


def parse_label(line: str) -> tuple[int, str] | None:
    """``(number, rest of the line)`` for a line opening with a superscript label, else ``None``."""
    match = LABEL.match(line)
    if not match:
        return None
    return superscript_to_int(match.group(1)), line[match.end() :].strip()


@dataclass(frozen=True)
class MarkerHit:
    """One marker found in raw text: the numbers it carries and where it sat in the clean text."""

    numbers: tuple[int, ...]
    offset: int


_MARKUP = re.compile(r"\*\*|\*|\s*xml-ph-\S*")
# A sentence ends before a marker (``.``, ``!``, ``?``, ``…``, maybe a closing quote) and a new one
# starts after it (a capital, maybe after an opening quote).
SENTENCE_END = re.compile(r"[.!?…][\"»”]?$")
SENTENCE_START = re.compile(r"[\"«“]?[A-ZÀ-ÖØ-Þ]")
# Brackets left empty once the marker they held is removed (``électriques (¹²) et``).
_EMPTY_BRACKETS = re.compile(r" ?[(\[] ?[)\]]")


def drop_empty_brackets(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` without empty ``( )`` / ``[ ]``, and ``offsets`` (markers) moved to match."""
    while (match := _EMPTY_BRACKETS.search(text)) is not None:
        start, end = match.span()
        text = text[:start] + text[end:]
        offsets = [o if o <= start else max(start, o - (end - start)) for o in offsets]
    return text, offsets


def clean_text(raw: str, counter: MarkerCounter | None) -> tuple[str, list[MarkerHit]]:
    """Remove markers and markdown emphasis from raw paragraph text; locate the markers.

    A marker between two sentences (``américains.¹²La plus``) leaves the space the sentences
    need; brackets that held only a marker go with it.

    :param raw: the paragraph's lines already joined.
    :param counter: the book's marker state (updated); ``None`` to remove markers without
        counting them (titles).
    :returns: the clean text (single spaces, stripped) and the markers with their offsets in it.
    """
    out: list[str] = []
    length = 0
    hits: list[MarkerHit] = []
    pos = 0
    pattern = re.compile(f"{MARKER.pattern}|{_MARKUP.pattern}")
    pieces: list[tuple[str, bool]] = []
    for match in pattern.finditer(raw):
        pieces.append((raw[pos : match.start()], False))
        pieces.append((match.group(0), True))
        pos = match.end()
    pieces.append((raw[pos:], False))
    boundary = False  # a marker was just removed after a sentence end
    for piece, special in pieces:
        if special:
            if piece.lstrip().startswith(("*", "xml-ph-")):
                continue
            numbers = counter.numbers(piece) if counter else []
            if numbers:
                hits.append(MarkerHit(tuple(numbers), length))
                boundary = bool(SENTENCE_END.search("".join(out[-3:])))
            continue
        if boundary and SENTENCE_START.match(piece) and out and out[-1] != " ":
            # ``américains.¹²La plus``: the marker stood where the sentences were apart.
            out.append(" ")
            length += 1
        boundary = False
        for ch in piece:
            if ch.isspace():
                # Collapse runs of spaces and drop leading ones (a marker opening a paragraph).
                if length == 0 or out[-1] == " ":
                    continue
                ch = " "
            out.append(ch)
            length += 1
    text = "".join(out).rstrip()
    text, offsets = drop_empty_brackets(text, [h.offset for h in hits])
    return text, [
        MarkerHit(h.numbers, min(o, len(text))) for h, o in zip(hits, offsets, strict=True)
    ]
