"""The reader for books exported as HTML (manifest ``format = "html"``), built on Beautiful Soup.

What it understands:

- chapters: ``<h1>`` elements, or ``<h2>`` when the page has a single ``<h1>`` (the book's title);
  text before the first chapter goes to chapter 0;
- paragraphs: ``<p>`` elements outside the notes, text with whitespace collapsed;
- markers: ``<sup>`` holding digits, or ``<a href="#fn3">`` links (with digits, or pointing at a
  note); a ``<sup>`` that is not digits (``XX<sup>e</sup>``) stays text;
- notes: ``<li>`` items of a notes list (``<section class="footnotes">``, ``<ol class="notes">``,
  ``role="doc-endnotes"``...) or ``<aside>`` elements; a note's number comes from its ``id``
  (``fn3``, ``note-3``), its ``value``, its list position or its leading digits; back-links
  (``↩``) are dropped; sources come from the note's text and its ``<a href>``.

HTML with no ``<p>`` is not a book export: it is refused with one clear line.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from ..errors import ParseError, SourceFileError
from ..model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph, Source, paragraph_id
from . import collapse_whitespace
from .urls import extract_sources, make_source

log = logging.getLogger(__name__)

_NOTES_SELECTOR = (
    "section.footnotes, div.footnotes, ol.footnotes, ol.notes, div.notes, section.notes, "
    "[role=doc-endnotes], [role=doc-footnotes], #footnotes, #notes"
)
_ID_NUMBER = re.compile(r"(?:fn|footnote|note|n|endnote)[-_:]?(\d+)$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*\[?(\d{1,4})[\].)]?\s+")
_BACKLINK = re.compile(r"[↩↑^]|\bretour\b|\bback\b", re.IGNORECASE)


def _load(path: Path) -> BeautifulSoup:
    # Bytes, not text: Beautiful Soup finds the encoding (a saved page may well be cp1251).
    if not path.is_file():
        raise SourceFileError(f"source file not found: {path}")
    data = path.read_bytes()
    if not data.strip():
        raise SourceFileError(f"source file is empty: {path}")
    return BeautifulSoup(data, "html.parser")


def _note_number(node: Tag, position: int) -> int:
    """A note element's number: from its id, its ``value``, its leading digits, its position."""
    for candidate in (node.get("id"), *(a.get("id") for a in node.find_all(id=True))):
        match = _ID_NUMBER.search(str(candidate or ""))
        if match:
            return int(match.group(1))
    if str(node.get("value", "")).isdigit():
        return int(str(node["value"]))
    match = _LEADING_NUMBER.match(node.get_text())
    return int(match.group(1)) if match else position


def _note_areas(soup: BeautifulSoup) -> list[Tag]:
    areas = list(soup.select(_NOTES_SELECTOR))
    areas += [a for a in soup.find_all("aside") if not any(a in x.descendants for x in areas)]
    return [
        a for a in areas if not any(a in other.descendants for other in areas if other is not a)
    ]


def _note_items(areas: list[Tag]) -> list[Tag]:
    items: list[Tag] = []
    for area in areas:
        lis = area.find_all("li")
        items.extend(lis if lis else [area])
    return items


def _marker_numbers(node: Tag, note_ids: set[str]) -> list[int] | None:
    """Footnote numbers a ``<sup>`` or ``<a>`` stands for, or ``None`` when it is text."""
    text = node.get_text()
    digits = re.findall(r"\d+", text)
    if node.name == "sup":
        if digits and re.fullmatch(r"[\s\[\]\d,;–-]*", text):
            return [int(d) for d in digits]
        return None
    href = str(node.get("href", ""))
    if not href.startswith("#"):
        return None
    target = href[1:]
    if digits and re.fullmatch(r"[\s\[\]()\d,;]*", text):
        return [int(d) for d in digits]
    match = _ID_NUMBER.search(target)
    if target in note_ids and match:
        return [int(match.group(1))]
    return None


