"""Turning corpus objects into what the pages and their JSON twins show.

Each ``*_data`` function returns plain JSON-able dicts, used as-is by the JSON twin and by the
templates, so the two forms of a page cannot drift apart. :func:`marked_text` is the one place
that builds HTML from corpus text: it escapes every slice and adds only the note-marker links;
:func:`linked_note` does the same for a note's text, turning its printed URLs into the links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from searchlib.cite import wayback_url
from searchlib.model import Book, Footnote, Paragraph, Source

from .corpus import CorpusView, Located
from .labels import french_date


def archived_data(view: CorpusView | None, source: Source) -> dict[str, Any] | None:
    """What an imported copy of the source's page says of itself (title, date, lead), or None."""
    page = view.archived(source) if view is not None else None
    if page is None:
        return None
    return {
        "title": page.title,
        "published": page.published,
        "published_text": french_date(page.published),
        "lead": page.lead,
        "url": page.url,
        "archived_url": page.archived_url,
        "archived_at": page.archived_at,
    }


def source_data(
    source: Source, view: CorpusView | None = None, year: int | None = None
) -> dict[str, Any]:
    """A cited source for the templates; ``year``: the year its note cites (Wayback look-up;
    default: the source's own, resolved at ingest)."""
    # Only web addresses become links: a ``javascript:`` URL in a book must stay inert text.
    linkable = source.url.lower().startswith(("http://", "https://"))
    return {
        "url": source.url,
        "href": source.url if linkable else None,
        "normalized": source.normalized,
        "domain": source.domain,
        "belta_id": source.belta_id,
        "year": source.year,
        "archive": wayback_url(source, year),
        "archived": archived_data(view, source),
    }


def note_data(note: Footnote, view: CorpusView | None = None) -> dict[str, Any]:
    return {
        "book": note.book,
        "number": note.number,
        "text": note.text,
        "page": note.page,
        # The one year rule's, resolved at ingest: the facet's and ``searchlib cite``'s year.
        "year": note.year,
        "urls": note.urls,
        "sources": [source_data(s, view, note.year) for s in note.sources],
        # As ``searchlib footnotes --json`` gives them: the twin keeps the CLI's contract.
        "paragraphs": [_paragraph_ref(view, pid) for pid in note.paragraphs],
    }


def _paragraph_ref(view: CorpusView | None, pid: str) -> dict[str, Any] | str:
    located = view.located.get(pid) if view is not None else None
    if located is None:
        return pid
    p = located.paragraph
    return {"id": p.id, "text": p.text, "chapter": p.chapter, "page": p.page}


def book_meta_data(book: Book) -> dict[str, Any]:
    m = book.meta
    return {
        "id": m.id,
        "title": m.title,
        "label": m.label,
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
        "footnotes": [note_data(n, view) for n in notes],
        "missing_footnotes": [n for n in para.footnotes if (para.book, n) not in view.notes],
        "previous": loc.previous,
        "next": loc.next,
    }


def marked_text(para: Paragraph, notes: dict[tuple[str, int], Footnote]) -> Markup:
    """The paragraph's text, escaped, with each footnote marker as a link to its note."""
    from .reading import annotated_text

    return annotated_text(para, notes)


def excerpt(text: str, length: int = 160) -> str:
    """The start of ``text``, cut at a word boundary (plain text; templates escape it)."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut + " …"


@dataclass(frozen=True)
class LinkedNote:
    """A note's text as HTML with its printed URLs as links, and which sources it linked."""

    html: Markup
    linked: frozenset[str]


def linked_note(text: str, sources: list[dict[str, Any]]) -> LinkedNote:
    """The note ``text``, escaped, with each source URL printed in it turned into its link.

    :param sources: the note's :func:`source_data` dicts; only those with an ``href`` (a web
        address) become links, so a ``javascript:`` URL stays text.
    :returns: the HTML and the ``url`` of every source linked in the text; the page lists the
        others (a URL the ingester repaired no longer appears verbatim) beside the note.
    """
    spans: list[tuple[int, int, dict[str, Any]]] = []
    for source in sources:
        if not source.get("href"):
            continue
        at = text.find(source["url"])
        if at >= 0:
            spans.append((at, at + len(source["url"]), source))
    out: list[str] = []
    linked: set[str] = set()
    start = 0
    for begin, end, source in sorted(spans, key=lambda s: (s[0], -s[1])):
        if begin < start:  # overlaps a longer URL already linked
            continue
        out.append(str(escape(text[start:begin])))
        href = escape(source["href"])
        out.append(f'<a class="source-link" href="{href}" rel="noopener noreferrer">'
                   f"{escape(text[begin:end])}</a>")
        linked.add(source["url"])
        start = end
    out.append(str(escape(text[start:])))
    return LinkedNote(Markup("".join(out)), frozenset(linked))
