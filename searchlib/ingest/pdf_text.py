"""Joining printed lines back into running text: hyphenation, URLs split across lines, markers.

Part of the PDF reader (:mod:`searchlib.ingest.pdf`). A line end is one of three things:

- a plain space between words;
- a URL cut where it hit the margin: rejoined with nothing between, hyphens kept (BelTA slugs are
  full of them). Known for sure when a link annotation with the same target covers both ends, else
  guessed from a URL token reaching the right margin;
- a word hyphenated at the margin: the hyphen is dropped unless the document itself prints the
  word with a hyphen (``post-soviétique``), or the second half starts with a capital or a digit.

:class:`TextBuilder` accumulates lines into one clean text and records where each footnote marker
sat as a character offset into that text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .pdf_layout import Line

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_URL_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_DOMAIN_PATH = re.compile(r"\w[\w-]*\.[a-z]{2,}/", re.IGNORECASE)
_URL_CHARS = re.compile(r"^[\w\-./?=&%#~+:;,@!$*'()\[\]<>]+$")
_HYPHENS = ("-", "\u00ad", "\u2010")
# Compound prefixes that French keeps hyphenated; a line-end hyphen after one is not a soft break.
_COMPOUND_PREFIXES = frozenset(
    "post ex anti sous non vice néo semi extra agro socio euro russo sino franco nord sud est ouest"
    " demi mi arrière avant après".split()
)


def vocabulary(lines: Iterable[Line]) -> set[str]:
    """Lower-cased words printed inside lines (not at a line end): evidence for hyphen decisions."""
    words: set[str] = set()
    for line in lines:
        tokens = line.text.split()
        for token in tokens[:-1]:
            words.update(w.lower() for w in _WORD.findall(token))
    return words


def _link_targets(line: Line, at_end: bool) -> set[str]:
    edge = line.x1 if at_end else line.x0
    return {uri for rect, uri in line.links if rect[0] - 2 <= edge <= rect[2] + 2}


def _bare(token: str) -> str:
    return token.strip("<>[]().,;")


def joiner(
    prev: Line, nxt: Line, right: float, vocab: set[str], tail: str | None = None
) -> tuple[str, str, str]:
    """How two consecutive lines of one paragraph meet: ``(drop, insert, kind)``.

    ``drop`` is what to remove from the end of the text so far ("" or a hyphen), ``insert`` what
    to put between ("" or " "), ``kind`` one of ``space``, ``url``, ``hyphen-kept``,
    ``hyphen-dropped``. ``tail`` is the last word of the text so far (a URL may have begun
    lines before); by default the last word of ``prev``.
    """
    prev_text = prev.text.rstrip()
    next_text = nxt.text.lstrip()
    if not prev_text or not next_text:
        return "", " ", "space"
    last = prev_text.split()[-1]
    tail = tail or last
    head = next_text.split()[0]
    # A link annotation that spans the line end says for certain that one URL continues.
    ending, starting = _link_targets(prev, True), _link_targets(nxt, False)
    if any(_bare(last) + _bare(head) in uri for uri in ending & starting):
        return "", "", "url"
    if ending and not ending & starting:
        return "", " ", "space"  # the link ends with the line: so does the URL
    full = prev.x1 >= right - prev.size
    if full and len(prev_text.split()) == 1 and not tail.endswith(_HYPHENS):
        return "", "", "url"  # one unbreakable string filling the line: cut where it hit the margin
    in_url = bool(_URL_START.search(tail) or _DOMAIN_PATH.search(tail))
    in_url = in_url and not tail.endswith((">", ")", "]"))
    scheme = _bare(tail).lower()
    if full and scheme and re.match(r"https?://", scheme + head.lower()) and len(scheme) <= 8:
        return "", "", "url"  # the line end fell inside "https://"
    if in_url and full and _URL_CHARS.match(head) and not _URL_START.match(head):
        return "", "", "url"
    # A hyphen glued to what precedes it is a break inside a token: never a space there.
    if tail.endswith(_HYPHENS) and len(tail) > 1:
        if tail.endswith("\u00ad"):
            return "\u00ad", "", "hyphen-dropped"
        if not tail[-2].isalpha():
            return "", "", "hyphen-kept"  # 2021-2025, ".-URL"
        first = head[0]
        # A capital or digit after it, or a slug already full of hyphens: the hyphen is printed.
        if not first.isalpha() or first.isupper() or re.search(r"[-/]", tail[:-1]):
            return "", "", "hyphen-kept"
        left = _WORD.findall(tail[:-1])
        right_part = _WORD.findall(head)
        if not left or not right_part:
            return "", "", "hyphen-kept"
        stem, rest = left[-1].lower(), right_part[0].lower()
        if f"{stem}-{rest}" in vocab:
            return "", "", "hyphen-kept"
        if f"{stem}{rest}" in vocab:
            return tail[-1], "", "hyphen-dropped"
        if stem.split("-")[-1] in _COMPOUND_PREFIXES:
            return "", "", "hyphen-kept"
        return tail[-1], "", "hyphen-dropped"
    return "", " ", "space"


class TextBuilder:
    """Clean text built line by line, with footnote markers recorded as offsets into it."""

    def __init__(self) -> None:
        self.text = ""
        self.markers: list[tuple[int, int]] = []  # (footnote number, offset)
        self.hyphens_repaired = 0
        self.urls_joined = 0
        self.last: Line | None = None
        self.lines: list[Line] = []

    def add(self, line: Line, right: float, vocab: set[str], numbers: list[list[int]]) -> None:
        """Append one line; ``numbers`` gives, per marker span of the line, its footnote numbers."""
        if self.last is not None:
            words = self.text.split()
            drop, insert, kind = joiner(self.last, line, right, vocab, words[-1] if words else None)
            self.text = self.text.rstrip()
            if drop and self.text.endswith(drop):
                self.text = self.text[: len(self.text) - len(drop)]
            self.hyphens_repaired += kind == "hyphen-dropped"
            self.urls_joined += kind == "url"
            self.text += insert
        marker_spans = iter(numbers)
        for span in line.spans:
            if span.marker:
                for number in next(marker_spans, []):
                    self.markers.append((number, len(self.text)))
                continue
            chunk = span.text.replace("\u00a0", " ")
            chunk = re.sub(r"\s+", " ", chunk)
            if not self.text or self.text.endswith(" "):
                chunk = chunk.lstrip()
            self.text += chunk
        self.last = line
        self.lines.append(line)

    def finish(self) -> tuple[str, list[tuple[int, int]]]:
        """The text (trimmed) and the markers, whose offsets never pass its end."""
        text = self.text.strip()
        lead = len(self.text) - len(self.text.lstrip())
        markers = [(n, min(max(o - lead, 0), len(text))) for n, o in self.markers]
        return text, markers
