"""A tiny book typesetter on PyMuPDF: the project writes its own PDF fixtures with it.

It sets chapters (bold heading on a new page, an outline entry), justified-free body paragraphs
with superscript footnote markers, footnotes at the bottom of the page that carries their marker
(superscript number, smaller font, URLs cut wherever the margin falls, link annotations over
them), a folio at the foot of every page, and breaks paragraphs across pages as a book does.
Used by tests/test_ingest_pdf.py and bench/pdf_roundtrip.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pymupdf

URL = re.compile(r"(?:https?://|www\.)[^\s<>\[\]()\"]+")


@dataclass
class Run:
    text: str
    sup: bool
    start: int  # offset of the run's first character in the source text (markers: -1)


@dataclass
class SetLine:
    runs: list[tuple[Run, float]] = field(default_factory=list)  # run and its x
    width: float = 0.0


@dataclass
class Page:
    body: list[tuple[SetLine, float, float]] = field(default_factory=list)  # line, x, size
    notes: list[tuple[int, str, list[SetLine]]] = field(default_factory=list)
    y: float = 0.0
    heading: list[tuple[str, float]] = field(default_factory=list)


class Typesetter:
    """Set a book page by page; :meth:`pdf` returns the PDF bytes."""

    def __init__(
        self,
        width: float = 360,
        height: float = 540,
        margin: float = 48,
        body: float = 10.0,
        note: float = 8.0,
        first_folio: int = 1,
        outline: bool = True,
        links: bool = True,
        heading_size: float = 16.0,
    ) -> None:
        self.width, self.height, self.margin = width, height, margin
        self.body, self.note, self.sup = body, note, round(body * 0.62, 1)
        self.pitch, self.note_pitch = body * 1.4, note * 1.3
        self.first_folio, self.outline, self.links = first_folio, outline, links
        self.heading_size = heading_size
        self.font, self.bold = pymupdf.Font("tiro"), pymupdf.Font("tibo")
        self._advance: dict[str, float] = {}
        self._placed: set[int] = set()  # notes already set: a second marker does not repeat them
        self.pages: list[Page] = []
        self.toc: list[list[object]] = []
        self._new_page()

    # -- measuring ------------------------------------------------------------------------------
    @property
    def measure(self) -> float:
        return self.width - 2 * self.margin

    def _w(self, text: str, size: float) -> float:
        # Summed glyph advances, cached per character: Font.text_length costs a millisecond a call.
        total = 0.0
        for ch in text:
            if ch not in self._advance:
                self._advance[ch] = 0.0 if ch == "\u00ad" else self.font.glyph_advance(ord(ch))
            total += self._advance[ch]
        return total * size

    def _runs(self, text: str, markers: list[tuple[int, int]], size: float) -> list[list[Run]]:
        """Words as runs; a marker at offset o is glued to the character before it."""
        at: dict[int, list[int]] = {}
        for number, offset in markers:
            at.setdefault(offset, []).append(number)
        words: list[list[Run]] = [[]]
        for i in range(len(text) + 1):
            if i in at:
                label = ",".join(str(n) for n in at[i])
                # Glued to the character before it; after a space, it opens the next word.
                glued = i > 0 and text[i - 1] != " "
                target = words[-1] if words[-1] or not glued else words[-2]
                target.append(Run(label, True, -1))
            if i == len(text):
                break
            ch = text[i]
            if ch == " ":
                if words[-1]:
                    words.append([])
                continue
            word = words[-1]
            if word and not word[-1].sup and word[-1].start + len(word[-1].text) == i:
                word[-1].text += ch
            else:
                word.append(Run(ch, False, i))
        return [w for w in words if w]

    def _wrap(self, words: list[list[Run]], size: float, first_indent: float) -> list[SetLine]:
        lines = [SetLine(width=first_indent)]
        space = self._w(" ", size)

        def run_w(run: Run) -> float:
            return self._w(run.text, self.sup if run.sup else size)

        for word in words:
            line = lines[-1]
            gap = space if line.runs else 0.0
            word_w = sum(run_w(r) for r in word)
            if line.width + gap + word_w <= self.measure:
                x = line.width + gap
                for r in word:
                    line.runs.append((r, x))
                    x += run_w(r)
                line.width = x
                continue
            pending = list(word)
            while pending:
                line = lines[-1]
                gap = space if line.runs else 0.0
                room = self.measure - line.width - gap
                head, tail = self._cut(pending, room, size, force=not line.runs)
                if head:
                    x = line.width + gap
                    for r in head:
                        line.runs.append((r, x))
                        x += run_w(r)
                    line.width = x
                    pending = tail
                if pending:
                    lines.append(SetLine())
        return lines

    def _cut(self, word: list[Run], room: float, size: float, force: bool):
        """Split a word to fill ``room``: after a soft or a hard hyphen, or anywhere when the word
        is a URL or does not fit on a line of its own."""
        text = "".join(r.text for r in word)
        whole = sum(self._w(r.text, self.sup if r.sup else size) for r in word)
        is_url = bool(URL.search(text))
        if whole <= room:
            return word, []
        hyphenable = "\u00ad" in text or "-" in text.strip("-")
        if not (force or is_url or hyphenable):
            return [], word
        head: list[Run] = []
        used = 0.0
        for k, r in enumerate(word):
            w = self._w(r.text, self.sup if r.sup else size)
            if used + w <= room:
                head.append(r)
                used += w
                continue
            if r.sup:
                break
            best = 0
            for n in range(1, len(r.text)):
                piece = r.text[:n]
                if hyphenable and not (force or is_url):
                    if r.text[n - 1] not in "-\u00ad":
                        continue
                    piece = r.text[: n - 1] + "-"
                if used + self._w(piece, size) <= room:
                    best = n
            if best:
                piece = r.text[:best]
                shown = piece[:-1] + "-" if piece.endswith("\u00ad") else piece
                head.append(Run(shown, False, r.start))
                rest = Run(r.text[best:], False, r.start + best)
                return head, [rest] + word[k + 1 :]
            break
        if not head and not (force or is_url):
            return [], word
        return head, word[len(head) :]

    # -- pages ----------------------------------------------------------------------------------
    def _new_page(self) -> None:
        page = Page(y=self.margin)
        self.pages.append(page)

    def _notes_height(self, page: Page, extra: list[list[SetLine]]) -> float:
        lines = sum(len(n[2]) for n in page.notes) + sum(len(e) for e in extra)
        return lines * self.note_pitch + (6 if lines else 0)

    def heading(self, title: str) -> None:
        """Start a chapter on a new page, with an outline entry."""
        page = self.pages[-1]
        if page.body or page.heading:
            self._new_page()
            page = self.pages[-1]
        # A long title wraps over several lines, as a book sets it.
        lines: list[str] = []
        for word in title.split():
            line = f"{lines[-1]} {word}" if lines else word
            fits = self.bold.text_length(line, fontsize=self.heading_size) <= self.measure
            if lines and fits:
                lines[-1] = line
            else:
                lines.append(word)
        for line in lines:
            page.y += self.heading_size * 1.25
            page.heading.append((line, page.y))
        page.y += self.heading_size
        self.toc.append([1, title, len(self.pages)])

    def paragraph(self, text: str, markers: list[tuple[int, int]] = (), notes=None) -> None:
        """Set one paragraph; ``notes`` maps each marker number to its definition text."""
        notes = notes or {}
        lines = self._wrap(self._runs(text, list(markers), self.body), self.body, 1.5 * self.body)
        for line in lines:
            numbers = [
                int(n)
                for r, _ in line.runs
                if r.sup
                for n in r.text.split(",")
                if int(n) in notes and int(n) not in self._placed
            ]
            self._placed.update(numbers)
            new = [self._note_lines(n, notes[n]) for n in numbers]
            page = self.pages[-1]
            bottom = self.height - self.margin - self._notes_height(page, new)
            if page.y + self.pitch > bottom and (page.body or page.heading):
                self._new_page()
                page = self.pages[-1]
            page.y += self.pitch
            page.body.append((line, self.margin, page.y))
            for n, set_lines in zip(numbers, new, strict=True):
                page.notes.append((n, notes[n], set_lines))

    def _note_lines(self, number: int, text: str) -> list[SetLine]:
        words = self._runs(text, [(number, 0)], self.note)
        return self._wrap(words, self.note, 0.0)

    # -- output ---------------------------------------------------------------------------------
    def _draw_line(
        self, tw, pdf_page, line: SetLine, x0: float, y: float, size: float, source: str | None
    ) -> None:
        for run, x in line.runs:
            if run.sup:
                tw.append((x0 + x, y - size * 0.38), run.text, font=self.font, fontsize=self.sup)
            else:
                text = run.text.replace("\u00ad", "")
                tw.append((x0 + x, y), text, font=self.font, fontsize=size)
        if source is None or not self.links:
            return
        for match in URL.finditer(source):
            for run, x in line.runs:
                if run.sup:
                    continue
                lo = max(match.start(), run.start)
                hi = min(match.end(), run.start + len(run.text))
                if lo >= hi:
                    continue
                a = x0 + x + self._w(run.text[: lo - run.start], size)
                b = x0 + x + self._w(run.text[: hi - run.start], size)
                uri = match.group(0).rstrip(".,;:")
                uri = uri if uri.startswith("http") else "https://" + uri
                rect = pymupdf.Rect(a, y - size * 0.8, b, y + size * 0.25)
                pdf_page.insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": uri})

    def pdf(self) -> bytes:
        doc = pymupdf.open()
        for index, page in enumerate(self.pages):
            pdf_page = doc.new_page(width=self.width, height=self.height)
            tw = pymupdf.TextWriter(pdf_page.rect)
            for title, y in page.heading:
                tw.append((self.margin, y), title, font=self.bold, fontsize=self.heading_size)
            for line, x0, y in page.body:
                self._draw_line(tw, pdf_page, line, x0, y, self.body, None)
            if page.notes:
                y = self.height - self.margin - self._notes_height(page, []) + 6
                pdf_page.draw_line((self.margin, y - 4), (self.margin + 60, y - 4), width=0.5)
                for _number, text, set_lines in page.notes:
                    for line in set_lines:
                        y += self.note_pitch
                        self._draw_line(tw, pdf_page, line, self.margin, y, self.note, text)
            folio = str(self.first_folio + index)
            x = (self.width - self._w(folio, self.note)) / 2
            tw.append((x, self.height - self.margin / 2), folio, font=self.font, fontsize=self.note)
            tw.write_text(pdf_page)
        if self.outline and self.toc:
            doc.set_toc(self.toc)
        data = doc.tobytes(garbage=3, deflate=True)
        doc.close()
        return data
