"""Where a passage is in the printed book, as a reader of the book can find it.

A paragraph id (``b1.c02.p002``) means nothing to someone holding the printed book. A locator says
what they can look up: the chapter, the printed page where the paragraph starts when the source
shows pages (b2), else the page where the chapter starts (b1: ``p. 17 et suiv.``), and the
paragraph's ordinal in its chapter: ``chap. 2, p. 17 et suiv., § 2``. In French, like the books.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Book, Chapter, Paragraph


def page_text(page: int | None, chapter_page: int | None) -> str | None:
    """``p. 104`` for a paragraph's own printed page; else ``p. 17 et suiv.`` from its chapter's
    first page; ``None`` when neither is known."""
    if page is not None:
        return f"p. {page}"
    if chapter_page is not None:
        return f"p. {chapter_page} et suiv."
    return None


@dataclass(frozen=True)
class Locator:
    """A passage's place in the printed book.

    :ivar chapter: the chapter's number (``None`` for front matter).
    :ivar page: the printed page the paragraph starts on, when the source shows it.
    :ivar chapter_page: the printed page the chapter starts on, when known.
    :ivar ordinal: the paragraph's position in its chapter, from 1.
    """

    chapter: int | None
    page: int | None
    chapter_page: int | None
    ordinal: int

    @property
    def page_text(self) -> str | None:
        """``p. 104``; ``p. 17 et suiv.`` when only the chapter's first page is known."""
        return page_text(self.page, self.chapter_page)

    @property
    def pages(self) -> str | None:
        """The page for a reference manager's page field (``104``, or ``17`` and following)."""
        if self.page is not None:
            return str(self.page)
        return f"{self.chapter_page}-" if self.chapter_page is not None else None

    def __str__(self) -> str:
        return locator_text(self.chapter, self.page, self.chapter_page, f"§ {self.ordinal}")


def locator_text(chapter: int | None, page: int | None, chapter_page: int | None,
                 section: str) -> str:
    """``chap. 2, p. 17 et suiv., § 2``: the chapter, the page (:func:`page_text`) and
    ``section``, the paragraph's ``§``."""
    parts = [f"chap. {chapter}"] if chapter is not None else []
    where = page_text(page, chapter_page)
    if where:
        parts.append(where)
    parts.append(section)
    return ", ".join(parts)


def chapter_of(book: Book, paragraph: Paragraph) -> Chapter | None:
    """The chapter holding ``paragraph``."""
    for chapter in book.chapters:
        if chapter.number == paragraph.chapter and any(p.id == paragraph.id
                                                        for p in chapter.paragraphs):
            return chapter
    return None


def locate(book: Book, paragraph: Paragraph, chapter: Chapter | None = None) -> Locator:
    """The :class:`Locator` of ``paragraph`` in ``book`` (``chapter`` when the caller has it)."""
    chapter = chapter or chapter_of(book, paragraph)
    ordinal = 1
    if chapter is not None:
        ordinal = next((i for i, p in enumerate(chapter.paragraphs, 1) if p.id == paragraph.id), 1)
    return Locator(
        chapter=paragraph.chapter,
        page=paragraph.page,
        chapter_page=chapter.page if chapter is not None else None,
        ordinal=ordinal,
    )
