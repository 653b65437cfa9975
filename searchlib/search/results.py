"""What a search returns: ranked hits, counts, facets and messages, as plain value classes.

A page makes some ten hits and up to a hundred facet values: those have slots, whose creation
costs a fifth less than with an attribute dict. A hit's footnotes are the display records' own
(:class:`~searchlib.index.display.FootnoteRef`, named tuples the decoder made): converting each
into a class of its own cost a hit as much as the rest of its making. The others are plain
classes that compare and print as dataclasses (:class:`.value_objects.ValueObject`): as
dataclasses, they cost a new process 3.6 ms to create.

:meth:`SearchResults.to_json` is the stable ``--json`` contract shared by the CLI and the web app;
fields beyond it (``page``, ``message``, ``parsed``) are extras a caller may show.
"""

from __future__ import annotations

from ..index.display import FootnoteRef
from ..value_objects import ValueObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FacetValue", "FootnoteRef", "Hit", "SearchResults"]


class Hit(ValueObject):
    """One ranked passage. ``snippet`` is HTML: escaped text with ``<mark>`` around matches."""

    __slots__ = _fields = ("id", "book", "chapter", "page", "text", "snippet", "score",
                           "footnotes")

    def __init__(self, id: str, book: str, chapter: int | None, page: int | None, text: str,
                 snippet: str, score: float, footnotes: list[FootnoteRef] | None = None) -> None:
        self.id = id
        self.book = book
        self.chapter = chapter
        self.page = page
        self.text = text
        self.snippet = snippet
        self.score = score
        self.footnotes = [] if footnotes is None else footnotes

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


class FacetValue(ValueObject):
    __slots__ = _fields = ("value", "count")

    def __init__(self, value: str, count: int) -> None:
        self.value = value
        self.count = count


class SearchResults(ValueObject):
    """One page of ranked passages for a query, with the total and the facets of all matches."""

    _fields = ("query", "total", "page", "page_len", "hits", "facets", "suggestion", "message",
               "parsed", "expansions", "corrected")

    def __init__(self, query: str, total: int = 0, page: int = 1, page_len: int = 10,
                 hits: list[Hit] | None = None,
                 facets: dict[str, list[FacetValue]] | None = None,
                 suggestion: str | None = None, message: str | None = None, parsed: str = "",
                 expansions: list[dict[str, Any]] | None = None) -> None:
        self.query = query
        self.total = total
        self.page = page
        self.page_len = page_len
        self.hits = [] if hits is None else hits
        self.facets = {} if facets is None else facets
        self.suggestion = suggestion
        self.message = message
        self.parsed = parsed
        #: The alternatives the query used (variants, lemmas, cities, acronyms), each with why:
        #: dicts of ``word``, ``kind``, ``form``, ``why`` (and ``books`` when limited to some).
        self.expansions = [] if expansions is None else expansions
        #: The query searched instead of the one typed, which found nothing for a typo
        #: (:func:`.suggest.correction`); ``None`` when the query typed was searched.
        self.corrected: str | None = None

    @property
    def pages(self) -> int:
        """How many pages the total makes."""
        return max(1, -(-self.total // self.page_len))

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` contract: query, total, hits, facets, suggestion (plus page/message, and
        the corrected query searched instead)."""
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
            "corrected": self.corrected,
        }
