"""A snippet's HTML: the best windows of a paragraph, with ``<mark>`` around the spans to
highlight and the rest escaped.

:mod:`.snippets` finds the spans (character offsets of the query's words in the paragraph);
this module only cuts and renders: the windows of about ``size`` characters holding the most
spans, started a little before a span and cut at word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Text shown before the first match of a fragment, in characters.
LEAD = 60

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"

# What ``str.isspace`` calls whitespace is what ``\s`` matches in a ``str`` pattern.
_UP_TO_SPACE = re.compile(r".*\s", re.DOTALL)
_NON_SPACE = re.compile(r"\S*")


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, those that overlap or touch joined into one."""
    # The same span found twice (a name's word and its transliteration key) is joined to itself
    # by the loop below: no set of them first (hashing every pair cost more than the loop).
    ordered = sorted(spans)
    if len(ordered) < 2:  # most passages of a page hold a term once or not at all
        return ordered
    merged: list[tuple[int, int]] = []
    start, end = ordered[0]
    for s, e in ordered:
        if s <= end:
            if e > end:
                end = e
        else:
            merged.append((start, end))
            start, end = s, e
    merged.append((start, end))
    return merged


def _windows(
    text: str, spans: list[tuple[int, int]], size: int, count: int
) -> list[tuple[int, int]]:
    """Up to ``count`` windows of about ``size`` characters covering the most spans: each
    started a little before a span, at the start of its word, and ended at the end of a word."""
    length = len(text)
    if not spans:
        i = min(length, size)
        if 0 < i < length:
            i = _NON_SPACE.match(text, i).end()  # type: ignore[union-attr]
        return [(0, i)]
    if length <= size * count:
        return [(0, length)]
    if count < 1:
        return []
    reach = size - LEAD
    windows: list[tuple[int, int]] = []
    remaining = spans
    while True:
        i = _most_held(remaining, reach) - LEAD
        if i > 0:
            # The text up to its last whitespace before ``i``: one match in C (a loop over the
            # word's characters in Python cost more than the rest of a window's search).
            found = _UP_TO_SPACE.match(text, 0, i)
            start = found.end() if found else 0
        else:
            start = 0
        i = start + size
        if 0 < i < length:
            end = _NON_SPACE.match(text, i).end()  # type: ignore[union-attr]
        else:
            end = min(length, i)
        windows.append((start, end))
        if len(windows) == count:
            break
        remaining = [sp for sp in remaining if sp[0] < start or sp[1] > end]
        if not remaining:
            break
    if len(windows) == 1:
        return windows
    if len(windows) == 2:  # merge_spans of two, without its set, sort and loop
        (a, b), (c, d) = windows
        if c < a or (c == a and d < b):
            a, b, c, d = c, d, a, b
        return [(a, d if d > b else b)] if c <= b else [(a, b), (c, d)]
    return merge_spans(windows)


def _most_held(spans: list[tuple[int, int]], reach: int) -> int:
    """The start of the (first) span from which the most spans end within ``reach``."""
    best = spans[0][0]
    # Commonly the first span holds every span: no other can hold more.
    if spans[-1][1] <= best + reach:
        return best
    # Spans are merged, so their starts and ends both ascend: the spans a candidate holds are
    # it and those after it ending within reach, and where they stop only moves on from one
    # candidate to the next.
    most = -1
    left = len(spans)
    stop = 0
    for j, (s, _) in enumerate(spans):
        if most >= left - j:  # no later candidate can hold more
            break
        if stop < j:
            stop = j
        limit = s + reach
        while stop < left and spans[stop][1] <= limit:
            stop += 1
        if stop - j > most:
            best, most = s, stop - j
    return best


def _escape(text: str) -> str:
    # Element content only: <, > and & are escaped; quotes stay readable (l'usine).
    # html.escape(text, quote=False), without importing html (and its table of entities).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_snippet(
    text: str, spans: list[tuple[int, int]], *, size: int = 240, fragments: int = 2,
    merged: bool = False,
) -> str:
    """HTML: the best fragments of ``text`` with ``<mark>`` around ``spans``, the rest escaped.

    :param merged: ``spans`` are already sorted with overlaps joined (as
        :meth:`Highlighter.spans` gives them): they are not merged again.
    """
    if not merged:
        spans = merge_spans(spans)  # sorted, overlaps joined (what the window search relies on)
    windows = _windows(text, spans, size, fragments)
    # Most paragraphs hold none of the characters to escape: one scan of the text, and then their
    # pieces are taken as they are (a call per piece cost more than the slice).
    escape = "<" in text or ">" in text or "&" in text
    parts: list[str] = []
    lead = "… "
    for start, end in windows:
        if start > 0:
            parts.append(lead)
        lead = " … "
        pos = start
        for s, e in spans:
            if e <= start:
                continue
            if s >= end:  # the spans ascend: none after this one is in the window
                break
            if s < start:
                s = start
            if e > end:
                e = end
            if escape:
                parts += (_escape(text[pos:s]), MARK_OPEN, _escape(text[s:e]), MARK_CLOSE)
            else:
                parts += (text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE)
            pos = e
        parts.append(_escape(text[pos:end]) if escape else text[pos:end])
    if windows and windows[-1][1] < len(text):
        parts.append(" …")
    return "".join(parts).strip()
