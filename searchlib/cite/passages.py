"""Where a footnote sits in the book: its passages (paragraph, chapter, printed page, sentence).

The citation records of :mod:`searchlib.cite.lookup` are built from the ingested corpus only; this
module turns a :class:`~searchlib.model.Marker` back into the sentence that carries it, with the
marker shown as ``[32]``, so a reader sees which words the note supports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ..model import Book, Paragraph
from .locators import locate, locator_text

Books = Iterable[Book] | Mapping[str, Book]

# A sentence ends at . ! ? … (possibly followed by a closing quote) and a space.
_SENTENCE_END = re.compile(r"[.!?…][\"»”)]*\s+")
_MAX_EXCERPT = 600


@dataclass(frozen=True)
class CitedPassage:
    """A paragraph as a citable passage.

    :ivar paragraph: its id (``b1.c03.p012``).
    :ivar chapter_title: the heading of its chapter (``None`` for front matter).
    :ivar page: the printed page the paragraph starts on, when the source shows pages.
    :ivar excerpt: the sentence carrying the marker, the marker shown as ``[n]`` (the whole
        paragraph, shortened, when no marker is involved).
    :ivar chapter_page: the printed page its chapter starts on, when known (b1 prints no page
        per paragraph: a reader looks from there).
    :ivar ordinal: its position in its chapter, from 1: the ``§`` a reader of the book can count.
    """

    paragraph: str
    book: str
    chapter: int | None
    chapter_title: str | None
    page: int | None
    excerpt: str
    text: str
    chapter_page: int | None = None
    ordinal: int | None = None

    @property
    def section(self) -> str:
        """``§ 2``: the paragraph's ordinal in its chapter (its id when the ordinal is unknown)."""
        return f"§ {self.ordinal}" if self.ordinal is not None else f"§ {self.paragraph}"

    @property
    def locator(self) -> str:
        """``chap. 2, p. 17 et suiv., § 2``: where a reader of the printed book finds it
        (:mod:`.locators`)."""
        return locator_text(self.chapter, self.page, self.chapter_page, self.section)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def books_by_id(books: Books) -> dict[str, Book]:
    """The books keyed by id, from a list or a mapping."""
    if isinstance(books, Mapping):
        return dict(books)
    return {b.id: b for b in books}


def _shorten(text: str, limit: int = _MAX_EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the sentence around ``offset``."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, offset):
        start = match.end()
    end_match = _SENTENCE_END.search(text, offset)
    return start, end_match.end() if end_match else len(text)


def marker_excerpt(text: str, offset: int, number: int) -> str:
    """The sentence of ``text`` that carries marker ``number`` at ``offset``, marker shown ``[n]``.

    The books put markers both before and after the sentence a note supports, so a marker that
    sits on a sentence boundary gets both neighbouring sentences.
    """
    offset = max(0, min(offset, len(text)))
    before, after = text[:offset], text[offset:]
    start, _ = _sentence_bounds(text, offset)
    at_boundary = offset > 0 and re.search(r"[.!?…][\"»”)]*\s*$", before) is not None
    if at_boundary:
        start, _ = _sentence_bounds(text, len(before.rstrip()) - 1)
    _, end = _sentence_bounds(text, offset if not after[:1].isspace() else offset + 1)
    left = before[start:].rstrip()
    right = text[offset:end].strip()
    excerpt = f"{left} [{number}] {right}".strip()
    return _shorten(excerpt)


def passage_of(
    book: Book,
    paragraph: Paragraph,
    marker: tuple[int, int] | None = None,
    page: int | None = None,
) -> CitedPassage:
    """The :class:`CitedPassage` of ``paragraph``; ``marker`` = (footnote number, offset) to
    excerpt, ``page`` the printed page of that marker when known (default: where the paragraph
    starts)."""
    titles = {c.number: c.title for c in book.chapters}
    where = locate(book, paragraph)
    if marker is not None:
        excerpt = marker_excerpt(paragraph.text, marker[1], marker[0])
    else:
        excerpt = _shorten(paragraph.text)
    return CitedPassage(
        paragraph=paragraph.id,
        book=book.id,
        chapter=paragraph.chapter,
        chapter_title=titles.get(paragraph.chapter) if paragraph.chapter is not None else None,
        page=page if page is not None else paragraph.page,
        excerpt=excerpt,
        text=paragraph.text,
        chapter_page=where.chapter_page,
        ordinal=where.ordinal,
    )
