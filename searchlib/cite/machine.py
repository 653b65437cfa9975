"""Machine formats for reference managers: CSL-JSON, BibTeX and RIS.

A footnote (:class:`~searchlib.cite.lookup.FootnoteCitation`) or a passage becomes one neutral
:class:`Record`, and each format writes records. The text as printed always travels along (CSL
``note``, BibTeX ``note``, RIS ``N1``), so a partial parse loses nothing. A passage's note is its
locator (:mod:`.locators`), its paragraph id the record's id. A BelTA article names BelTA as its
site (the container). The Wayback link is a search of the archive's calendar, not an
archived copy: it stays out of the exports (no RIS ``L1`` attachment, no CSL ``archive_location``,
no BibTeX ``addendum``); pages show it as a plain link.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..ingest.citation import clean_text
from ..model import BookMeta
from .gost import split_name
from .lookup import FootnoteCitation
from .passages import CitedPassage
from .sources import wayback_url

_CSL_TYPE = {"online": "webpage", "book": "book", "chapter": "chapter", "document": "document",
             "note": "document", "ibid": "document", "passage": "chapter", "whole": "book"}
_BIB_TYPE = {"online": "online", "book": "book", "chapter": "incollection", "document": "misc",
             "note": "misc", "ibid": "misc", "passage": "inbook", "whole": "book"}
_RIS_TYPE = {"online": "ELEC", "book": "BOOK", "chapter": "CHAP", "document": "GEN",
             "note": "GEN", "ibid": "GEN", "passage": "CHAP", "whole": "BOOK"}


@dataclass
class Record:
    """The fields every export format draws on (``kind`` as in :class:`ParsedCitation`, plus
    ``passage``/``whole`` for a place in a book)."""

    id: str
    kind: str
    title: str
    authors: list[str] = field(default_factory=list)
    container: str | None = None
    chapter: str | None = None
    publisher: str | None = None
    place: str | None = None
    year: int | None = None
    pages: str | None = None
    issue: str | None = None
    urls: list[str] = field(default_factory=list)
    access_date: str | None = None
    medium: str | None = None
    isbn: str | None = None
    archive: str | None = None
    note: str = ""


def record_of_citation(citation: FootnoteCitation) -> Record | None:
    """The record of a footnote; ``None`` when its definition is missing."""
    parsed = citation.parsed
    if parsed is None:
        return None
    sources = citation.footnote.sources
    title = parsed.title or clean_text(parsed.raw)
    return Record(
        id=citation.key,
        kind=parsed.kind,
        title=title,
        authors=list(parsed.authors),
        container=parsed.container or _site(sources),
        publisher=parsed.publisher,
        place=parsed.place,
        year=citation.year,
        pages=parsed.pages,
        issue=parsed.issue,
        urls=[s.url for s in sources] or list(parsed.urls),
        access_date=parsed.access_date,
        medium=parsed.medium,
        archive=wayback_url(sources[0], citation.year) if sources else None,
        note=clean_text(parsed.raw),
    )


def _site(sources: list[Any]) -> str | None:
    """The site a source belongs to, when it is a news agency cited by name (BelTA)."""
    domain = sources[0].domain if sources else ""
    return "BelTA" if domain == "belta.by" or domain.endswith(".belta.by") else None


def record_of_passage(meta: BookMeta, passage: CitedPassage) -> Record:
    """The record of a passage: the chapter in the book, its printed page, and in the note its
    locator (``chap. 2, p. 17 et suiv., § 2``: what a reader of the book can find). The paragraph
    id stays the record's id (CSL ``id``, RIS ``ID``, the BibTeX key), as before."""
    in_chapter = bool(passage.chapter and passage.chapter_title)
    return Record(
        id=passage.paragraph,
        kind="passage" if in_chapter else "whole",
        title=passage.chapter_title if in_chapter and passage.chapter_title else meta.title,
        authors=[meta.author] if meta.author else [],
        container=meta.title if in_chapter else None,
        chapter=str(passage.chapter) if passage.chapter else None,
        publisher=meta.publisher,
        year=meta.year,
        pages=str(passage.page) if passage.page is not None else None,
        isbn=meta.isbn,
        note=passage.locator,
    )


# --- CSL-JSON -------------------------------------------------------------------------------


def _csl_name(name: str) -> dict[str, str]:
    family, given = split_name(name)
    return {"family": family, "given": given} if given else {"literal": family}


def _csl_date(text: str) -> dict[str, Any]:
    day = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text.strip())
    if day:
        return {"date-parts": [[int(day.group(3)), int(day.group(2)), int(day.group(1))]]}
    return {"raw": text}


