"""Render citations: readable text, GOST, CSL-JSON, BibTeX, RIS and JSON.

``text`` is for a person at a terminal: the note as printed, its repaired URLs with archived
copies, the parsed fields, the bibliography match, the passage with its marker, and
ready-to-paste references for the source and for the passage. ``gost`` is one reference per
note; ``csl-json``, ``bibtex`` and ``ris`` are for reference managers (:mod:`.machine`); ``json``
is everything, for programs.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..archive import ArchivedPage
from ..errors import InvalidReference
from ..model import Book, BookMeta, Footnote, Paragraph
from .gost import gost_reference, passage_reference, passage_text_reference
from .lookup import FootnoteCitation, Resolution, make_citation
from .machine import Record, record_of_citation, record_of_passage, to_bibtex, to_csl_json, to_ris
from .passages import CitedPassage, passage_of
from .sources import wayback_url

FORMATS = ("text", "gost", "csl-json", "bibtex", "ris", "json")
_MACHINE = {"csl-json": to_csl_json, "bibtex": to_bibtex, "ris": to_ris}


def check_format(fmt: str) -> str:
    """:raises InvalidReference: for a format that is not one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise InvalidReference(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return fmt


def source_reference(citation: FootnoteCitation) -> str | None:
    """The GOST reference of a footnote's source, with repaired URLs (``None`` without text)."""
    if citation.parsed is None:
        return None
    urls = [s.url for s in citation.footnote.sources] or citation.parsed.urls
    return gost_reference(citation.parsed, urls)


def citation_dict(citation: FootnoteCitation) -> dict[str, Any]:
    """Everything known about one footnote, JSON-ready."""
    note = citation.footnote
    return {
        "key": citation.key,
        "book": note.book,
        "book_label": citation.meta.label,
        "number": note.number,
        "text": note.text,
        "missing_definition": citation.missing_definition,
        "year": citation.year,
        "fields": citation.parsed.as_dict() if citation.parsed else None,
        "sources": [
            {
                **asdict(s),
                "wayback": wayback_url(s, citation.year),
                "archived": _archived_dict(citation.archived.get(s.normalized)),
            }
            for s in note.sources
        ],
        "bibliography": citation.bibliography.as_dict() if citation.bibliography else None,
        "reference": source_reference(citation),
        "passages": [passage_dict(citation.meta, p) for p in citation.passages],
    }


def _archived_dict(page: ArchivedPage | None) -> dict[str, Any] | None:
    if page is None:
        return None
    return {"title": page.title, "published": page.published, "url": page.url,
            "archived_url": page.archived_url, "lead": page.lead}


def passage_dict(meta: BookMeta, passage: CitedPassage) -> dict[str, Any]:
    """The JSON form of a passage, with its reference as text and in GOST."""
    data = passage.as_dict()
    del data["text"]  # the excerpt is what the note supports; the full text is in the corpus
    data["locator"] = passage.locator
    data["book_label"] = meta.label
    data["reference"] = passage_text_reference(meta, passage)
    data["gost"] = passage_reference(meta, passage)
    return data


def _fields_line(citation: FootnoteCitation) -> str:
    parsed = citation.parsed
    assert parsed is not None
    shown = [
        ("authors", "; ".join(parsed.authors)),
        ("title", parsed.title),
        ("in", parsed.container),
        ("medium", parsed.medium),
        ("publisher", " : ".join(x for x in (parsed.place, parsed.publisher) if x)),
        ("year", citation.year),
        ("pages", parsed.pages),
        ("accessed", parsed.access_date),
    ]
    line = "; ".join(f"{k}: {v}" for k, v in shown if v)
    if parsed.partial:
        line += f"  [partial: {', '.join(parsed.problems)}]"
    return line


def citation_text(citation: FootnoteCitation) -> str:
    """The readable block for one footnote."""
    note = citation.footnote
    lines = [f"{citation.key} — {citation.meta.title}"]
    if citation.parsed is None:
        lines.append("  Note: its definition is missing from the source")
    else:
        lines.append(f"  Note as printed: {' '.join((note.text or '').split())}")
        lines.append(f"  Fields: {_fields_line(citation)}")
    for source in note.sources:
        extra = f", BelTA article {source.belta_id}" if source.belta_id else ""
        repaired = ", repaired" if source.repaired else ""
        repaired += ", printed in part" if source.partial else ""
        lines.append(f"  Source: {source.url}  ({source.domain or 'no host'}{extra}{repaired})")
        lines.append(f"    archived copies: {wayback_url(source, citation.year)}")
        page = citation.archived.get(source.normalized)
        if page is not None:
            published = f", published {page.published}" if page.published else ""
            lines.append(f"    saved copy: « {page.title} »{published}")
    if citation.bibliography:
        match = citation.bibliography
        how = {"belta_id": "BelTA id", "url": "URL", "title": f"title, {match.score:.2f}"}
        lines.append(f"  Bibliography: entry {match.entry} (matched by {how[match.method]}): "
                     f"{' '.join(match.text.split())}")
    for passage in citation.passages:
        lines.append(f"  Passage {passage.paragraph}{_where(passage)}:")
        lines.append(f"    {passage.excerpt}")
    if not citation.passages:
        lines.append("  Passage: no marker of this note was found in the text")
    reference = source_reference(citation)
    if reference:
        lines.append(f"  Cite the source (GOST): {reference}")
    for passage in citation.passages:
        lines.append(f"  Cite the passage: {passage_text_reference(citation.meta, passage)}")
    return "\n".join(lines)


def _where(passage: CitedPassage) -> str:
    parts = []
    if passage.chapter:
        title = f" « {passage.chapter_title} »" if passage.chapter_title else ""
        parts.append(f"chap. {passage.chapter}{title}")
    if passage.page is not None:
        parts.append(f"p. {passage.page}")
    return f" ({', '.join(parts)})" if parts else ""


def render_citations(citations: list[FootnoteCitation], fmt: str = "text") -> str:
    """Render footnote citations in one format.

    Footnotes whose definition is missing have no reference: ``text`` and ``json`` say so and
    show their passages; the other formats leave them out.
    """
    check_format(fmt)
    if fmt == "text":
        return "\n\n".join(citation_text(c) for c in citations)
    if fmt == "json":
        return json.dumps([citation_dict(c) for c in citations], ensure_ascii=False, indent=2)
    if fmt == "gost":
        refs = (source_reference(c) for c in citations)
        return "\n".join(r for r in refs if r)
    records: list[Record] = [r for c in citations if (r := record_of_citation(c)) is not None]
    return _MACHINE[fmt](records)


def render_footnote(book: Book, footnote: Footnote, fmt: str = "text") -> str:
    """One footnote of ``book`` in format ``fmt`` (one of :data:`FORMATS`).

    :raises InvalidReference: for an unknown format.
    """
    return render_citations([make_citation(book, footnote)], fmt)


def render_passage_of(meta: BookMeta, passage: CitedPassage, fmt: str = "text") -> str:
    """A reference to the passage itself (book, chapter, printed page, paragraph id)."""
    check_format(fmt)
    if fmt == "text":
        return passage_text_reference(meta, passage)
    if fmt == "gost":
        return passage_reference(meta, passage)
    if fmt == "json":
        return json.dumps(passage_dict(meta, passage), ensure_ascii=False, indent=2)
    return _MACHINE[fmt]([record_of_passage(meta, passage)])


def render_passage(book: Book, paragraph: Paragraph, fmt: str = "text") -> str:
    """A reference to ``paragraph`` of ``book``: book, chapter, printed page, paragraph id.

    :raises InvalidReference: for an unknown format.
    """
    return render_passage_of(book.meta, passage_of(book, paragraph), fmt)


def resolution_dict(resolution: Resolution) -> dict[str, Any]:
    """A :class:`Resolution` (footnote, paragraph, source or search hit), JSON-ready."""
    passage = resolution.passage
    return {
        "ref": resolution.ref,
        "kind": resolution.kind,
        "passage": passage_dict(resolution_meta(resolution), passage) if passage else None,
        "citations": [citation_dict(c) for c in resolution.citations],
    }


def resolution_meta(resolution: Resolution) -> BookMeta:
    """The book of a paragraph resolution (which always carries it)."""
    assert resolution.meta is not None, "a passage resolution carries its book's meta"
    return resolution.meta


def resolution_text(resolution: Resolution) -> str:
    """The readable block for a resolution: the passage (if any), then each footnote."""
    blocks = []
    passage = resolution.passage
    if passage is not None:
        meta = resolution_meta(resolution)
        notes = ", ".join(f"[{c.footnote.number}]" for c in resolution.citations) or "none"
        blocks.append(
            f"Passage {passage.paragraph}{_where(passage)} — footnotes: {notes}\n"
            f"  {passage.excerpt}\n"
            f"  Cite the passage: {passage_text_reference(meta, passage)}"
        )
    blocks += [citation_text(c) for c in resolution.citations]
    return "\n\n".join(blocks)


def render_resolutions(resolutions: list[Resolution], fmt: str = "text") -> str:
    """Render the answers of ``cite``: one resolution (a reference) or several (a search).

    ``json`` is one object per resolution (a list when several); the reference formats list each
    footnote once, in order.
    """
    check_format(fmt)
    if fmt == "text":
        return "\n\n".join(resolution_text(r) for r in resolutions)
    if fmt == "json":
        data: Any = [resolution_dict(r) for r in resolutions]
        return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
    seen: dict[str, FootnoteCitation] = {}
    for resolution in resolutions:
        for citation in resolution.citations:
            seen.setdefault(citation.key, citation)
    return render_citations(list(seen.values()), fmt)
