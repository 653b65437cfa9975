"""Footnote citations: parse, look up, reverse-look-up, reconcile and export in scholarly formats.

Works on the ingested corpus only (:mod:`searchlib.model` objects); nothing re-reads a book.

- :mod:`.parse`: footnote text → :class:`ParsedCitation` (raw text kept, ``partial`` flag);
- :mod:`.lookup`: :func:`resolve` (``b1:32``, ``b1.c03.p012``), :func:`find_citing` (by URL or
  BelTA id), returning :class:`FootnoteCitation` records;
- :mod:`.sources`: :func:`list_sources` (:class:`SourceListing`), :func:`wayback_url`;
- :mod:`.bibliography`: :func:`reconcile` a book's ``Littérature`` with its footnotes;
- :mod:`.formats` / :mod:`.gost` / :mod:`.export`: text, GOST, CSL-JSON, BibTeX, RIS, JSON.

Used by the CLI (``searchlib cite``, ``searchlib sources``) and the web app.
"""

from __future__ import annotations

from .bibliography import BibMatch, Reconciliation, reconcile
from .formats import (
    FORMATS,
    citation_dict,
    render_citations,
    render_footnote,
    render_passage,
    render_passage_of,
    source_reference,
)
from .lookup import (
    FootnoteCitation,
    Resolution,
    find_citing,
    make_citation,
    resolve,
    search_citations,
)
from .parse import ParsedCitation, parse_footnote
from .passages import Passage
from .sources import SourceListing, SourceSummary, list_sources, wayback_url

__all__ = [
    "FORMATS",
    "BibMatch",
    "FootnoteCitation",
    "ParsedCitation",
    "Passage",
    "Reconciliation",
    "Resolution",
    "SourceListing",
    "SourceSummary",
    "citation_dict",
    "find_citing",
    "list_sources",
    "make_citation",
    "parse_footnote",
    "reconcile",
    "render_citations",
    "render_footnote",
    "render_passage",
    "render_passage_of",
    "resolve",
    "search_citations",
    "source_reference",
    "wayback_url",
]
