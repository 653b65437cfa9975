"""The reader for books supplied as PDF (manifest ``format = "pdf"``), built on PyMuPDF.

:func:`read` opens the file, refuses what cannot be read (corrupt, encrypted, no text layer), lets
:mod:`searchlib.ingest.pdf_layout` classify every printed line, then assembles the model:

- chapters from the headings (outline first, font size otherwise); a chapter titled like a
  bibliography (``Littérature``, ``Bibliographie``...) becomes the book's bibliography;
- paragraphs from body lines, broken at an indented first line or a vertical gap, and carried over a
  page break when the next page does not start a new paragraph;
- footnotes from the page-bottom areas: a line opening with a superscript number (or with the next
  number in sequence) starts a definition; a note area that opens otherwise continues the last note;
- markers from superscript digit spans, as offsets into the clean paragraph text;
- sources from the definitions' text and from the link annotations over them.

Every page is the printed page number (page label, or folio) a researcher would cite.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from ..errors import ParseError, SourceFileError
from ..model import BibEntry, Book, BookMeta, Chapter, Footnote, Marker, Paragraph, paragraph_id
from .pdf_layout import Layout, Line, analyse
from .pdf_text import TextBuilder, vocabulary
from .urls import extract_sources, make_source

log = logging.getLogger(__name__)

_NOTE_START = re.compile(r"^\s*(\d{1,4})(?:[.)]\s*|\s+)(?=\S)")
_BIBLIOGRAPHY = re.compile(
    r"^(littérature|bibliographie|références|sources|bibliography|references)\.?$", re.IGNORECASE
)
_ENTRY_NUMBER = re.compile(r"^\s*(\d{1,4})[.)]\s*")
_SENTENCE_END = re.compile(r"[.!?…:»\"”)]\s*$")


def open_pdf(path: Path) -> Any:
    """Open a PDF for reading, or explain in one line why it cannot be read.

    :raises SourceFileError: when the file is missing, not a PDF, damaged, or encrypted.
    :raises ParseError: when it has no pages or no text layer (OCR is needed).
    """
    import pymupdf  # imported here so that the text formats never load PyMuPDF

    if not path.is_file():
        raise SourceFileError(f"source file not found: {path}")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as e:
        raise SourceFileError(f"{path} is not a readable PDF (corrupt or truncated): {e}") from None
    if doc.needs_pass:
        doc.close()
        raise SourceFileError(f"{path} is encrypted: a password is needed to read it")
    if doc.page_count == 0:
        doc.close()
        raise ParseError(f"{path} has no pages")
    if not any(doc[i].get_text("text").strip() for i in range(doc.page_count)):
        repaired = doc.is_repaired
        doc.close()
        if repaired:  # MuPDF rebuilt a damaged file and found no text: the damage, not OCR
            raise SourceFileError(f"{path} is not a readable PDF (corrupt or truncated)")
        raise ParseError(f"{path} has no text layer (scanned pages?): OCR is needed first")
    return doc


class _Assembler:
    """Walks the classified lines once and builds chapters, paragraphs and footnote definitions."""

    def __init__(self, meta: BookMeta, layout: Layout) -> None:
        self.meta = meta
        self.layout = layout
        lines = [ln for p in layout.pages for ln in p.lines if ln.kind in ("body", "note")]
        self.vocab = vocabulary(lines)
        self.page_number = {p.index: p.number for p in layout.pages}
        self.chapters: list[Chapter] = []
        self.paragraph: TextBuilder | None = None
        self.paragraph_page: int | None = None
        self.notes: dict[int, tuple[TextBuilder, int]] = {}
        self.open_note: int | None = None
        self.duplicates = 0
        self.expected_marker = 1
        self.markers: dict[int, list[Marker]] = {}
        # When the book numbers its notes with superscripts, a plain number opening a note line
        # is text (a year, a count), never a new note.
        self.superscript_notes = any(
            ln.kind == "note" and ln.spans[0].marker for p in layout.pages for ln in p.lines
        )
        self.stats = {"hyphens_repaired": 0, "urls_joined": 0}

    # -- paragraphs ---------------------------------------------------------------------------
    def _chapter(self) -> Chapter:
        if not self.chapters:
            self.chapters.append(Chapter(number=0, title="", page=None))
        return self.chapters[-1]

    def _flush(self) -> None:
        if self.paragraph is None:
            return
        text, markers = self.paragraph.finish()
        self._count(self.paragraph)
        if text:
            chapter = self._chapter()
            pid = paragraph_id(self.meta.id, chapter.number, len(chapter.paragraphs) + 1)
            para = Paragraph(pid, self.meta.id, chapter.number, text, self.paragraph_page)
            para.footnotes = list(dict.fromkeys(n for n, _ in markers))
            chapter.paragraphs.append(para)
            for number, offset in markers:
                self.markers.setdefault(number, []).append(Marker(pid, offset))
        self.paragraph = None

    def _count(self, builder: TextBuilder) -> None:
        self.stats["hyphens_repaired"] += builder.hyphens_repaired
        self.stats["urls_joined"] += builder.urls_joined

    def _starts_paragraph(self, prev: Line, line: Line) -> bool:
        lay = self.layout
        indent = line.x0 > lay.left + 0.6 * lay.body_size
        if prev.page == line.page:
            return indent or line.baseline - prev.baseline > 1.4 * lay.pitch
        if lay.indented:
            return indent
        full = prev.x1 >= lay.right - 1.5 * lay.body_size
        return not full or bool(_SENTENCE_END.search(prev.text))

    def _marker_numbers(self, line: Line) -> list[list[int]]:
        out = []
        for span in line.spans:
            if span.marker:
                numbers = _split_markers(span.text, self.expected_marker)
                if numbers:
                    self.expected_marker = numbers[-1] + 1
                out.append(numbers)
        return out

    def body_line(self, line: Line) -> None:
        if self.paragraph is not None and self.paragraph.last is not None:
            if self._starts_paragraph(self.paragraph.last, line):
                self._flush()
        if self.paragraph is None:
            self.paragraph = TextBuilder()
            self.paragraph_page = self.page_number[line.page]
        self.paragraph.add(line, self.layout.right, self.vocab, self._marker_numbers(line))

    def heading(self, line: Line, title: str) -> None:
        self._flush()
        self.chapters.append(Chapter(number=line.chapter or 0, title=title, page=None))
        self.chapters[-1].page = self.page_number[line.page]

    # -- notes --------------------------------------------------------------------------------
    def note_line(self, line: Line) -> None:
        number, line = self._note_number(line)
        if number is not None:
            if number in self.notes:
                self.duplicates += 1
                log.warning("%s: footnote %d defined twice", self.meta.id, number)
                self.open_note = None
                return
            self.notes[number] = (TextBuilder(), self.page_number[line.page])
            self.open_note = number
        elif self.open_note is None:
            log.warning("%s: note text without a number on page %d", self.meta.id, line.page + 1)
            return
        builder = self.notes[self.open_note][0]
        builder.add(line, self.layout.right, self.vocab, [[] for s in line.spans if s.marker])

    def _note_number(self, line: Line) -> tuple[int | None, Line]:
        """The number a definition line opens with (and the line without it), or ``None``."""
        spans = [s for s in line.spans if s.text.strip()]
        if spans and spans[0].marker and spans[0].text.strip().isdigit():
            rest = line.spans[line.spans.index(spans[0]) + 1 :]
            return int(spans[0].text), Line(
                line.page, line.bbox, line.baseline, rest, line.kind, links=line.links
            )
        match = None if self.superscript_notes else _NOTE_START.match(line.text)
        expected = max(self.notes, default=0) + 1
        if match and (int(match.group(1)) == expected or self.open_note is None):
            cut = match.end()
            rest, seen = [], 0
            for span in line.spans:
                if seen + len(span.text) <= cut:
                    seen += len(span.text)
                    continue
                skip = max(cut - seen, 0)
                rest.append(type(span)(span.text[skip:], span.size, span.bbox, span.bold))
                seen += len(span.text)
            return int(match.group(1)), Line(
                line.page, line.bbox, line.baseline, rest, line.kind, links=line.links
            )
        return None, line

    # -- the whole book -----------------------------------------------------------------------
    def run(self) -> None:
        titles = self.layout.chapter_titles
        for page in self.layout.pages:
            for line in page.lines:
                if line.chapter is not None:
                    self.heading(line, titles[line.chapter])
                    if line.kind == "heading":
                        continue
                if line.kind == "body":
                    self.body_line(line)
                elif line.kind == "note":
                    self.note_line(line)
        self._flush()
        for builder, _page in self.notes.values():
            self._count(builder)


def _split_markers(text: str, expected: int) -> list[int]:
    """Footnote numbers of a superscript span: ``3``, ``3,4``, ``3 4``, ``3-5``, glued ``4142``."""
    groups = re.findall(r"\d+", text)
    if re.fullmatch(r"\s*\d+\s*[-–]\s*\d+\s*", text):
        a, b = int(groups[0]), int(groups[1])
        if a < b <= a + 20:
            return list(range(a, b + 1))
    numbers: list[int] = []
    for group in groups:
        number = int(group)
        # Two markers set side by side come out as one span ("4142"): numbers rise through the
        # book, so split when the digits read as consecutive numbers from the one expected.
        if number > expected + 20:
            split = _consecutive(group, expected)
            if split:
                numbers.extend(split)
                expected = split[-1] + 1
                continue
        numbers.append(number)
        expected = number + 1
    return numbers


def _consecutive(digits: str, start: int) -> list[int] | None:
    for first in range(max(start - 2, 1), start + 3):
        out, rest, n = [], digits, first
        while rest.startswith(str(n)):
            out.append(n)
            rest = rest[len(str(n)) :]
            n += 1
        if not rest and len(out) > 1:
            return out
    return None


def _bibliography(chapter: Chapter) -> list[BibEntry]:
    entries = []
    for index, para in enumerate(chapter.paragraphs, 1):
        match = _ENTRY_NUMBER.match(para.text)
        number = int(match.group(1)) if match else index
        text = para.text[match.end() :] if match else para.text
        entries.append(BibEntry(number=number, text=text, sources=extract_sources(text)))
    return entries


def _sources(builder: TextBuilder, text: str) -> list[Any]:
    """The sources of a note: its text's URLs, then link targets the text does not show.

    A link over a printed URL adds nothing (the text gives the URL, repaired); a link whose target
    is a cut-short copy of a known source is conversion damage, not a source.
    """
    found = {s.normalized: s for s in extract_sources(text)}
    for line in builder.lines:
        for _rect, uri in line.links:
            if not re.match(r"https?://", uri):
                continue
            if re.sub(r"^https?://", "", uri).rstrip("/") in text:
                continue  # printed in the note: its text (repaired) already gave the source
            source = make_source(uri)
            if not any(known.startswith(source.normalized) for known in found):
                found[source.normalized] = source
    return list(found.values())


def read(path: Path, meta: BookMeta) -> Book:
    """Read a book PDF into the model.

    :param path: the PDF file.
    :param meta: the manifest entry of the book.
    :returns: the book, with chapters, paragraphs, footnotes, printed pages and reader stats.
    :raises SourceFileError: for a missing, corrupt or encrypted PDF.
    :raises ParseError: for a PDF without a text layer or without body text.
    """
    doc = open_pdf(path)
    try:
        layout = analyse(doc)
        page_count = doc.page_count
    finally:
        doc.close()
    asm = _Assembler(meta, layout)
    asm.run()
    chapters = [c for c in asm.chapters if c.paragraphs or layout.outline]
    if not any(c.paragraphs for c in chapters):
        raise ParseError(f"{path}: no body text found in the PDF")
    bibliography: list[BibEntry] = []
    for chapter in list(chapters):
        if _BIBLIOGRAPHY.match(chapter.title.strip()):
            bibliography.extend(_bibliography(chapter))
            chapters.remove(chapter)
    footnotes = []
    for number in sorted(set(asm.notes) | set(asm.markers)):
        text = None
        sources: list[Any] = []
        page = None
        if number in asm.notes:
            builder, page = asm.notes[number]
            text, _ = builder.finish()
            sources = _sources(builder, text)
        footnotes.append(
            Footnote(meta.id, number, text, sources, asm.markers.get(number, []), page)
        )
    stats = dict(asm.stats)
    stats["duplicate_definitions"] = asm.duplicates
    stats["link_annotations"] = sum(len(ln.links) for p in layout.pages for ln in p.lines)
    log.info("%s: %d pages, %d chapters", meta.id, page_count, len(chapters))
    return Book(meta, chapters, footnotes, bibliography, pages=page_count, stats=stats)