def _paragraph_text(p: Tag, note_ids: set[str]) -> tuple[str, list[int], list[int]]:
    """Clean text of a ``<p>``, the footnote numbers it carries and their offsets."""
    pieces: list[str] = []
    numbers: list[int] = []
    offsets: list[int] = []

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment or CDATA
                    pieces.append(str(child))
            elif isinstance(child, Tag):
                if child.name in ("sup", "a"):
                    found = _marker_numbers(child, note_ids)
                    if found is not None:
                        at = len(collapse_whitespace("".join(pieces)))
                        numbers.extend(found)
                        offsets.extend([at] * len(found))
                        continue
                if child.name in ("script", "style"):
                    continue
                if child.name == "br":
                    pieces.append(" ")
                    continue
                walk(child)

    walk(p)
    raw = "".join(pieces)
    text = collapse_whitespace(raw)
    # A marker recorded before trailing whitespace was collapsed may sit one past the end.
    offsets = [min(o, len(text)) for o in offsets]
    return text, numbers, offsets


def _headings(soup: BeautifulSoup) -> str:
    h1 = soup.find_all("h1")
    if len(h1) >= 2 or not soup.find("h2"):
        return "h1"
    return "h2"


def _note_sources(item: Tag, text: str) -> list[Source]:
    found = {s.normalized: s for s in extract_sources(text)}
    for a in item.find_all("a", href=True):
        href = str(a["href"])
        if re.match(r"https?://", href):
            source = make_source(href)
            found.setdefault(source.normalized, source)
    return list(found.values())


def read(path: Path, meta: BookMeta) -> Book:
    """Read a book exported as HTML into the model.

    :param path: the HTML file (its encoding is detected from its bytes and ``<meta charset>``).
    :param meta: the manifest entry of the book.
    :returns: the book with chapters, paragraphs and footnotes (HTML has no pages).
    :raises SourceFileError: when the file is missing or empty.
    :raises ParseError: when the HTML has no ``<p>`` paragraphs (not a structured export).
    """
    soup = _load(path)
    for junk in soup.find_all(["script", "style", "nav", "header", "footer"]):
        junk.decompose()
    areas = _note_areas(soup)
    items = _note_items(areas)
    note_ids = {str(n.get("id")) for item in items for n in [item, *item.find_all(id=True)]}
    notes: dict[int, Footnote] = {}
    for position, item in enumerate(items, 1):
        number = _note_number(item, position)
        for back in item.find_all("a", href=True):
            if str(back["href"]).startswith("#") and _BACKLINK.search(back.get_text() or "↩"):
                back.decompose()
        text = _LEADING_NUMBER.sub("", collapse_whitespace(item.get_text()), count=1)
        if number in notes:
            log.warning("%s: note %d defined twice", meta.id, number)
            continue
        notes[number] = Footnote(meta.id, number, text or None, _note_sources(item, text))
    for area in areas:
        area.extract()

    level = _headings(soup)
    body = soup.body or soup
    chapters: list[Chapter] = []
    headings = 0
    markers: dict[int, list[Marker]] = {}
    for node in body.find_all([level, "p"]):
        if node.name == level:
            headings += 1
            chapters.append(Chapter(number=headings, title=collapse_whitespace(node.get_text())))
            continue
        text, numbers, offsets = _paragraph_text(node, note_ids)
        if not text:
            continue
        if not chapters:
            chapters.append(Chapter(number=0, title=""))
        chapter = chapters[-1]
        pid = paragraph_id(meta.id, chapter.number, len(chapter.paragraphs) + 1)
        chapter.paragraphs.append(Paragraph(pid, meta.id, chapter.number, text, None, numbers))
        for number, offset in zip(numbers, offsets, strict=True):
            markers.setdefault(number, []).append(Marker(pid, offset))
    if not any(c.paragraphs for c in chapters):
        raise ParseError(f"{path}: no <p> paragraphs found: not a structured HTML book export")
    footnotes = []
    for number in sorted(set(notes) | set(markers)):
        note = notes.get(number) or Footnote(meta.id, number, None)
        note.markers = markers.get(number, [])
        footnotes.append(note)
    return Book(meta, chapters, footnotes, stats={"note_areas": len(areas)})
