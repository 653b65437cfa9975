"""Footnote definitions of a page-text extraction: the blocks at the bottom of each page.

Part of the ``page-text`` reader (:mod:`searchlib.ingest.page_text`). A definition opens with
its number (``12 Le Comité exécutif ...``) and runs over the following lines, often into the
next page's footnote block. Wrapped URLs are rejoined without adding or dropping a character:
a line that ends inside a URL is glued to the next one when the URL ends with a hyphen (BelTA
slugs break there) or when the next line is nothing but the rest of the URL.

The extraction lost lines at page bottoms. What it kept is recorded as printed, never
completed: a definition cut short keeps its text and loses only the cut URL; a fragment whose
definition lost its first line is kept with the definition above it only when it plainly
continues it, and dropped (and counted) otherwise.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from ..model import Repair, Source
from .page_layout import Page, SourceLine
from .page_markers import rising_subsequence
from .urls import extract_sources, partial_source

log = logging.getLogger(__name__)

_START = re.compile(r"(\d{1,3}) (?=\S)")
_URL_TOKEN = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)
_URL_REST = re.compile(r"[\w\-./%?=&#~!:+,;@]+")
# What a definition says once: a second one in a fragment means another definition's tail.
_LABEL = re.compile(r"\bURL\b|\[Ressource|\[Electronic")
# A URL whose beginning the extraction lost: only a slug tail follows "URL :".
_SLUG_ONLY = re.compile(
    r"\bUR[LI]\s*:\s*(?!https?://|www\.)([a-z0-9]+(?:[-_][a-z0-9]+)+/?)\s*$", re.IGNORECASE
)
# "URL :" and nothing after it: the URL is lost.
_URL_LOST = re.compile(r"\bUR[LI]\s*:?\s*$")


@dataclass
class Definition:
    """One footnote definition as the page bottoms print it (text joined into one line).

    ``number`` is ``None`` for an orphan: the tail of a definition whose first line (and
    number) the extraction lost; :func:`attribute_orphans` may still tell whose it is.
    """

    number: int | None
    text: str
    sources: list[Source]
    page: int | None
    physical: int
    line: int


@dataclass
class _Draft:
    number: int | None  # None: an orphan fragment, kept only to be counted
    page: Page
    line: int
    lines: list[str] = field(default_factory=list)


def join_note_lines(lines: list[str]) -> tuple[str, list[int]]:
    """One definition's lines joined into one line, and the offsets where a URL was rejoined.

    A line break after a hyphen is dropped, keeping the hyphen (``biélorusse-`` /
    ``chinois``, ``...-odin-`` / ``proekt-...``); a line that is only the rest of a URL is
    glued to it (``.../4142892f5e`` / ``53f61843...``); any other break becomes a space.
    """
    text = ""
    joins: list[int] = []
    for line in lines:
        if not text:
            text = line
            continue
        in_url = _URL_TOKEN.search(text) is not None
        glued_hyphen = text.endswith("-") and text[-2:-1].isalnum()
        if glued_hyphen or (in_url and _URL_REST.fullmatch(line)):
            if in_url:
                joins.append(len(text))
            text += line
        else:
            text += " " + line
    return text, joins


def _sources(text: str, joins: list[int]) -> tuple[list[Source], int]:
    """The URLs of a definition, marked repaired when rejoined; cut-off URLs marked partial.

    :returns: the sources and how many URLs are printed only in part (cut at the page bottom,
        or only their slug tail left after ``URL :``): each is kept as printed, ``partial``,
        with the BelTA id it still shows; its missing end or beginning is never guessed.
    """
    sources, truncated = [], 0
    for source in extract_sources(text):
        start = text.find(source.url)
        cuts = [j - start for j in joins if start < j < start + len(source.url)]
        if cuts:
            printed = source.url[: cuts[0]] + " " + source.url[cuts[0] :]  # the line break
            rejoined = Repair("rejoined", printed, source.url)
            source = replace(source, repaired=True, repairs=(rejoined, *source.repairs))
        if source.url.endswith(("-", "_")):
            # Cut at the page bottom: its end is lost, and a guessed end would be invented.
            truncated += 1
            source = partial_source(source.url, source.repairs)
        sources.append(source)
    if (tail := _SLUG_ONLY.search(text)) is not None:
        truncated += 1
        sources.append(partial_source(tail.group(1)))
    return sources, truncated


def _start_lines(lines: list[tuple[Page, SourceLine]]) -> dict[int, re.Match[str]]:
    """The lines that open a definition, by index: their numbers rise through the book."""
    found = [(i, m) for i, (_, line) in enumerate(lines) if (m := _START.match(line.text))]
    keep = rising_subsequence([int(m.group(1)) for _, m in found])
    return dict(found[k] for k in keep)


def read_definitions(pages: list[Page]) -> tuple[list[Definition], dict[str, int]]:
    """The footnote definitions of all pages, in order, and counters for the QA report."""
    lines = [(page, line) for page in pages for line in page.notes]
    starts = _start_lines(lines)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for i, (page, line) in enumerate(lines):
        if (start := starts.get(i)) is not None:
            rest = line.text[start.end() :]
            current = _Draft(int(start.group(1)), page, line.number, [rest])
            drafts.append(current)
        elif current is None or (line.fragment and not _continues(current, page, line)):
            current = _Draft(None, page, line.number, [line.text])
            drafts.append(current)
        else:
            current.lines.append(line.text)
    definitions, stats = [], {"urls_truncated": 0, "urls_lost": 0}
    for draft in drafts:
        text, joins = join_note_lines(draft.lines)
        sources, truncated = _sources(text, joins)
        stats["urls_truncated"] += truncated
        stats["urls_lost"] += _URL_LOST.search(text) is not None
        page = draft.page
        definitions.append(
            Definition(draft.number, text.strip(), sources, page.printed, page.number, draft.line)
        )
    return definitions, stats


def attribute_orphans(
    definitions: list[Definition], marker_pages: dict[int, int]
) -> tuple[list[Definition], dict[str, int]]:
    """Numbered definitions only: an orphan fragment takes the one number it can have, or goes.

    A page's footnote block lists its calls' definitions in order, so an orphan between the
    definitions of notes ``a`` and ``b`` belongs to a call numbered between them on its page
    whose definition is missing. When exactly one call fits, the fragment is that note's
    (incomplete) definition; otherwise it is dropped, never guessed.

    :param marker_pages: footnote number -> physical page of its call in the body.
    """
    numbered = {d.number for d in definitions if d.number is not None}
    kept: list[Definition] = []
    stats = {"note_fragments_attributed": 0, "note_fragments_dropped": 0}
    for i, definition in enumerate(definitions):
        if definition.number is None:
            after = max((n for d in definitions[:i] if (n := d.number) is not None), default=0)
            before = min((n for d in definitions[i:] if (n := d.number) is not None), default=None)
            fits = [
                n
                for n, page in marker_pages.items()
                if page == definition.physical
                and n not in numbered
                and after < n
                and (before is None or n < before)
            ]
            if len(fits) != 1:
                log.debug("dropped footnote fragment at line %d", definition.line)
                stats["note_fragments_dropped"] += 1
                continue
            definition.number = fits[0]
            numbered.add(fits[0])
            stats["note_fragments_attributed"] += 1
        kept.append(definition)
    return kept, stats


def _continues(draft: _Draft, page: Page, line: SourceLine) -> bool:
    """Whether a fragment plainly continues the definition above it on the same page."""
    if draft.number is None or draft.page is not page:
        return False
    so_far = " ".join(draft.lines)
    return not (_LABEL.search(so_far) and _LABEL.search(line.text))
