"""Page geometry of a book PDF: lines in reading order, classed as body, heading, note or furniture.

The first half of the PDF reader (:mod:`searchlib.ingest.pdf` assembles the model from what this
module finds). PyMuPDF gives spans with a font size, flags and a box; from those alone we decide:

- the body font size (the size most characters are set in);
- furniture: printed page numbers and running headers in the top and bottom margins (the printed
  number, or the PDF's page label, becomes the page a researcher would cite);
- the footnote area: the run of lines set smaller than the body at the bottom of a page;
- chapter headings: from the PDF outline when there is one, else lines set well above body size.

Footnote markers are superscript spans (PyMuPDF's superscript flag, or a smaller span raised above
the baseline) whose text is digits; a superscript that is not digits (``XXᵉ``, ``1ᵉʳ``) is text.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import collapse_whitespace

log = logging.getLogger(__name__)

SUPERSCRIPT = 1  # pymupdf.TEXT_FONT_SUPERSCRIPT
BOLD = 16  # pymupdf.TEXT_FONT_BOLD
_MARKER_TEXT = re.compile(r"^[\d\s,;–-]*\d[\d\s,;–-]*$")
_FOLIO = re.compile(r"^(?:[-–—]\s*)?(\d{1,4}|[ivxlcdm]{1,7})(?:\s*[-–—])?$", re.IGNORECASE)


@dataclass
class Span:
    """A run of text in one font; ``marker`` when it is a superscript footnote number."""

    text: str
    size: float
    bbox: tuple[float, float, float, float]
    bold: bool = False
    marker: bool = False


@dataclass
class Line:
    """One printed line, left to right, with the spans that make it."""

    page: int  # physical page index, 0-based
    bbox: tuple[float, float, float, float]
    baseline: float
    spans: list[Span]
    kind: str = "body"  # body | heading | note | furniture
    chapter: int | None = None  # set on the first line of a heading
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def size(self) -> float:
        """The size of the line's text, superscripts aside."""
        sizes = [s.size for s in self.spans if not s.marker and s.text.strip()]
        return max(sizes) if sizes else max(s.size for s in self.spans)

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]


@dataclass
class PageLines:
    """The text lines of one PDF page, top to bottom (``index`` counts pages from 0)."""

    index: int
    number: int  # the printed page number (or the physical one when none is printed)
    height: float
    lines: list[Line]


@dataclass
class Layout:
    """What the whole document's typesetting says (body size, margins, line pitch, indentation,
    chapter titles): the measures each line is judged by."""

    pages: list[PageLines]
    body_size: float
    left: float  # the body text's left edge
    right: float  # the body text's right edge
    pitch: float  # the usual distance between two body baselines
    indented: bool  # whether paragraphs start with an indented first line
    outline: bool  # whether headings came from the PDF outline
    chapter_titles: dict[int, str]


def _is_raised(span: dict[str, Any], baseline: float, size: float) -> bool:
    return bool(span["size"] < 0.85 * size and span["origin"][1] < baseline - 0.15 * size)


def _page_lines(page: Any, index: int) -> list[Line]:
    """The page's lines in reading order (top to bottom, then left to right)."""
    raw = []
    for block in page.get_text("dict", sort=True)["blocks"]:
        for line in block.get("lines", []):
            spans = [s for s in line["spans"] if s["text"]]
            if spans and "".join(s["text"] for s in spans).strip():
                raw.append(spans)
    # MuPDF may cut one printed line in two (a marker set apart): merge spans sharing a baseline.
    raw.sort(key=lambda spans: (round(max(s["origin"][1] for s in spans)), spans[0]["bbox"][0]))
    merged: list[list[dict[str, Any]]] = []
    for spans in raw:
        base = max(s["origin"][1] for s in spans)
        if merged:
            prev = merged[-1]
            prev_base = max(s["origin"][1] for s in prev)
            if (
                abs(base - prev_base) < 0.3 * spans[0]["size"]
                and spans[0]["bbox"][0] >= prev[-1]["bbox"][2] - 1
            ):
                prev.extend(spans)
                continue
        merged.append(list(spans))
    lines = []
    for spans in merged:
        body = [s for s in spans if not (s["flags"] & SUPERSCRIPT)] or spans
        size = max(s["size"] for s in body)
        baseline = max(s["origin"][1] for s in body)
        out = []
        for s in spans:
            raised = bool(s["flags"] & SUPERSCRIPT) or _is_raised(s, baseline, size)
            out.append(
                Span(
                    text=s["text"],
                    size=round(s["size"], 2),
                    bbox=tuple(s["bbox"]),
                    bold=bool(s["flags"] & BOLD) or "bold" in s["font"].lower(),
                    marker=raised and bool(_MARKER_TEXT.match(s["text"].strip())),
                )
            )
        x0 = min(s["bbox"][0] for s in spans)
        x1 = max(s["bbox"][2] for s in spans)
        y0 = min(s["bbox"][1] for s in spans)
        y1 = max(s["bbox"][3] for s in spans)
        lines.append(Line(page=index, bbox=(x0, y0, x1, y1), baseline=baseline, spans=out))
    return lines


def _attach_links(page: Any, lines: list[Line]) -> None:
    for link in page.get_links():
        uri = link.get("uri")
        if not uri:
            continue
        rect = tuple(link["from"])
        for line in lines:
            b = line.bbox
            overlap = min(b[3], rect[3]) - max(b[1], rect[1])
            if overlap > 0.4 * (b[3] - b[1]) and rect[0] < b[2] and rect[2] > b[0]:
                line.links.append((rect, uri))


