"""Reader for markdown-like text exports (book b1): chapters, paragraphs, footnotes, bibliography.

The export writes one paragraph per line, blank lines between, ``**bold**`` emphasis, superscript
footnote markers (see :mod:`searchlib.ingest.footnotes`) and, where a printed page ended, that
page's footnote definitions (``¹² Text [Ressource électronique]. - URL : <https://...>``) in the
middle of the running text. The reader:

* drops the front matter, the table of contents (kept only for the chapters' page numbers), the
  ``FOR AUTHOR USE ONLY`` lines and the publisher's pages after the bibliography;
* tells prose from definitions by the rising footnote numbers, and definition continuations
  (URL fragments, ``- 2021. - URL : ...``, ``- C. 16.``) from prose by their look;
* rejoins a paragraph that a page break (and its definitions) cut in two: a line that does not
  end a sentence is continued by the next prose line;
* repairs definitions whose label is lost (labelled twice) or which are only the rest of the
  previous definition's URL;
* reads the final ``Littérature`` list into :attr:`Book.bibliography`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ParseError
from ..model import (
    BibEntry,
    Book,
    BookMeta,
    Chapter,
    Footnote,
    Marker,
    Paragraph,
    Repair,
    Source,
    paragraph_id,
)
from . import collapse_whitespace, read_source_text
from .footnotes import MarkerCounter, MarkerHit, clean_text, parse_label
from .url_repair import repair_url
from .urls import (
    URL_TOKEN,
    attach_id_tails,
    extract_sources,
    normalize_url,
    unwrap,
)

log = logging.getLogger(__name__)

_NOISE = re.compile(r"^FOR AUTHOR USE ONLY$")
_HEADING = re.compile(r"^CHAPITRE\s+(\d+)$")
_TOC_ENTRY = re.compile(r"^CHAPITRE\s+(\d+)\s+(\d+)$")
_BIBLIOGRAPHY = re.compile(r"^(?:Littérature|Bibliographie)$")
_BIB_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
# What only a bibliographic reference contains (prose never does).
_CITATION = re.compile(
    r"\[(?:Ressource|Electronic)|\|Ressource|\bUR[LI]\s*:|(?:^|\s)- ?[CcС]\. ?\d+|//\s|^Ibid\b"
)
# How a definition's second line may begin: "- 2021. - URL", "- électronique]", "URL :".
_CITATION_START = re.compile(r"^(?:-\s*(?:\d{4}|URL|électronique)|URL\b|\[?Ressource)")
# A line that is only a piece of a URL: <https://...>, [slug...](...), https://..., www....
_URL_PIECE = re.compile(
    r"^(?:<https?://|<www\.|\[[^\s\]]*\]\(|\[[^\]]*\]\(#\)|\[https?://|https?://|www\.)", re.I
)
_SLUG_TAIL = re.compile(r"^[\w./%?=&#-]*[\d/-][\w./%?=&#-]*$")
_SENTENCE_END = re.compile(r"(?:[.!?…:;]|xml-ph-\S*)[\s\"»)\]*]*$")
# A wrapped URL with spaces inside: ``<https://... ...>`` or a link ``[https://... ...](...)``.
_SPACED_URL = re.compile(
    r"<(?:https?://|www\.)[^<>]*\s[^<>]*>|\[[^\[\]\s]*(?:https?://|www\.)[^\[\]]*\s[^\[\]]*\]\([^()]*\)",
    re.I,
)
_PLACEHOLDER = re.compile(r"xml-ph-\S*\s*$")
_STRAY_CAPITAL = re.compile(r"([.!?…][\"»]?)\s+[A-ZÀ-Þ]$")


@dataclass
class _Definition:
    number: int
    line: int
    pieces: list[str] = field(default_factory=list)

    def url_open(self) -> bool:
        """Whether the text ends inside a URL cut at a line end (``...-view/natsplan-po->``)."""
        tail = unwrap(" ".join(self.pieces)).rstrip(" .>)")
        last = tail.rsplit(maxsplit=1)[-1] if tail.strip() else ""
        return "/" in last and tail.endswith(("-", "_"))


@dataclass
class _Line:
    text: str
    hits: list[MarkerHit]
    ends_sentence: bool


@dataclass
class _Chapter:
    number: int
    title: str | None = None
    paragraphs: list[list[_Line]] = field(default_factory=list)


def _join_pieces(pieces: list[str]) -> tuple[str, dict[str, str]]:
    """One line from a definition's pieces; URL pieces cut at a line end are glued back.

    :returns: the text, and the normalised (repaired) URLs that had to be glued or squeezed,
        each with the text it was printed as.
    """
    text = ""
    joins: list[int] = []
    damaged: dict[str, str] = {}
    for printed in pieces:
        piece = attach_id_tails(printed)
        bare = unwrap(piece)
        if piece != printed:  # a BelTA id put back from outside the <...>
            before = set(URL_TOKEN.findall(unwrap(printed)))
            damaged.update(
                (_repaired_identity(u), printed.strip())
                for u in URL_TOKEN.findall(bare)
                if u not in before
            )
        for spaced in _SPACED_URL.finditer(piece):
            # Spaces inside <...> or a link's text: unwrap squeezed them out.
            damaged.update(
                (_repaired_identity(url), spaced[0]) for url in URL_TOKEN.findall(unwrap(spaced[0]))
            )
        opened = text.rstrip(" .>)")
        if text and opened.endswith(("-", "_")) and "/" in opened.rsplit(maxsplit=1)[-1]:
            joins.append(len(opened))
            text = opened + bare.lstrip()
        else:
            text = f"{text} {bare}" if text else bare
    for token in URL_TOKEN.finditer(text):
        if any(token.start() < j < token.end() for j in joins):
            cut = next(j for j in joins if token.start() < j < token.end())
            printed = f"{text[token.start() : cut]} {text[cut : token.end()]}"  # the line break
            damaged.setdefault(_repaired_identity(token[0]), printed)
    return collapse_whitespace(text), damaged


def _repaired_identity(url: str) -> str:
    return normalize_url(repair_url(url)[0])


def _definition_text(pieces: list[str]) -> tuple[str, list[Source]]:
    """A definition's (or bibliography entry's) one-line text and its repaired sources.

    A source counts as repaired when its own URL was changed: glued back across a line end,
    squeezed, or repaired by :func:`~searchlib.ingest.urls.extract_sources`.
    """
    text, damaged = _join_pieces(pieces)
    sources = []
    for source in extract_sources(text):
        printed = next((p for d, p in damaged.items() if _same_url(source.normalized, d)), None)
        if printed is not None and not source.repaired:
            rejoined = Repair("rejoined", printed, source.url)
            source = replace(source, repaired=True, repairs=(rejoined,))
        sources.append(source)
    # The text keeps its wording; its URLs are printed repaired.
    text = URL_TOKEN.sub(_print_repaired, text)
    return text, sources


def _print_repaired(token: re.Match[str]) -> str:
    """A URL of a definition's text, repaired; the sentence's punctuation after it stays."""
    url = token[0]
    stop = url[len(url.rstrip(".,;:")) :]
    return repair_url(url)[0] + stop


def _same_url(source: str, damaged: str) -> bool:
    """Whether a damaged URL token is this source (or the truncated start of it)."""
    return source.startswith(damaged) or damaged.startswith(source)


def _table_of_contents(lines: list[str]) -> dict[int, int]:
    pages: dict[int, int] = {}
    for line in lines:
        match = _TOC_ENTRY.match(line.strip())
        if match:
            pages[int(match.group(1))] = int(match.group(2))
    return pages


def _is_continuation(line: str, after_definition: bool, last: _Definition | None) -> bool:
    """Whether a line without label continues a definition rather than the running text."""
    if last is None:
        return False
    if _URL_PIECE.match(line) or _CITATION.search(line):
        return True
    if after_definition and _CITATION_START.match(line):
        return True
    # The rest of a URL cut at a page end: "2020." or "tadzhikistana-...-2021/".
    return " " not in line and bool(_SLUG_TAIL.match(line)) and last.url_open()


def _parse_body(
    lines: list[tuple[int, str]],
) -> tuple[list[_Chapter], list[_Definition], MarkerCounter]:
    counter = MarkerCounter()
    chapters: list[_Chapter] = []
    definitions: list[_Definition] = []
    after_definition = False
    for number, line in lines:
        heading = _HEADING.match(line)
        if heading:
            chapters.append(_Chapter(int(heading.group(1))))
            after_definition = False
            continue
        if not chapters:
            continue
        chapter = chapters[-1]
        if chapter.title is None:
            chapter.title = clean_text(line, None)[0]
            continue
        last = definitions[-1] if definitions else None
        label = parse_label(line)
        if label and not counter.starts_prose(line):
            label_number, rest = label
            if last and _URL_PIECE.match(rest) and last.url_open():
                # Only the rest of the previous definition's URL, with a label of its own.
                log.debug(
                    "line %d: label %d continues footnote %d's URL",
                    number,
                    label_number,
                    last.number,
                )
                last.pieces.append(rest)
            else:
                definitions.append(_Definition(label_number, number, [rest]))
            after_definition = True
            continue
        if not label and _is_continuation(line, after_definition, last):
            assert last is not None
            last.pieces.append(line)
            continue
        after_definition = False
        # A lone capital after the last sentence (``... par l'intermédiaire de BUTB. B``) is a
        # stray of the export: the paragraph ends with the sentence, the next line starts anew.
        line = _STRAY_CAPITAL.sub(r"\1", line)
        text, hits = clean_text(line, counter)
        ends = bool(_SENTENCE_END.search(line)) or bool(_PLACEHOLDER.search(line))
        current = chapter.paragraphs[-1] if chapter.paragraphs else None
        if current and not current[-1].ends_sentence:
            current.append(_Line(text, hits, ends))
        else:
            chapter.paragraphs.append([_Line(text, hits, ends)])
    return chapters, definitions, counter


def _assemble(parts: list[_Line]) -> tuple[str, list[MarkerHit]]:
    """One paragraph's clean text from its lines, marker offsets shifted to match."""
    text = ""
    hits: list[MarkerHit] = []
    for part in parts:
        if text and not (
            text.endswith("-") and not text.endswith(" -") and part.text[:1].islower()
        ):
            text += " "
        hits.extend(MarkerHit(h.numbers, h.offset + len(text)) for h in part.hits)
        text += part.text
    return text, hits


