"""Highlighted snippets cut from the character offsets stored in the postings.

Stock Whoosh highlighting re-analyses each hit's whole stored text, which is most of the time of a
search. Here the ``text`` and ``variants`` fields store each token's start and end character, so a
snippet only looks up the occurrences of the query's terms in the hits shown (each term's
postings decoded once per open index, :meth:`.postings.IndexArrays.occurrences`) and slices the
stored text: the reader sees their words as printed (never stems), HTML-escaped.

A phrase is highlighted only where all its words occur at their relative positions, as one span;
its words elsewhere (every ``de``) are not.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q
from whoosh.reading import IndexReader

from .expand import GappedPhrase
from .postings import POS_BITS, Occurrences, index_arrays

#: Fields whose postings carry character offsets into the stored paragraph text.
HIGHLIGHT_FIELDS = ("text", "variants")

#: Text shown before the first match of a fragment, in characters.
LEAD = 60

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


@dataclass
class Highlighter:
    """The terms and phrases of a query that snippets highlight."""

    terms: set[tuple[str, bytes]] = field(default_factory=set)
    phrases: list[tuple[str, list[bytes], list[int]]] = field(default_factory=list)

    @classmethod
    def from_query(cls, q: Q.Query | None, reader: IndexReader) -> Highlighter:
        """Collect the positive leaves of ``q`` (prefixes and fuzzy terms expanded)."""
        h = cls()
        if q is not None:
            h._collect(q, reader)
        return h

    def _collect(self, q: Q.Query, reader: IndexReader) -> None:
        if isinstance(q, Q.Not | Q.ConstantScoreQuery):
            return
        if isinstance(q, Q.AndNot):
            self._collect(q.a, reader)
            return
        if isinstance(q, GappedPhrase):
            if q.fieldname in HIGHLIGHT_FIELDS:
                field_obj = reader.schema[q.fieldname]
                words = [field_obj.to_bytes(w) for w in q.words]
                self.phrases.append((q.fieldname, words, q.offsets))
            return
        if isinstance(q, Q.Term):
            # No lookup here: a term absent from the index has no occurrences to highlight.
            if q.fieldname in HIGHLIGHT_FIELDS:
                self.terms.add((q.fieldname, reader.schema[q.fieldname].to_bytes(q.text)))
            return
        if q.is_leaf():
            for fieldname, text in q.existing_terms(reader, phrases=True, expand=True):
                if fieldname in HIGHLIGHT_FIELDS:
                    self.terms.add((fieldname, text))
            return
        for child in q.children():
            self._collect(child, reader)

    def spans(
        self, reader: IndexReader, docnums: Iterable[int]
    ) -> dict[int, list[tuple[int, int]]]:
        """The character spans to highlight in each of ``docnums`` (merged, in order)."""
        wanted = sorted(set(docnums))
        found: dict[int, list[tuple[int, int]]] = {d: [] for d in wanted}
        arrays = index_arrays(reader)
        for fieldname, text in self.terms:
            occ = arrays.occurrences(reader, fieldname, text)
            for docnum, chars in _chars(occ, wanted):
                found[docnum].extend((s, e) for _, s, e in chars)
        for fieldname, words, offsets in self.phrases:
            occs = [arrays.occurrences(reader, fieldname, w) for w in words]
            per_word = [dict(_chars(o, wanted)) for o in occs]
            for docnum in set.intersection(*(set(p) for p in per_word)) if per_word else ():
                found[docnum].extend(_phrase_spans([p[docnum] for p in per_word], offsets))
        return {d: _merge(s) for d, s in found.items()}


def _chars(
    occ: Occurrences, docnums: list[int]
) -> Iterable[tuple[int, list[tuple[int, int, int]]]]:
    """(docnum, [(pos, start, end)]) of one term in each of ``docnums`` (ascending) it occurs in."""
    if not docnums or not len(occ.keys) or occ.starts is None or occ.ends is None:
        return
    # One binary search for the bounds of every document's occurrences.
    n = len(docnums)
    bounds = np.searchsorted(
        occ.keys, [d << POS_BITS for d in docnums] + [(d + 1) << POS_BITS for d in docnums]
    ).tolist()
    mask = (1 << POS_BITS) - 1
    for i, docnum in enumerate(docnums):
        lo, hi = bounds[i], bounds[n + i]
        if lo < hi:
            keys = (occ.keys[lo:hi] & mask).tolist()
            yield docnum, list(zip(keys, occ.starts[lo:hi].tolist(), occ.ends[lo:hi].tolist(),
                                   strict=True))


def _phrase_spans(
    occurrences: list[list[tuple[int, int, int]]], offsets: list[int]
) -> list[tuple[int, int]]:
    """One span per place where every word sits at its offset from the first."""
    by_pos = [{pos: (s, e) for pos, s, e in occ} for occ in occurrences]
    spans = []
    for pos, start, _ in occurrences[0]:
        ends = [by_pos[i].get(pos + off) for i, off in enumerate(offsets)]
        if all(ends):
            spans.append((start, ends[-1][1]))  # type: ignore[index]
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _word_start(text: str, i: int) -> int:
    """``i`` moved back to the start of the word it falls in."""
    while 0 < i < len(text) and not text[i - 1].isspace():
        i -= 1
    return max(0, i)


def _word_end(text: str, i: int) -> int:
    while 0 < i < len(text) and not text[i].isspace():
        i += 1
    return min(len(text), i)


def _windows(
    text: str, spans: list[tuple[int, int]], size: int, count: int
) -> list[tuple[int, int]]:
    """Up to ``count`` windows of about ``size`` characters covering the most spans."""
    if not spans:
        return [(0, _word_end(text, min(len(text), size)))]
    if len(text) <= size * count:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    remaining = list(spans)
    while remaining and len(windows) < count:
        # Start each candidate window a little before a span; keep the one holding most spans.
        best = max(
            remaining,
            key=lambda sp: sum(1 for s, e in remaining if s >= sp[0] and e <= sp[0] + size - LEAD),
        )
        start = _word_start(text, max(0, best[0] - LEAD))
        end = _word_end(text, min(len(text), start + size))
        windows.append((start, end))
        remaining = [sp for sp in remaining if not (sp[0] >= start and sp[1] <= end)]
    return _merge(windows)


def _escape(text: str) -> str:
    # Element content only: <, > and & are escaped; quotes stay readable (l'usine).
    return html.escape(text, quote=False)


def render_snippet(
    text: str, spans: list[tuple[int, int]], *, size: int = 240, fragments: int = 2
) -> str:
    """HTML: the best fragments of ``text`` with ``<mark>`` around ``spans``, the rest escaped."""
    parts: list[str] = []
    windows = _windows(text, spans, size, fragments)
    for n, (start, end) in enumerate(windows):
        if start > 0:
            parts.append("… " if n == 0 else " … ")
        pos = start
        for s, e in spans:
            if e <= start or s >= end:
                continue
            s, e = max(s, start), min(e, end)
            parts.append(_escape(text[pos:s]))
            parts.append(MARK_OPEN + _escape(text[s:e]) + MARK_CLOSE)
            pos = e
        parts.append(_escape(text[pos:end]))
    if windows and windows[-1][1] < len(text):
        parts.append(" …")
    return "".join(parts).strip()