def csl_item(record: Record) -> dict[str, Any]:
    """One CSL-JSON item; empty fields are left out, as citeproc expects."""
    item: dict[str, Any] = {"id": record.id, "type": _CSL_TYPE[record.kind], "title": record.title}
    if record.authors:
        item["author"] = [_csl_name(a) for a in record.authors]
    optional = {
        "container-title": record.container,
        "chapter-number": record.chapter,
        "publisher": record.publisher,
        "publisher-place": record.place,
        "page": record.pages,
        "issue": record.issue,
        "medium": record.medium,
        "ISBN": record.isbn,
        "URL": record.urls[0] if record.urls else None,
        "note": record.note,
        "language": "fr",
    }
    item.update({k: v for k, v in optional.items() if v})
    if record.year is not None:
        item["issued"] = {"date-parts": [[record.year]]}
    if record.access_date:
        item["accessed"] = _csl_date(record.access_date)
    return item


def to_csl_json(records: list[Record]) -> str:
    """A CSL-JSON array (what citeproc-js, citeproc-py, Zotero and pandoc read)."""
    return json.dumps([csl_item(r) for r in records], ensure_ascii=False, indent=2)


# --- BibTeX ---------------------------------------------------------------------------------

_LATEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex_escape(value: str) -> str:
    """Escape LaTeX's special characters, so the entry typesets and its braces balance."""
    return _LATEX_SPECIAL.sub(r"\\\1", value)


def bibtex_key(record_id: str) -> str:
    """A BibTeX citation key from a record id (``b1:32`` → ``b1_32``): letters, digits, ``_``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", record_id).strip("_")


def bibtex_entry(record: Record) -> str:
    """One BibTeX entry (``@online``, ``@book``, ``@inbook``...), values escaped for LaTeX."""
    if record.kind == "passage":
        # @inbook: the book is the title, the chapter is a field of its own.
        title, chapter, booktitle = record.container, record.title, None
    else:
        title, chapter, booktitle = record.title, None, record.container
    fields: list[tuple[str, str | None]] = [
        ("author", " and ".join(record.authors) or None),
        ("title", title),
        ("chapter", chapter),
        ("booktitle", booktitle),
        ("publisher", record.publisher),
        ("address", record.place),
        ("year", str(record.year) if record.year is not None else None),
        ("pages", record.pages),
        ("number", record.issue),
        ("isbn", record.isbn),
        ("howpublished", record.medium),
        ("urldate", record.access_date),
        ("note", record.note),
    ]
    lines = [f"@{_BIB_TYPE[record.kind]}{{{bibtex_key(record.id)},"]
    for name, value in fields:
        if value:
            lines.append(f"  {name} = {{{bibtex_escape(value)}}},")
    if record.urls:
        # URLs are read verbatim by \url; only braces would break the entry.
        lines.append("  url = {" + re.sub(r"[{}]", "", record.urls[0]) + "},")
    lines.append("}")
    return "\n".join(lines)


def to_bibtex(records: list[Record]) -> str:
    """A BibTeX file: one entry per record, separated by a blank line."""
    return "\n\n".join(bibtex_entry(r) for r in records) + ("\n" if records else "")


# --- RIS ------------------------------------------------------------------------------------


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris_record(record: Record) -> str:
    """One RIS record, from ``TY`` to ``ER``; page ranges split into ``SP`` and ``EP``."""
    lines = [_ris_line("TY", _RIS_TYPE[record.kind]), _ris_line("ID", record.id)]
    lines += [_ris_line("AU", a) for a in record.authors]
    lines.append(_ris_line("TI", record.title))
    for tag, value in (
        ("T2", record.container),
        ("PB", record.publisher),
        ("CY", record.place),
        ("PY", str(record.year) if record.year is not None else None),
        ("IS", record.issue),
        ("M3", record.medium),
        ("SN", record.isbn),
        ("Y2", record.access_date),
    ):
        if value:
            lines.append(_ris_line(tag, value))
    if record.pages:
        start, _, end = record.pages.partition("-")
        lines.append(_ris_line("SP", start))
        if end:
            lines.append(_ris_line("EP", end))
    lines += [_ris_line("UR", u) for u in record.urls]
    lines += [_ris_line("N1", record.note), _ris_line("LA", "fr"), "ER  - "]
    return "\n".join(lines)


def to_ris(records: list[Record]) -> str:
    """A RIS file (what Zotero, EndNote and Mendeley import): one record per entry."""
    return "\n\n".join(ris_record(r) for r in records) + ("\n" if records else "")
