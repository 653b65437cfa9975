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
    # The same span found twice (a name's word and its transliteration key) is met once.
    ordered = sorted(set(spans))
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


def _word_start(text: str, i: int) -> int:
    """``i`` moved back to the start of the word it falls in."""
    if 0 < i < len(text):
        # The text up to its last whitespace before ``i``: one match in C (a loop over the
        # word's characters in Python cost more than the rest of a window's search).
        found = _UP_TO_SPACE.match(text, 0, i)
        return found.end() if found else 0
    return max(0, i)


def _word_end(text: str, i: int) -> int:
    """``i`` moved on to the end of the word it falls in."""
    if 0 < i < len(text):
        return _NON_SPACE.match(text, i).end()  # type: ignore[union-attr]
    return min(len(text), i)


def _windows(
    text: str, spans: list[tuple[int, int]], size: int, count: int
) -> list[tuple[int, int]]:
    """Up to ``count`` windows of about ``size`` characters covering the most spans."""
    length = len(text)
    if not spans:
        return [(0, _word_end(text, min(length, size)))]
    if length <= size * count:
        return [(0, length)]
    windows: list[tuple[int, int]] = []
    remaining = spans
    reach = size - LEAD
    while remaining and len(windows) < count:
        # Start each candidate window a little before a span; keep the (first) one holding most
        # spans. Spans are merged, so their starts and ends both ascend: the spans a candidate
        # holds are it and those after it ending within reach, and where they stop only moves
        # on from one candidate to the next.
        best = remaining[0][0]
        left = len(remaining)
        # Commonly the first candidate holds every span left: no other can hold more.
        if remaining[-1][1] > best + reach:
            most = -1
            stop = 0
            for j, (s, _) in enumerate(remaining):
                if most >= left - j:  # no later candidate can hold more
                    break
                if stop < j:
                    stop = j
                limit = s + reach
                while stop < left and remaining[stop][1] <= limit:
                    stop += 1
                if stop - j > most:
                    best, most = s, stop - j
        start = _word_start(text, best - LEAD if best > LEAD else 0)
        end = _word_end(text, min(length, start + size))
        windows.append((start, end))
        remaining = [sp for sp in remaining if sp[0] < start or sp[1] > end]
    return merge_spans(windows)


def _escape(text: str) -> str:
    # Element content only: <, > and & are escaped; quotes stay readable (l'usine). Most pieces
    # of prose hold none of the three: three scans in C are cheaper than three replacements.
    if "<" in text or ">" in text or "&" in text:
        # html.escape(text, quote=False), without importing html (and its table of entities).
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def render_snippet(
    text: str, spans: list[tuple[int, int]], *, size: int = 240, fragments: int = 2,
    merged: bool = False,
) -> str:
    """HTML: the best fragments of ``text`` with ``<mark>`` around ``spans``, the rest escaped.

    :param merged: ``spans`` are already sorted with overlaps joined (as
        :meth:`Highlighter.spans` gives them): they are not merged again.
    """
    parts: list[str] = []
    if not merged:
        spans = merge_spans(spans)  # sorted, overlaps joined (what the window search relies on)
    windows = _windows(text, spans, size, fragments)
    # Most paragraphs hold none of the characters to escape: one scan of the text, and then their
    # pieces are taken as they are (a call per piece cost more than the slice).
    plain = not ("<" in text or ">" in text or "&" in text)
    for n, (start, end) in enumerate(windows):
        if start > 0:
            parts.append("… " if n == 0 else " … ")
        pos = start
        for s, e in spans:
            if e <= start or s >= end:
                continue
            if s < start:
                s = start
            if e > end:
                e = end
            if plain:
                parts += (text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE)
            else:
                parts += (_escape(text[pos:s]), MARK_OPEN, _escape(text[s:e]), MARK_CLOSE)
            pos = e
        parts.append(text[pos:end] if plain else _escape(text[pos:end]))
    if windows and windows[-1][1] < len(text):
        parts.append(" …")
    return "".join(parts).strip()
