"""The "Citer" panel of the passage, note and source pages: one reference per style, to copy.

The references come from :mod:`searchlib.cite` (GOST as the books print it, ISO 690, Chicago and
APA through CSL, :mod:`searchlib.cite.styles`); this module only lists them in the order the panel
shows, each as HTML (italics) for the page and as plain text for the JSON twin.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markupsafe import Markup, escape

from searchlib.cite import make_citation, render_passage, source_reference
from searchlib.cite.lookup import FootnoteCitation
from searchlib.cite.styles import STYLES, style_citations, style_passage
from searchlib.model import Book, Footnote, Paragraph

GOST_LABEL = "GOST"


_TAG = re.compile(r"<[^>]+>")


def _entry(name: str, label: str, html: str) -> dict[str, Any]:
    # The plain text is the HTML's text (citeproc's HTML escapes the text and adds only <i>,
    # <b>...): one rendering per style instead of two.
    return {"name": name, "label": label, "html": Markup(html),
            "text": unescape(_TAG.sub("", html))}


def passage_panel(book: Book, paragraph: Paragraph) -> list[dict[str, Any]]:
    """The passage's reference in each style, then GOST."""
    entries = [_entry(s.name, s.label, style_passage(book, paragraph, s.name, html=True))
               for s in STYLES.values()]
    gost = render_passage(book, paragraph, "gost")
    entries.append(_entry("gost", GOST_LABEL, str(escape(gost))))
    return entries


def source_panel(citation: FootnoteCitation) -> list[dict[str, Any]]:
    """The reference of the source a footnote cites, in each style, then GOST as printed."""
    entries = []
    for s in STYLES.values():
        html = style_citations([citation], s.name, html=True)
        if html:
            entries.append(_entry(s.name, s.label, html[0]))
    gost = source_reference(citation)
    if gost:
        entries.append(_entry("gost", GOST_LABEL, str(escape(gost))))
    return entries


def note_panel(book: Book, note: Footnote) -> list[dict[str, Any]]:
    """The note page's panel: the source its note cites."""
    return source_panel(make_citation(book, note))


def panel_json(entries: list[dict[str, Any]]) -> dict[str, str]:
    """The panel in a JSON twin: style name → plain text."""
    return {e["name"]: e["text"] for e in entries}


def no_author_notice(book: Book) -> str | None:
    """What the panel says of a book whose export names no author or year."""
    missing = [what for what, value in (("auteur", book.meta.author), ("année", book.meta.year))
               if not value]
    if not missing:
        return None
    return (f"{book.meta.label} : {' et '.join(missing)} non indiqué"
            f"{'s' if len(missing) > 1 else ''} dans la source.")
