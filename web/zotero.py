"""What Zotero (and Google Scholar, Mendeley) read from a page: ``citation_*`` meta tags.

Zotero's Embedded Metadata translator maps the Highwire ``citation_*`` tags to fields and takes
the item type from a ``z:itemType`` statement. A passage page describes a chapter of a book (a
book section); a note page and a source page describe the source the note cites: a BelTA article
is a newspaper article whose publication is BelTA, dated by the imported page when there is one,
else by the year its URL or note states. The Wayback calendar is never given as an attachment.
"""

from __future__ import annotations

from typing import Any

from searchlib.cite import make_citation
from searchlib.cite.machine import record_of_citation
from searchlib.model import Book, Footnote

from .corpus import CorpusView

Meta = list[tuple[str, str]]


def passage_meta(data: dict[str, Any]) -> Meta:
    """The tags of a passage page, from its JSON data (book section: chapter in the book)."""
    book = data["book"]
    tags: Meta = [("z:itemType", "bookSection"), ("citation_title", data["chapter"]["title"]),
                  ("citation_book_title", book["title"]), ("citation_inbook_title", book["title"])]
    if book.get("author"):
        tags.append(("citation_author", book["author"]))
    for name, key in (("citation_publisher", "publisher"), ("citation_publication_date", "year"),
                      ("citation_isbn", "isbn")):
        if book.get(key):
            tags.append((name, str(book[key])))
    if data.get("page"):
        tags.append(("citation_firstpage", str(data["page"])))
    tags += [("citation_language", book["language"]), ("citation_public_url", data["permalink"])]
    return tags


def source_meta(view: CorpusView, book: Book, note: Footnote) -> Meta:
    """The tags describing the source ``note`` cites (empty when the note has no text)."""
    record = record_of_citation(make_citation(book, note))
    if record is None:
        return []
    source = note.sources[0] if note.sources else None
    page = view.archived(source) if source is not None else None
    title = page.title if page is not None and page.title else record.title
    date = page.published if page is not None and page.published else record.year
    newspaper = record.container == "BelTA"
    tags: Meta = [("z:itemType", "newspaperArticle" if newspaper else "webpage"),
                  ("citation_title", title)]
    tags += [("citation_author", a) for a in record.authors]
    if date:
        tags.append(("citation_date", str(date)))
    if record.container:
        tags += [("citation_journal_title", record.container), ("og:site_name", record.container)]
    if record.urls:
        tags.append(("citation_public_url", record.urls[0]))
    tags.append(("citation_language", "fr"))
    return tags