def _assign_definitions(definitions: list[_Definition], marked: set[int]) -> dict[int, _Definition]:
    """Definitions by number; a label printed twice gives its first use to the gap before it."""
    assigned: dict[int, _Definition] = {}
    for definition in definitions:
        number = definition.number
        if number in assigned:
            gap = number - 1
            if gap >= 1 and gap not in assigned and gap in marked:
                log.debug("footnote %d: label printed twice, first one is %d", number, gap)
                assigned[gap] = assigned[number]
                assigned[number] = definition
            else:
                log.warning(
                    "footnote %d defined twice (line %d); keeping the first",
                    number,
                    definition.line,
                )
            continue
        assigned[number] = definition
    return assigned


def _bibliography(lines: list[tuple[int, str]]) -> list[BibEntry]:
    items: list[tuple[int, list[str]]] = []
    for _, line in lines:
        match = _BIB_ITEM.match(line)
        if match and int(match.group(1)) == (items[-1][0] + 1 if items else 1):
            items.append((int(match.group(1)), [match.group(2)]))
        elif items:
            items[-1][1].append(line)
    entries = []
    for number, pieces in items:
        text, sources = _definition_text(pieces)
        entries.append(BibEntry(number=number, text=text, sources=sources))
    return entries


def read(path: Path, meta: BookMeta) -> Book:
    """Read a markdown-like export into a :class:`Book`.

    :param path: the source file.
    :param meta: the manifest entry of the book.
    :raises SourceFileError: when the file is missing, empty, binary or not UTF-8.
    :raises ParseError: when no ``CHAPITRE n`` heading is found.
    """
    raw_lines = read_source_text(path).split("\n")
    numbered = [(i + 1, line.strip()) for i, line in enumerate(raw_lines)]
    numbered = [(i, line) for i, line in numbered if line and not _NOISE.match(line)]
    start = next((k for k, (_, line) in enumerate(numbered) if _HEADING.match(line)), None)
    if start is None:
        raise ParseError(f"{meta.id}: no 'CHAPITRE n' heading found in {path.name}")
    end = next(
        (k for k in range(start, len(numbered)) if _BIBLIOGRAPHY.match(numbered[k][1])), None
    )
    body = numbered[start:end]
    toc = _table_of_contents([line for _, line in numbered[:start]])
    bibliography: list[BibEntry] = []
    if end is not None:
        # The bibliography runs to the next noise line; the publisher's pages follow it.
        stop = next(
            (
                i
                for i, line in enumerate(raw_lines)
                if i + 1 > numbered[end][0] and _NOISE.match(line.strip())
            ),
            len(raw_lines),
        )
        bibliography = _bibliography([(i, line) for i, line in numbered[end + 1 :] if i <= stop])

    chapters_raw, definitions, counter = _parse_body(body)
    book = Book(meta=meta, bibliography=bibliography, pages=None)
    markers: dict[int, list[Marker]] = {}
    for raw in chapters_raw:
        chapter = Chapter(number=raw.number, title=raw.title or "", page=toc.get(raw.number))
        for index, parts in enumerate(raw.paragraphs, start=1):
            pid = paragraph_id(meta.id, raw.number, index)
            text, hits = _assemble(parts)
            numbers: list[int] = []
            for hit in hits:
                for number in hit.numbers:
                    markers.setdefault(number, []).append(Marker(pid, hit.offset))
                    numbers.append(number)
            chapter.paragraphs.append(
                Paragraph(
                    id=pid,
                    book=meta.id,
                    chapter=raw.number,
                    text=text,
                    footnotes=list(dict.fromkeys(numbers)),
                )
            )
        book.chapters.append(chapter)

    assigned = _assign_definitions(definitions, counter.seen)
    repaired = 0
    for number in sorted(set(markers) | set(assigned)):
        definition = assigned.get(number)
        note: str | None = None
        sources: list[Source] = []
        if definition:
            note, sources = _definition_text(definition.pieces)
        repaired += sum(s.repaired for s in sources)
        book.footnotes.append(
            Footnote(
                book=meta.id,
                number=number,
                text=note,
                sources=sources,
                markers=markers.get(number, []),
            )
        )
    book.stats["urls_repaired"] = repaired
    return book
