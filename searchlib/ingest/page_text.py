"""Reader for ``page-text`` books: a page-by-page text extraction of a PDF (book b2).

The pipeline: :mod:`~searchlib.ingest.page_layout` cuts the file into physical pages (title,
body, footnote block, printed page number); this module joins the body lines of all pages into
chapters and paragraphs; :mod:`~searchlib.ingest.page_markers` finds the footnote calls in the
paragraphs; :mod:`~searchlib.ingest.page_notes` reads the definitions at the page bottoms; the
two are matched by number.

Paragraph ends are not marked in the extraction (every line is followed by a blank line). A
paragraph ends where a line stops well short of the text width after a sentence end; a
sentence that ends on a full line runs on. Pages carry their *printed* number, the one a
reader cites, extrapolated from the few that survive.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError
from ..model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph, paragraph_id
from . import read_source_text
from .footnotes import SENTENCE_END, SENTENCE_START, drop_empty_brackets
from .page_layout import Page, SourceLine, split_pages, text_width
from .page_markers import Candidate, candidates, select_markers
from .page_notes import attribute_orphans, read_definitions

log = logging.getLogger(__name__)

# A line ends a sentence: closing punctuation, maybe a quote, maybe a footnote call, maybe the
# call's stray " ." (``cette année"17 .``); or a quote and a call alone (``mondial"110``).
_SENTENCE_END = re.compile(r"""(?:[.!?…]["»)]*\s?(?:\d{1,3})?\s?\.?|["»]\s?\d{1,3})$""")
# ...but not an initial: ``A. Karpovich``, ``I.P. Shamyakin``.
_INITIAL = re.compile(r"(?:^|[\s.])[A-ZÀ-Þ]\.$")
_SENTENCE_START = re.compile(r"""(?:[-–—]\s*)?["«(]?\s*(?:[A-ZÀ-ÖØ-Þ0-9]|\d+\)\s)""")
_LIST_ITEM = re.compile(r"\(?\d{1,2}\)\s")
_FULL_SHARE = 0.9  # a line shorter than this share of the full width "stops short"
_BARE_SHARE = 0.6  # without a sentence end, only a much shorter line ends a paragraph
_INDENTED_SHARE = 0.82  # a paragraph's first line is indented: shorter than this share
_BARE_INDENTED_SHARE = 0.7  # without a sentence end, a line this short before an indented one
_SENTINEL = "\x00"
# Articles, prepositions and conjunctions: a paragraph does not end on them.
_OPEN_WORDS = frozenset(
    "le la les l un une des du de d à au aux en et ou avec pour par dans sur sous entre "
    "vers chez sans que qui dont ainsi".split()
)


@dataclass
class _Para:
    """A paragraph being built: its body lines, then its raw joined text."""

    chapter: int
    lines: list[tuple[SourceLine, Page]] = field(default_factory=list)
    raw: str = ""
    line_starts: list[int] = field(default_factory=list)


def read(path: Path, meta: BookMeta) -> Book:
    """Read a page-text book: chapters, paragraphs, footnotes, printed page numbers.

    :param path: the source file.
    :param meta: the book's manifest entry.
    :returns: the book, with ``pages`` = the number of physical pages.
    :raises SourceFileError: when the file is missing, empty, binary or not UTF-8.
    :raises ParseError: when no chapter title or no paragraph is found.
    """
    pages = split_pages(read_source_text(path))
    chapters, paras = _chapters(pages)
    if not paras:
        raise ParseError(f"{meta.id}: no body text found in {path.name}")
    markers = select_markers([c for i, p in enumerate(paras) for c in candidates(p.raw, i)])
    # The page a note is cited by is the page of its call (its definition may be lost).
    marker_pages = {m.number: _page_at(paras[m.paragraph], m.start) for m in markers}
    found, stats = read_definitions(pages)
    definitions, orphan_stats = attribute_orphans(
        found, {n: page.number for n, page in marker_pages.items()}
    )
    notes = {
        d.number: Footnote(meta.id, d.number, d.text, d.sources, page=d.page)
        for d in definitions
        if d.number is not None
    }
    for number, page in marker_pages.items():
        # A call whose definition the extraction lost is recorded as such, text None.
        notes.setdefault(number, Footnote(meta.id, number, None)).page = page.printed
    _fill_chapters(meta.id, chapters, paras, markers, notes)
    log.info(
        "%s: %d pages, %d chapters, %d paragraphs, %d markers, %d definitions",
        *(meta.id, len(pages), len(chapters), len(paras), len(markers), len(notes)),
    )
    return Book(
        meta=meta,
        chapters=chapters,
        footnotes=[notes[n] for n in sorted(notes)],
        pages=len(pages),
        stats=stats | orphan_stats,
    )


def _fill_chapters(
    book: str,
    chapters: list[Chapter],
    paras: list[_Para],
    markers: list[Candidate],
    notes: dict[int, Footnote],
) -> None:
    """Add the clean paragraphs to their chapters and link each marker to its note."""
    by_paragraph: dict[int, list[Candidate]] = {}
    for marker in markers:
        by_paragraph.setdefault(marker.paragraph, []).append(marker)
    for i, para in enumerate(paras):
        chapter = chapters[para.chapter]
        pid = paragraph_id(book, chapter.number, len(chapter.paragraphs) + 1)
        here = by_paragraph.get(i, [])
        text, offsets = clean_text(para.raw, here)
        paragraph = Paragraph(pid, book, chapter.number, text, para.lines[0][1].printed)
        for marker, offset in zip(here, offsets, strict=True):
            notes[marker.number].markers.append(Marker(pid, offset))
            if marker.number not in paragraph.footnotes:
                paragraph.footnotes.append(marker.number)
        chapter.paragraphs.append(paragraph)


