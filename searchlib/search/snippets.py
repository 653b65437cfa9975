"""Highlighted snippets cut from the character offsets stored in the postings.

Stock Whoosh highlighting re-analyses each hit's whole stored text, which is most of the time of a
search. Here the ``text`` and ``variants`` fields store each token's start and end character, so a
snippet only looks up the occurrences of the query's terms in the hits shown that hold them
(:mod:`.snippet_spans`: a page's few hits one by one from the posting arrays, an export's with
array operations) and slices the stored text: the reader sees their words as printed (never
stems), HTML-escaped.

A phrase is highlighted only where all its words occur at their relative positions, as one span;
its words elsewhere (every ``de``) are not.

A word found through its family (the ``spell`` field, which has no offsets: ``travaux`` finds
``travail``) is highlighted where the paragraph prints exactly that word: the occurrences of its
stem in ``text`` whose printed form is the family's word (not another word of the same stem).

The spans found, :mod:`.snippet_html` cuts the windows shown and renders them.

A rendered snippet depends only on the passage (its text and its terms' occurrences, fixed for an
index generation), the terms highlighted and the sizes: :func:`cut_snippets` keeps the rendered
ones, by terms and sizes, in a bounded :class:`SnippetCache` on the generation's
:class:`.postings.IndexArrays`, so a query run again (a page reloaded, the next page of the same
terms) cuts only the passages it has not shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from whoosh import query as Q
from whoosh.reading import IndexReader

from ..analysis import french_analyzer
from ..index.bounded import BoundedCache
from ..value_objects import ValueObject
from .nodes import GappedPhrase, PhraseKey, phrase_key
from .postings import index_arrays
from .snippet_html import MARK_CLOSE, MARK_OPEN, merge_spans, render_snippet
from .snippet_spans import find_spans

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FAMILY_FIELD", "HIGHLIGHT_FIELDS", "MARK_CLOSE", "MARK_OPEN", "Highlighter",
           "SnippetCache", "cut_snippets", "render_snippet", "snippet_cache"]

#: Fields whose postings carry character offsets into the stored paragraph text.
HIGHLIGHT_FIELDS = ("text", "variants")
#: The field of the printed words a word family matches (no offsets: highlighted through ``text``).
FAMILY_FIELD = "spell"

#: The commonest nodes, tested by their exact type (a name here, not an attribute of ``Q``, is
#: read a few times per node).
_TERM, _OR, _AND = Q.Term, Q.Or, Q.And
#: Nodes whose words are never highlighted (a tuple: ``A | B`` made a union at each test).
_SKIPPED = (Q.Not, Q.ConstantScoreQuery)

#: Rendered snippets kept per index generation (least recently used dropped first): a few MB.
SNIPPETS_KEPT = 4096


class Highlighter(ValueObject):
    """The terms and phrases of a query that snippets highlight (compared by all but ``within``;
    a plain class: as a dataclass, it cost a new process 0.8 ms to create)."""

    _fields = ("terms", "phrases", "family")

    def __init__(self, terms: set[tuple[str, bytes]] | None = None,
                 phrases: list[tuple[str, list[bytes], list[int]]] | None = None,
                 family: set[tuple[bytes, str]] | None = None,
                 within: dict[int, Any] | None = None) -> None:
        self.terms = set() if terms is None else terms
        self.phrases = [] if phrases is None else phrases
        #: Printed words of a family: (the ``text`` term of the word, the word in lower case).
        self.family = set() if family is None else family
        #: The documents where a phrase (by its index in ``phrases``) can be highlighted, when
        #: the search knows them (others: those holding all its words).
        self.within = {} if within is None else within

    @classmethod
    def from_query(cls, q: Q.Query | None, reader: IndexReader,
                   matched: Mapping[PhraseKey, Any] | None = None,
                   ) -> Highlighter:
        """Collect the positive leaves of ``q`` (prefixes and fuzzy terms expanded).

        :param matched: the documents each phrase of ``q`` matched, by (field, words, slop), as
            the search found them (:attr:`.engine.Engine.phrases`): a phrase whose words sit at
            their offsets is within its slop, so it is looked for there only.
        """
        h = cls()
        if q is not None:
            h._collect(q, reader, matched or {})
        return h

    def key(self) -> tuple[Any, ...]:
        """What the snippets of these terms depend on besides the passage (hashable)."""
        # Frozen sets (the order of the phrases changes no span): each keeps its hash, and a
        # page's keys are hashed some fifty times in the snippet cache.
        return (frozenset(self.terms), frozenset(self.family),
                frozenset([(f, tuple(words), tuple(offsets))
                           for f, words, offsets in self.phrases]))

    def _collect(self, q: Q.Query, reader: IndexReader,
                 matched: Mapping[PhraseKey, Any]) -> None:
        # Walked from a list of the nodes still to see, in the order of the query, not by a call
        # per node: a query's tree has some twenty nodes, and each call cost more than its test.
        terms = self.terms
        todo = [q]
        while todo:
            q = todo.pop()
            kind = type(q)
            if kind is _TERM:  # the commonest node first: a plain word's term
                # No lookup here: a term absent from the index has no occurrences to highlight.
                fieldname = q.fieldname
                if fieldname in HIGHLIGHT_FIELDS:
                    terms.add((fieldname, _term_bytes(reader, fieldname, q.text)))
                elif fieldname == FAMILY_FIELD and "text" in reader.schema:
                    # Its ``text`` term as the expander found it in the families' stems, else
                    # analysed (:func:`.finders.family_text_term`).
                    self._family_word(str(q.text), q.__dict__.get("text_term"))
            elif kind is _OR or kind is _AND:  # then the plain ORs and ANDs holding them
                todo += reversed(q.subqueries)
            elif isinstance(q, _SKIPPED):
                continue
            elif isinstance(q, Q.AndNot):
                todo.append(q.a)
            elif isinstance(q, GappedPhrase):
                if q.fieldname in HIGHLIGHT_FIELDS:
                    words = [_term_bytes(reader, q.fieldname, w) for w in q.words]
                    docs = matched.get(phrase_key(q))
                    if docs is not None:
                        self.within[len(self.phrases)] = docs
                    self.phrases.append((q.fieldname, words, q.offsets))
            elif isinstance(q, Q.Term):
                if q.fieldname in HIGHLIGHT_FIELDS:
                    terms.add((q.fieldname, _term_bytes(reader, q.fieldname, q.text)))
            elif q.is_leaf():
                for fieldname, text in q.existing_terms(reader, phrases=True, expand=True):
                    if fieldname in HIGHLIGHT_FIELDS:
                        terms.add((fieldname, text))
            else:
                todo += reversed(list(q.children()))

    def _family_word(self, word: str, term: bytes | None = None) -> None:
        if term is None:
            term = _text_term(word)
        if term is not None:
            self.family.add((term, word.lower()))

    def spans(
        self, reader: IndexReader, docnums: Iterable[int],
        texts: Mapping[int, str] | None = None,
    ) -> dict[int, list[tuple[int, int]]]:
        """The character spans to highlight in each of ``docnums`` (merged, in order).

        :param texts: the paragraph text of each document, to tell a family's word from the
            other words of its stem (without it, every word of the stem is highlighted).
        """
        wanted = sorted(set(docnums))
        if not wanted:
            return {}
        found = find_spans(reader, index_arrays(reader), wanted, self.terms, self.family,
                           self.phrases, self.within, texts)
        merged = {}
        for d, s in found.items():
            if len(s) > 2:
                # The pairs read off one iterator: no two slices of every start and end.
                pairs = iter(s)
                merged[d] = merge_spans(zip(pairs, pairs, strict=True))
            else:
                merged[d] = [(s[0], s[1])] if s else []
        return merged


class SnippetCache(BoundedCache):
    """Rendered snippets of one index generation: per (terms highlighted, sizes), the snippet
    of each passage cut for them ({docnum: snippet}); at most ``maxsize`` snippets in all, the
    terms least recently used dropped first.

    Kept by terms, not by passage: a page's snippets are found, and kept, in one look-up each
    (ten keys hashed, looked up and kept one by one cost a query met for the first time some
    15 µs). Kept on the generation's :class:`.postings.IndexArrays`: a new generation starts
    empty. Thread-safe (the web app's request threads share a generation): a kept mapping is
    never changed, a new one replaces it.
    """

    def __init__(self, maxsize: int = SNIPPETS_KEPT) -> None:
        super().__init__(maxsize, weight=len, replace=True)


def snippet_cache(reader: IndexReader) -> SnippetCache:
    """The :class:`SnippetCache` of the generation ``reader`` reads."""
    return index_arrays(reader).derived("snippets", SnippetCache)  # type: ignore[no-any-return]


def cut_snippets(highlighter: Highlighter, reader: IndexReader, texts: Mapping[int, str], *,
             size: int = 240, fragments: int = 2) -> dict[int, str]:
    """The snippet of each document of ``texts`` (docnum: its paragraph text), rendered once
    per generation, terms and sizes; the others' spans are looked up together."""
    cache = snippet_cache(reader)
    key = (highlighter.key(), size, fragments)
    kept = cache.get(key) or {}
    missing = [docnum for docnum in texts if docnum not in kept]
    if missing:
        spans = highlighter.spans(reader, missing, texts)
        kept = {**kept, **{docnum: render_snippet(texts[docnum], spans[docnum], size=size,
                                                  fragments=fragments, merged=True)
                           for docnum in missing}}
        cache.put(key, kept)
    return {docnum: kept[docnum] for docnum in texts}


def _term_bytes(reader: IndexReader, fieldname: str, text: Any) -> bytes:
    """A word of ``fieldname`` (a text field) as its postings spell it: a word's UTF-8 (what the
    field's ``to_bytes`` gives, without its tests, a few per query's term), else the field's."""
    if isinstance(text, str):
        return text.encode("utf-8")
    return reader.schema[fieldname].to_bytes(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def _text_term(word: str) -> bytes | None:
    """The ``text`` term of one printed word (the French chain's), memoised: the same few
    family words come back query after query, and analysing one costs about 20 µs."""
    terms = [t.text for t in _french()(word, mode="query")]
    return terms[0].encode("utf-8") if len(terms) == 1 else None


@lru_cache(maxsize=1)
def _french() -> Any:
    return french_analyzer()


def prepare_highlighting() -> None:
    """Build the analyzer family words are highlighted with now (0.1 ms), as opening a searcher
    ready to answer does (:mod:`.ready`), not in the first query that has a family word."""
    _french()
