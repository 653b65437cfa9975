"""What Zotero (and Google Scholar, Mendeley) read from a page: ``citation_*`` meta tags, and
the same description as schema.org JSON-LD.

Zotero's Embedded Metadata translator maps the Highwire ``citation_*`` tags to fields and takes
the item type from a ``z:itemType`` statement. A passage page describes a chapter of a book (a
book section); a note page and a source page describe the source the note cites: a BelTA article
is a newspaper article whose publication is BelTA, dated by the imported page when there is one,
else by the year its URL or note states. The Wayback calendar is never given as an attachment.

The JSON-LD (``Chapter`` in a ``Book``; ``NewsArticle`` published by BelTA, else ``WebPage``)
adds what a tag cannot say: which organisation published the article, that the chapter is part of
the book, and the passage's place in it, for readers of schema.org (search engines, reference
tools). No COinS: OpenURL has no newspaper-article format, and Zotero's COinS translator takes
precedence over the tags, so a BelTA article would be saved as a journal article.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

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


def _cited(view: CorpusView, book: Book, note: Footnote) -> dict[str, Any] | None:
    """What the tags and the JSON-LD say of the source ``note`` cites (``None`` without text)."""
    record = record_of_citation(make_citation(book, note))
    if record is None:
        return None
    source = note.sources[0] if note.sources else None
    page = view.archived(source) if source is not None else None
    return {
        "title": page.title if page is not None and page.title else record.title,
        "date": page.published if page is not None and page.published else record.year,
        "newspaper": record.container == "BelTA",
        "authors": record.authors,
        "container": record.container,
        "url": record.urls[0] if record.urls else None,
    }


def source_meta(view: CorpusView, book: Book, note: Footnote) -> Meta:
    """The tags describing the source ``note`` cites (empty when the note has no text)."""
    cited = _cited(view, book, note)
    if cited is None:
        return []
    tags: Meta = [("z:itemType", "newspaperArticle" if cited["newspaper"] else "webpage"),
                  ("citation_title", cited["title"])]
    tags += [("citation_author", a) for a in cited["authors"]]
    if cited["date"]:
        tags.append(("citation_date", str(cited["date"])))
    if cited["container"]:
        tags += [("citation_journal_title", cited["container"]),
                 ("og:site_name", cited["container"])]
    if cited["url"]:
        tags.append(("citation_public_url", cited["url"]))
    tags.append(("citation_language", "fr"))
    return tags


def source_jsonld(view: CorpusView, book: Book, note: Footnote) -> dict[str, Any] | None:
    """The schema.org description of the source ``note`` cites: a ``NewsArticle`` of BelTA, else
    a ``WebPage`` (``None`` when the note has no text)."""
    cited = _cited(view, book, note)
    if cited is None:
        return None
    item: dict[str, Any] = {"@context": "https://schema.org",
                            "@type": "NewsArticle" if cited["newspaper"] else "WebPage",
                            "headline" if cited["newspaper"] else "name": cited["title"],
                            "inLanguage": "fr"}
    if cited["authors"]:
        item["author"] = [{"@type": "Person", "name": a} for a in cited["authors"]]
    if cited["date"]:
        item["datePublished"] = str(cited["date"])
    if cited["container"]:
        publisher = {"@type": "Organization", "name": cited["container"]}
        if cited["newspaper"]:
            publisher["url"] = "https://www.belta.by/"
        item["publisher"] = publisher
    if cited["url"]:
        item["url"] = cited["url"]
    return item


def passage_jsonld(data: dict[str, Any], locator: str) -> dict[str, Any]:
    """The schema.org description of a passage page: a ``Chapter`` of a ``Book``, the passage's
    place in it (``chap. 2, p. 17 et suiv., § 2``) as ``position``."""
    book = data["book"]
    whole: dict[str, Any] = {"@type": "Book", "name": book["title"], "inLanguage": book["language"]}
    if book.get("author"):
        whole["author"] = {"@type": "Person", "name": book["author"]}
    if book.get("publisher"):
        whole["publisher"] = {"@type": "Organization", "name": book["publisher"]}
    if book.get("year"):
        whole["datePublished"] = str(book["year"])
    if book.get("isbn"):
        whole["isbn"] = book["isbn"]
    item: dict[str, Any] = {"@context": "https://schema.org", "@type": "Chapter",
                            "name": data["chapter"]["title"], "isPartOf": whole,
                            "position": locator, "url": data["permalink"],
                            "inLanguage": book["language"]}
    if data.get("page"):
        item["pageStart"] = str(data["page"])
    return item


def jsonld_script(item: dict[str, Any] | None) -> Markup | None:
    """``item`` as the body of a ``<script type="application/ld+json">``: JSON with ``<``, ``>``
    and ``&`` escaped, so that no text of a book or a note can close the script."""
    if item is None:
        return None
    text = json.dumps(item, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return Markup(text)