def _page_at(para: _Para, offset: int) -> Page:
    """The page of the body line holding ``offset`` of a paragraph's raw text."""
    index = max(i for i, start in enumerate(para.line_starts) if start <= offset)
    return para.lines[index][1]


def _chapters(pages: list[Page]) -> tuple[list[Chapter], list[_Para]]:
    """Chapters from the pages' titles, and the paragraphs of their body lines."""
    widths = sorted(text_width(line.text) for page in pages for line in page.body)
    if not widths:
        return [], []
    # Nearly every line is full: a high percentile is the text width, robust to a few
    # overfull lines.
    full = widths[int(len(widths) * 0.99)]
    chapters: list[Chapter] = []
    paras: list[_Para] = []
    previous: SourceLine | None = None
    for page in pages:
        if page.title:
            title = " ".join(line.text for line in page.title)
            chapters.append(Chapter(len(chapters) + 1, re.sub(r"\s+", " ", title), page.printed))
            previous = None
        for line in page.body:
            if not chapters:  # text before the first title: chapter 0
                chapters.append(Chapter(0, "", page.printed))
            item = bool(paras) and _LIST_ITEM.match(paras[-1].lines[0][0].text.lstrip()) is not None
            if previous is None or ends_paragraph(previous.text, line.text, full, list_item=item):
                paras.append(_Para(len(chapters) - 1))
            paras[-1].lines.append((line, page))
            previous = line
    for para in paras:
        para.raw, para.line_starts = join_lines([line.text for line, _ in para.lines])
    return chapters, paras


def ends_paragraph(line: str, following: str, full: int, *, list_item: bool = False) -> bool:
    """Whether a body line ends its paragraph, given the next line and the full text width.

    A numbered list item (``3) la transition ...``) ends with its first sentence, however full
    its last line: the text after it is the next paragraph.

    >>> ends_paragraph("projet est fixée à 2026.", "Le troisième projet", 27000)
    True
    >>> ends_paragraph("dont le coût s'élève à environ huit milliards de roubles biélorusses.",
    ...                "Et ce n'est pas fini", 27000)
    False
    """
    if not _SENTENCE_START.match(following):
        return False
    width = text_width(line)
    if _LIST_ITEM.match(following) and line.endswith((";", ":", ",")):
        return True
    if list_item and _SENTENCE_END.search(line) and not _INITIAL.search(line):
        return True
    # The next line is indented, i.e. short without being a paragraph's last line itself.
    indented = text_width(following) < full * _INDENTED_SHARE and not _SENTENCE_END.search(
        following
    )
    if _SENTENCE_END.search(line) and not _INITIAL.search(line):
        # A sentence that ends on a full line runs on, unless the next line is indented.
        return width < full * _FULL_SHARE or indented
    # No sentence end (the extraction lost it): only a much shorter line ends the paragraph,
    # and never on a word that needs a next one ("avec le" / "Système ...").
    last_word = line.rsplit(maxsplit=1)[-1].lower() if line.strip() else ""
    if last_word in _OPEN_WORDS or last_word.endswith("'"):
        return False
    return width < full * _BARE_SHARE or (width < full * _BARE_INDENTED_SHARE and indented)


def join_lines(lines: list[str]) -> tuple[str, list[int]]:
    """Body lines joined into one text, and where each line starts in it.

    A line-end hyphen after a letter is a compound (``post-`` / ``soviétiques``): the hyphen
    stays and no space is added. Any other line break is a space.
    """
    text, starts = "", []
    for line in lines:
        if text and not (text.endswith("-") and text[-2:-1].isalnum()):
            text += " "
        starts.append(len(text))
        text += line
    return text, starts


def clean_text(raw: str, markers: list[Candidate]) -> tuple[str, list[int]]:
    """A paragraph's clean text without its markers, and each marker's offset in it.

    Spaces are collapsed, and the space that the extraction left before a period or a comma
    (``services"1 . En``, ``Et , cinq``) goes, since French sets none there.
    """
    parts, at = [], 0
    for marker in markers:
        parts.append(raw[at : marker.start])
        parts.append(_SENTINEL)
        at = marker.end
    parts.append(raw[at:])
    text = re.sub(r"\s+", " ", "".join(parts))
    text = re.sub(r" +(?=\x00*[.,](?![.\d]))", "", text).strip()
    # A quote right before a period or comma closes: no space before it (``rurales28 ".``).
    text = re.sub(r" +\"(?=\x00*[.,;:])", '"', text)
    # The call sat between two periods (``forage".94 .``, ``esquissés. .``): keep one.
    text = re.sub(r"(?<!\.)\.(\x00*)\.(?!\.)", r".\1", text)
    offsets = []
    while (index := text.find(_SENTINEL)) >= 0:
        before, after = text[:index], text[index + 1 :]
        # A call set off by spaces on both sides ("pays..." . 220 En") must not leave two.
        if before.endswith(" ") and (after.startswith(" ") or not after):
            before = before[:-1]
        if not before:
            after = after.lstrip(" ")
        elif (before[-1].isalpha() and after[:1].isalpha()) or (
            SENTENCE_END.search(before) and SENTENCE_START.match(after)
        ):
            # A call glued on both sides (``compétitives425et``, ``pays.12La``) stood between
            # two words or two sentences.
            after = " " + after
        offsets.append(len(before))
        text = before + after
    # Brackets the extraction printed empty (``électriques ( ) et``): a call lost or removed.
    return drop_empty_brackets(text, offsets)
