"""Physical pages of a page-by-page PDF text extraction: page starts, printed numbers, zones.

First step of the ``page-text`` reader (:mod:`searchlib.ingest.page_text`). The extraction
writes each physical page as one block of text whose first line begins with a single space;
body lines are separated by blank lines; a line of spaces separates the body from the page's
footnote block, whose lines follow each other without blank lines. A chapter opens a new page
with its (possibly multi-line) title, closed by a line holding a single space. A few printed
page numbers survive as a page's first line (`` 95 ``).

The extraction also lost lines: a footnote block may contain a line that begins with a space
without starting a page (the rest of a definition whose beginning was lost), and such a
fragment may even sit under the body without a separator. :func:`split_pages` tells these
fragments from page starts, so that the page count is the physical one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# A line that belongs to a footnote rather than to the body, whatever its indentation.
_NOTE_WORDS = re.compile(r"https?://|\bURL\b|\[Ressource|\[Electronic", re.IGNORECASE)
# The tail of a wrapped URL slug alone on a line: ``zakljuchili-dogovory-...-2023/``.
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+/?")
_NOTE_NUMBER = re.compile(r"\d{1,3} \S")
_PAGE_NUMBER = re.compile(r"\d{1,4}")
_SEPARATOR_MIN = 20  # the footnote separator is a line of (48) spaces
_TITLE_MAX_LINES = 6


@dataclass
class SourceLine:
    """One non-blank line of the source, stripped, with its 1-based line number."""

    number: int
    text: str
    # A footnote-zone line that began with a space without starting a page: the tail of a
    # definition whose beginning the extraction lost.
    fragment: bool = False


@dataclass
class Page:
    """One physical page: its title lines (chapter start), body lines and footnote lines."""

    number: int
    line: int
    printed: int | None = None
    title: list[SourceLine] = field(default_factory=list)
    body: list[SourceLine] = field(default_factory=list)
    notes: list[SourceLine] = field(default_factory=list)


def _blank(line: str) -> bool:
    return not line.strip()


def is_fragment(lines: list[str], i: int) -> bool:
    """Whether line ``i``, which begins with one space, is a footnote fragment, not a page start."""
    text = lines[i].strip()
    if _NOTE_WORDS.search(text) or _SLUG.fullmatch(text):
        return True
    # "136 Le Belarus ..." squeezed between footnote lines: a definition, not body text (a page
    # start is followed by a blank line, or by the rest of a chapter title, which has no number).
    prev_full = i > 0 and not _blank(lines[i - 1])
    next_full = i + 1 < len(lines) and not _blank(lines[i + 1])
    return bool(_NOTE_NUMBER.match(text)) and prev_full and next_full


def page_starts(lines: list[str]) -> list[int]:
    """Indexes of the lines that start a physical page."""
    return [
        i
        for i, line in enumerate(lines)
        if line.startswith(" ") and line[1:2].strip() and not is_fragment(lines, i)
    ]


def _title_end(lines: list[str], start: int, end: int) -> int | None:
    """Index of the single-space line closing a chapter title that starts at ``start``."""
    # A title is single-spaced: the line after its first line is never empty, whereas a
    # body line is followed by an empty line.
    if start + 1 >= end or lines[start + 1] == "":
        return None
    for j in range(start + 1, min(start + 1 + _TITLE_MAX_LINES, end)):
        if lines[j] == " ":
            return j
    return None


def _read_page(lines: list[str], number: int, start: int, end: int) -> Page:
    page = Page(number=number, line=start + 1)
    first = start
    if _PAGE_NUMBER.fullmatch(lines[start].strip()):
        page.printed = int(lines[start])
        first = start + 1
        while first < end and _blank(lines[first]):
            first += 1
    title_end = _title_end(lines, first, end)
    if title_end is not None:
        page.title = [
            SourceLine(j + 1, lines[j].strip())
            for j in range(first, title_end)
            if not _blank(lines[j])
        ]
        first = title_end + 1
    in_notes = False
    for j in range(first, end):
        line = lines[j]
        if _blank(line):
            in_notes = in_notes or len(line) >= _SEPARATOR_MIN
            continue
        fragment = j != start and line.startswith(" ") and is_fragment(lines, j)
        in_notes = in_notes or fragment
        target = page.notes if in_notes else page.body
        target.append(SourceLine(j + 1, line.strip(), fragment=fragment))
    return page


def split_pages(text: str) -> list[Page]:
    """The physical pages of a page-text extraction, printed page numbers filled in.

    Text before the first page start (there should be none) is kept as a page of its own.
    """
    lines = text.split("\n")
    starts = page_starts(lines)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    pages = [_read_page(lines, n, s, e) for n, (s, e) in enumerate(bounds, 1)]
    number_pages(pages)
    return pages


def number_pages(pages: list[Page]) -> None:
    """Give every page the printed number extrapolated from the nearest surviving one.

    Pages between two surviving numbers follow the nearer one (the earlier on a tie), so an
    unnumbered insert shifts only the pages beyond it. Without any surviving number the
    printed numbers stay unknown (``None``): a guessed page number is worse than none.
    """
    anchors: list[tuple[int, int]] = []
    for page in pages:
        if page.printed is not None:
            anchors.append((page.number, page.printed))
    if not anchors:
        return
    for page in pages:
        physical, printed = min(anchors, key=lambda a: (abs(a[0] - page.number), a[0]))
        page.printed = printed + page.number - physical


# Advance widths (1/1000 em) of a common serif face: enough to tell a full line from a short
# one far better than a character count, since "mm" and "il" differ threefold.
_WIDTH_OF = {
    180: "'",
    250: " .,",
    278: "ijlt:;/",
    333: "fr-()!I",
    389: "sJ",
    408: '"',
    444: "acez?",
    500: "bdghknopquvxy«»",
    556: "FPS",
    611: "ELTZ",
    667: "BCR",
    722: "wADGHKNOQUVXYœ",
    778: "m",
    833: "%",
    889: "M",
    944: "W",
    1000: "…",
}
_WIDTHS = {char: width for width, chars in _WIDTH_OF.items() for char in chars}


def text_width(text: str) -> int:
    """The approximate printed width of a line, in thousandths of an em."""
    total = 0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            # Accented letters are as wide as their base letter; digits and the rest ~ 500.
            width = _WIDTHS.get(unicodedata.normalize("NFD", char)[:1], 500)
        total += width
    return total
