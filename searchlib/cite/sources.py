"""The distinct sources the books cite, with counts, and their archived copies.

A source's identity is its BelTA article id when it has one (every slug of one article is one
source), else its normalised URL. :func:`list_sources` counts how often and where each is cited,
per domain and per year; :func:`wayback_url` builds the Wayback Machine link for the year cited,
without any network access, because news links rot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from ..ingest.bibliography import Reconciliation, summarize
from ..model import Book, Source
from .passages import Books, books_by_id

WAYBACK = "https://web.archive.org/web"


def wayback_url(source: Source, year: int | None = None) -> str:
    """The Wayback Machine's listing of archived copies of ``source`` for the year cited.

    :param year: the year to look in; defaults to the source's year (resolved at ingest).
    :returns: ``https://web.archive.org/web/<year>*/<url>``, or ``…/web/*/<url>`` with no year.
    """
    url = source.url if "://" in source.url else source.normalized
    year = year if year is not None else source.year
    return f"{WAYBACK}/{year if year is not None else ''}*/{url}"


def source_key(source: Source) -> str:
    """The identity of a source: ``belta:<id>`` for a BelTA article, else its normalised URL."""
    return f"belta:{source.belta_id}" if source.belta_id is not None else source.normalized


@dataclass
class SourceSummary:
    """One distinct source and where it is cited.

    :ivar key: its identity (:func:`source_key`); ``source`` the first spelling met.
    :ivar variants: every distinct URL printed for it.
    :ivar citations: the footnotes citing it (``b1:32``), in book order.
    :ivar wayback: the archived-copy link for the year cited.
    """

    key: str
    source: Source
    year: int | None
    variants: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    wayback: str = ""

    @property
    def count(self) -> int:
        return len(self.citations)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["count"] = self.count
        return data


@dataclass
class SourceListing:
    """Every distinct source (most cited first) and the counts per domain and per year.

    ``per_domain`` and ``per_year`` map to ``{"sources": n, "citations": m}``; a source
    without a known year counts under ``"unknown"``.
    """

    sources: list[SourceSummary]
    per_domain: dict[str, dict[str, int]]
    per_year: dict[str, dict[str, int]]
    domain: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "sources": [s.as_dict() for s in self.sources],
            "per_domain": self.per_domain,
            "per_year": self.per_year,
        }


def _domain_matches(domain: str, wanted: str) -> bool:
    return domain == wanted or domain.endswith("." + wanted)


def _counts(summaries: list[SourceSummary], label: Any) -> dict[str, dict[str, int]]:
    sources: Counter[str] = Counter()
    citations: Counter[str] = Counter()
    for summary in summaries:
        sources[label(summary)] += 1
        citations[label(summary)] += summary.count
    return {k: {"sources": sources[k], "citations": citations[k]} for k in sorted(sources)}


def list_sources(books: Books, domain: str | None = None) -> SourceListing:
    """Every distinct source cited in the footnotes of ``books``.

    :param domain: keep only sources on this host or its subdomains (``belta.by``; ``www.``
        and case do not matter).
    """
    wanted = domain.strip().lower().removeprefix("www.") if domain else None
    summaries: dict[str, SourceSummary] = {}
    for book in books_by_id(books).values():
        for note in book.footnotes:
            for source in note.sources:
                if wanted and not _domain_matches(source.domain, wanted):
                    continue
                key = source_key(source)
                summary = summaries.get(key)
                if summary is None:
                    # The year resolved at ingest (the one rule), as cite and the index give it.
                    summary = summaries[key] = SourceSummary(key, source, source.year)
                    summary.wayback = wayback_url(source, source.year)
                if source.url not in summary.variants:
                    summary.variants.append(source.url)
                if note.key not in summary.citations:
                    summary.citations.append(note.key)
    ordered = sorted(summaries.values(), key=lambda s: (-s.count, s.source.domain, s.key))
    return SourceListing(
        sources=ordered,
        per_domain=_counts(ordered, lambda s: s.source.domain),
        per_year=_counts(ordered, lambda s: str(s.year) if s.year is not None else "unknown"),
        domain=wanted,
    )


def bibliography_summary(book: Book) -> Reconciliation:
    """What only one of the book's two lists holds, read from its footnotes' records (the
    matching itself ran once, at ingest): entries no footnote matched, footnotes matching none.

    For a book without a bibliography, ``has_bibliography`` is ``False``.
    """
    if not book.bibliography:
        return Reconciliation(book=book.id, has_bibliography=False)
    matches = {n.number: n.bibliography for n in book.footnotes if n.bibliography is not None}
    return summarize(book, matches)
