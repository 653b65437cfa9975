"""Footnote citations: look up, reverse-look-up and export in scholarly formats.

Works on the ingested corpus only (:mod:`searchlib.model` objects), whose footnotes ingest has
already resolved (:mod:`searchlib.ingest.records`: parsed fields, year, bibliography entry):
nothing here re-reads a book, re-parses a note or reconciles a bibliography.

- :mod:`.lookup`: :func:`resolve` (``b1:32``, ``b1.c03.p012``), :func:`find_citing` (by URL or
  BelTA id), returning :class:`FootnoteCitation` records;
- :mod:`.passages`: :class:`CitedPassage`, a paragraph as a citable passage;
- :mod:`.sources`: :func:`list_sources` (:class:`SourceListing`), :func:`wayback_url`,
  :func:`bibliography_summary`;
- :mod:`.render` / :mod:`.gost` / :mod:`.machine`: rendering (text, GOST, JSON) and the machine
  formats of reference managers (CSL-JSON, BibTeX, RIS).

``ParsedCitation``, ``BibMatch`` and ``Reconciliation`` (the types of a record's parts) are
re-exported from where they live (:mod:`searchlib.model`, :mod:`searchlib.ingest.bibliography`);
parsing and reconciling are ingest's (:mod:`searchlib.ingest.citation`,
:mod:`searchlib.ingest.bibliography`).

Used by the CLI (``searchlib cite``, ``searchlib sources``) and the web app.
"""

from __future__ import annotations

from ..ingest.bibliography import Reconciliation
from ..model import BibMatch, ParsedCitation
from .lookup import (
    FootnoteCitation,
    Resolution,
    find_citing,
    make_citation,
    paragraph_citations,
    resolve,
    search_citations,
)
from .passages import CitedPassage
from .render import (
    FORMATS,
    citation_dict,
    render_citations,
    render_footnote,
    render_passage,
    render_passage_of,
    source_reference,
)
from .sources import SourceListing, SourceSummary, bibliography_summary, list_sources, wayback_url

__all__ = [
    "FORMATS",
    "BibMatch",
    "CitedPassage",
    "FootnoteCitation",
    "ParsedCitation",
    "Reconciliation",
    "Resolution",
    "SourceListing",
    "SourceSummary",
    "bibliography_summary",
    "citation_dict",
    "find_citing",
    "list_sources",
    "make_citation",
    "paragraph_citations",
    "render_citations",
    "render_footnote",
    "render_passage",
    "render_passage_of",
    "resolve",
    "search_citations",
    "source_reference",
    "wayback_url",
]
