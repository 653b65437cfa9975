"""Reading a hit in context: the query highlighted in whole passages, with their note markers.

A hit's link carries the query (``/p/<id>?q=…&rank=3``), and the chapter reading view
(``/b/<book>/c/<n>``) can too. :func:`query_spans` asks the search itself where the query matches
in a chapter's passages (so the words highlighted are exactly those the results page marks:
variants, inflections, phrases), with snippets as long as the passages, and reads the ``<mark>``
spans back as character offsets. :func:`annotated_text` is the one place that builds a passage's
HTML: every slice escaped, plus the note-marker links and the highlights.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup, escape

from searchlib.config import Config
from searchlib.model import Footnote, Paragraph

Spans = list[tuple[int, int]]

#: Snippets this long are whole passages (``render_snippet`` keeps a text shorter than its size).
_WHOLE = Config(snippet_chars=1_000_000, snippet_fragments=1)
_MARK = re.compile(r"(<mark>|</mark>)")


def snippet_spans(text: str, snippet: str) -> Spans:
    """The character spans of ``text`` that ``snippet`` (escaped text + ``<mark>``) highlights."""
    spans: Spans = []
    pos = 0
    inside = False
    for piece in _MARK.split(snippet):
        if piece == "<mark>":
            inside = True
            continue
        if piece == "</mark>":
            inside = False
            continue
        plain = html.unescape(piece)
        if not plain:
            continue
        at = text.find(plain, pos)
        if at < 0:  # the snippet is not a slice of this text: highlight nothing rather than lie
            return []
        if inside:
            spans.append((at, at + len(plain)))
        pos = at + len(plain)
    return spans


def query_spans(
    searcher: Any, query: str, book: str, chapter: int | None, corpus_dir: Any
) -> dict[str, Spans]:
    """Where ``query`` matches in the passages of one chapter: paragraph id → spans."""
    from searchlib.search import search

    if not query:
        return {}
    filters = {"book": book} if chapter is None else {"chapter": f"{book}:{chapter}"}
    results = search(searcher, query, page_len=5000, filters=filters, corpus_dir=corpus_dir,
                     config=_WHOLE)
    return {h.id: snippet_spans(h.text, h.snippet) for h in results.hits}


def _markers(para: Paragraph, notes: dict[tuple[str, int], Footnote]) -> list[tuple[int, int]]:
    """(offset, note number) of each marker; a note whose position is unknown goes at the end."""
    marks: list[tuple[int, int]] = []
    for number in para.footnotes:
        note = notes.get((para.book, number))
        offsets = [m.offset for m in note.markers if m.paragraph == para.id] if note else []
        ends = offsets or [len(para.text)]
        marks.extend((max(0, min(o, len(para.text))), number) for o in ends)
    return sorted(marks)


def annotated_text(
    para: Paragraph,
    notes: dict[tuple[str, int], Footnote],
    spans: Iterable[tuple[int, int]] = (),
    note_url: Callable[[int], str] | None = None,
) -> Markup:
    """The paragraph's text, escaped, with its note markers as links and ``spans`` in ``<mark>``.

    :param note_url: where a marker links; by default the note on the same page (``#note-n``),
        and the marker gets an id the note links back to.
    """
    text = para.text
    markers = _markers(para, notes)
    at: dict[int, list[int]] = defaultdict(list)
    for offset, number in markers:
        at[offset].append(number)
    spans = [(max(0, s), min(len(text), e)) for s, e in spans if s < e]
    cuts = sorted({0, len(text), *at, *(s for s, _ in spans), *(e for _, e in spans)})
    out: list[str] = []
    seen: set[int] = set()
    for i, cut in enumerate(cuts):
        for number in at.get(cut, []):
            out.append(_marker(number, cut, seen, note_url))
        end = cuts[i + 1] if i + 1 < len(cuts) else cut
        if end <= cut:
            continue
        piece = str(escape(text[cut:end]))
        marked = any(s <= cut and end <= e for s, e in spans)
        out.append(f"<mark>{piece}</mark>" if marked else piece)
    return Markup("".join(out))


def _marker(number: int, offset: int, seen: set[int], note_url: Callable[[int], str] | None) -> str:
    if note_url is not None:
        link = f'<a href="{escape(note_url(number))}" title="Note {number}">{number}</a>'
    else:
        # The note links back to its first marker; a repeated marker needs an id of its own.
        anchor = f"ref-{number}" if number not in seen else f"ref-{number}-{offset}"
        link = f'<a href="#note-{number}" id="{anchor}">{number}</a>'
    seen.add(number)
    return f'<sup class="marker">{link}</sup>'


def back_to_results(query: str, rank: int | None, filters: dict[str, str], page_len: int,
                    default_len: int) -> dict[str, Any] | None:
    """Where "← retour aux résultats" leads: the results page holding hit ``rank``, at that hit."""
    from flask import url_for

    if not query:
        return None
    args: dict[str, Any] = {"q": query, **filters}
    if page_len != default_len:
        args["size"] = page_len
    if rank:
        page = (rank - 1) // page_len + 1
        if page > 1:
            args["page"] = page
    url = url_for("search.search", **args) + (f"#hit-{rank}" if rank else "")
    return {"url": url, "rank": rank, "query": query}
