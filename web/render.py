"""Turning corpus objects into what the pages and their JSON twins show.

Each ``*_data`` function returns plain JSON-able dicts, used as-is by the JSON twin and by the
templates, so the two forms of a page cannot drift apart. :func:`marked_text` is the one place
that builds HTML from corpus text: it escapes every slice and adds only the note-marker links.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from searchlib.cite import wayback_url
from searchlib.model import Book, Footnote, Paragraph, Source

from .corpus import CorpusView, Located


def source_data(source: Source) -> dict[str, Any]:
    # Only web addresses become links: a ``javascript:`` URL in a book must stay inert text.
    linkable = source.url.lower().startswith(("http://", "https://"))
    return {
        "url": source.url,
        "href": source.url if linkable else None,
        "normalized": source.normalized,
        "domain": source.domain,
        "belta_id": source.belta_id,
        "year": source.year,
        "archive": wayback_url(source),
    }


def note_data(note: Footnote) -> dict[str, Any]:
    return {
        "book": note.book,
        "number": note.number,
        "text": note.text,
        "page": note.page,
        "sources": [source_data(s) for s in note.sources],
        "paragraphs": note.paragraphs,
    }


def book_meta_data(book: Book) -> dict[str, Any]:
    m = book.meta
    return {
        "id": m.id,
        "title": m.title,
        "author": m.author,
        "publisher": m.publisher,
        "year": m.year,
        "isbn": m.isbn,
        "language": m.language,
    }


def paragraph_data(view: CorpusView, loc: Located) -> dict[str, Any]:
    para = loc.paragraph
    notes = [view.notes[(para.book, n)] for n in para.footnotes if (para.book, n) in view.notes]
    return {
        "id": para.id,
        "book": book_meta_data(loc.book),
        "chapter": {"number": loc.chapter.number, "title": loc.chapter.title},
        "page": para.page,
        "text": para.text,
        "footnotes": [note_data(n) for n in notes],
        "missing_footnotes": [n for n in para.footnotes if (para.book, n) not in view.notes],
        "previous": loc.previous,
        "next": loc.next,
    }


def marked_text(para: Paragraph, notes: dict[tuple[str, int], Footnote]) -> Markup:
    """The paragraph's text, escaped, with each footnote marker as a link to its note."""
    marks: list[tuple[int, int]] = []
    for number in para.footnotes:
        note = notes.get((para.book, number))
        offsets = [m.offset for m in note.markers if m.paragraph == para.id] if note else []
        # A note whose marker position is unknown still gets a link, at the paragraph's end.
        marks.extend((o, number) for o in (offsets or [len(para.text)]))
    out: list[str] = []
    start = 0
    for offset, number in sorted(marks):
        offset = max(start, min(offset, len(para.text)))
        out.append(str(escape(para.text[start:offset])))
        link = f'<a href="#note-{number}" id="ref-{number}">{number}</a>'
        out.append(f'<sup class="marker">{link}</sup>')
        start = offset
    out.append(str(escape(para.text[start:])))
    return Markup("".join(out))


def excerpt(text: str, length: int = 160) -> str:
    """The start of ``text``, cut at a word boundary (plain text; templates escape it)."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut + " …"
