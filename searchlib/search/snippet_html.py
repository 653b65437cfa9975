"""A snippet's HTML: the best windows of a paragraph, with ``<mark>`` around the spans to
highlight and the rest escaped.

:mod:`.snippets` finds the spans (character offsets of the query's words in the paragraph);
this module only cuts and renders: the windows of about ``size`` characters holding the most
spans, started a little before a span and cut at word boundaries.
"""

from __future__ import annotations

import html
from bisect import bisect_right

#: Text shown before the first match of a fragment, in characters.
LEAD = 60

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(spans) < 2:  # most passages of a page hold a term once or not at all
        return list(spans)
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
        # holds are it and those after it ending within reach, found by one binary search.
        best = remaining[0][0]
        # Commonly the first candidate holds every span left: no other can hold more.
        if remaining[-1][1] > best + reach:
            ends = [e for _, e in remaining]
            most = -1
            for j, (s, _) in enumerate(remaining):
                held = bisect_right(ends, s + reach, j) - j
                if held > most:
                    best, most = s, held
        start = _word_start(text, best - LEAD if best > LEAD else 0)
        end = _word_end(text, min(length, start + size))
        windows.append((start, end))
        remaining = [sp for sp in remaining if sp[0] < start or sp[1] > end]
    return merge_spans(windows)


def _escape(text: str) -> str:
    # Element content only: <, > and & are escaped; quotes stay readable (l'usine). Most pieces
    # of prose hold none of the three: three scans in C are cheaper than three replacements.
    if "<" in text or ">" in text or "&" in text:
        return html.escape(text, quote=False)
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
