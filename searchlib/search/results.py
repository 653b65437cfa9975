"""What a search returns: ranked hits, counts, facets and messages, as plain dataclasses.

A page makes some ten hits, their footnotes and up to a hundred facet values: those are
dataclasses with slots, whose creation costs a fifth less than with an attribute dict.

:meth:`SearchResults.to_json` is the stable ``--json`` contract shared by the CLI and the web app;
fields beyond it (``page``, ``message``, ``parsed``) are extras a caller may show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class FootnoteRef:
    """A footnote a hit carries: its number in its book, its text and the URLs it cites."""

    book: str
    number: int
    text: str | None
    urls: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"book": self.book, "number": self.number, "text": self.text, "urls": self.urls}


@dataclass(slots=True)
class Hit:
    """One ranked passage. ``snippet`` is HTML: escaped text with ``<mark>`` around matches."""

    id: str
    book: str
    chapter: int | None
    page: int | None
    text: str
    snippet: str
    score: float
    footnotes: list[FootnoteRef] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "book": self.book,
            "chapter": self.chapter,
            "page": self.page,
            "text": self.text,
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "footnotes": [f.to_json() for f in self.footnotes],
        }


@dataclass(slots=True)
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResults:
    """One page of ranked passages for a query, with the total and the facets of all matches."""

    query: str
    total: int = 0
    page: int = 1
    page_len: int = 10
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    message: str | None = None
    parsed: str = ""
    #: The alternatives the query used (variants, lemmas, cities, acronyms), each with why:
    #: dicts of ``word``, ``kind``, ``form``, ``why`` (and ``books`` when limited to some).
    expansions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """How many pages the total makes."""
        return max(1, -(-self.total // self.page_len))

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` contract: query, total, hits, facets, suggestion (plus page/message)."""
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                name: [{"value": v.value, "count": v.count} for v in values]
                for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "page": self.page,
            "page_len": self.page_len,
            "message": self.message,
            "parsed": self.parsed,
            "expansions": self.expansions,
        }