def _body_size(pages: list[list[Line]]) -> float:
    counts: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            for s in line.spans:
                if not s.marker:
                    counts[round(s.size * 2) / 2] += len(s.text.strip())
    return counts.most_common(1)[0][0]


def _printed_number(page: Any) -> int | None:
    label = page.get_label() if hasattr(page, "get_label") else ""
    return int(label) if label and label.isdigit() else None


def _mark_furniture(lines: list[Line], height: float) -> int | None:
    """Mark folios (page numbers) in the margins; return the printed number found, if any."""
    number = None
    for line in (lines[:1] + lines[-1:]) if lines else []:
        in_margin = line.bbox[3] > 0.9 * height or line.bbox[1] < 0.1 * height
        text = line.text.strip()
        if in_margin and _FOLIO.match(text) and not any(s.marker for s in line.spans):
            line.kind = "furniture"
            digits = re.sub(r"\D", "", text)
            number = int(digits) if digits else number
    return number


def _mark_running_heads(pages: list[PageLines]) -> None:
    """Lines repeated in the top margin of many pages (book or chapter title) are furniture."""
    seen: Counter[str] = Counter()
    for page in pages:
        for line in page.lines[:1]:
            if line.bbox[3] < 0.1 * page.height:
                seen[re.sub(r"\d+", "#", line.text.strip())] += 1
    repeated = {t for t, n in seen.items() if n >= 3}
    for page in pages:
        for line in page.lines[:1]:
            if line.bbox[3] < 0.1 * page.height and re.sub(r"\d+", "#", line.text.strip()) in (
                repeated
            ):
                line.kind = "furniture"


def _mark_notes(page: PageLines, body_size: float) -> None:
    """The trailing run of lines set smaller than the body is the page's footnote area."""
    content = [line for line in page.lines if line.kind != "furniture"]
    run: list[Line] = []
    for line in reversed(content):
        if line.size < 0.92 * body_size:
            run.append(line)
        else:
            break
    for line in run:
        line.kind = "note"


def _normal(text: str) -> str:
    return collapse_whitespace(text).casefold()


def _mark_outline_headings(doc: Any, pages: list[PageLines]) -> dict[int, str] | None:
    toc = doc.get_toc(simple=True)
    if not toc:
        return None
    top = min(entry[0] for entry in toc)
    titles: dict[int, str] = {}
    for number, (_level, title, page_no) in enumerate((e for e in toc if e[0] == top), 1):
        titles[number] = title.strip()
        if not 1 <= page_no <= len(pages):
            continue
        lines = [ln for ln in pages[page_no - 1].lines if ln.kind == "body"]
        target = _normal(title)
        for start in range(len(lines)):
            acc = ""
            for end in range(start, len(lines)):
                acc = _normal(acc + " " + lines[end].text)
                if not target.startswith(acc):
                    break
                if acc == target:
                    for line in lines[start : end + 1]:
                        line.kind = "heading"
                    lines[start].chapter = number
                    break
            if lines[start].chapter == number:
                break
        else:
            if lines:  # the title is not printed as such: the chapter starts at the page top
                lines[0].chapter = number
                log.warning("outline title %r not found on page %d", title, page_no)
    return titles


def _mark_font_headings(pages: list[PageLines], body_size: float) -> dict[int, str]:
    titles: dict[int, str] = {}
    prev: Line | None = None
    for page in pages:
        for line in page.lines:
            if line.kind != "body" or line.size < 1.25 * body_size:
                prev = line
                continue
            line.kind = "heading"
            if prev is not None and prev.kind == "heading" and prev.page == line.page:
                number = max(titles)
                titles[number] = f"{titles[number]} {line.text.strip()}"
            else:
                number = len(titles) + 1
                line.chapter = number
                titles[number] = line.text.strip()
            prev = line
    return titles


def analyse(doc: Any) -> Layout:
    """Read every page of an open PyMuPDF document and classify its lines.

    :param doc: an open ``pymupdf.Document`` with a text layer.
    :returns: the pages' lines and the measures of the body text.
    """
    raw = []
    for index, page in enumerate(doc):
        lines = _page_lines(page, index)
        _attach_links(page, lines)
        raw.append((page, lines))
    body_size = _body_size([lines for _, lines in raw])
    pages = []
    for index, (page, lines) in enumerate(raw):
        folio = _mark_furniture(lines, page.rect.height)
        number = _printed_number(page) or folio or index + 1
        pages.append(PageLines(index, number, page.rect.height, lines))
    _mark_running_heads(pages)
    for page in pages:
        _mark_notes(page, body_size)
    titles = _mark_outline_headings(doc, pages)
    outline = titles is not None
    if titles is None:
        titles = _mark_font_headings(pages, body_size)
    body = [ln for p in pages for ln in p.lines if ln.kind == "body"]
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0] if body else 0.0
    right = max((ln.x1 for ln in body), default=0.0)
    pitches = [
        round(b.baseline - a.baseline, 1)
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and b.baseline > a.baseline
    ]
    pitch = Counter(pitches).most_common(1)[0][0] if pitches else body_size * 1.2
    indented = any(ln.x0 > left + 0.6 * body_size and ln.x1 >= right - body_size for ln in body)
    return Layout(pages, body_size, left, right, pitch, indented, outline, titles)
