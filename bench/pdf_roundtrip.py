"""Round trip: typeset an ingested book as a PDF with real footnotes, read it back, compare.

The book's chapters become outlined chapters, its paragraphs body text with superscript markers,
each footnote definition is set at the bottom of the page that carries its first marker (URLs cut
at the margin, with link annotations), and the bibliography a final ``Littérature`` chapter. The
PDF reader (:mod:`searchlib.ingest.pdf`) then ingests it, and :func:`compare` counts what came back
identical to the text ingestion.

    python bench/pdf_roundtrip.py            # book b1 of corpus/, prints the agreement
    python bench/pdf_roundtrip.py --no-links # without link annotations (URLs from geometry only)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchlib.ingest.pdf import read  # noqa: E402
from searchlib.ingest.source_repair import repair_sources  # noqa: E402
from searchlib.model import Book  # noqa: E402
from tests.fixtures_pdf import Typesetter  # noqa: E402


def render_book(book: Book, links: bool = True) -> bytes:
    """A PDF of ``book``: A5-like pages, footnotes at the page bottoms, chapters in the outline."""
    t = Typesetter(width=420, height=595, margin=50, links=links)
    defined = {f.number: f.text for f in book.footnotes if f.text is not None}
    placed: set[int] = set()
    markers: dict[str, list[tuple[int, int]]] = {}
    for note in book.footnotes:
        for marker in note.markers:
            markers.setdefault(marker.paragraph, []).append((note.number, marker.offset))
    for chapter in book.chapters:
        if chapter.number:
            t.heading(chapter.title)
        for para in chapter.paragraphs:
            here = sorted(markers.get(para.id, []), key=lambda m: (m[1], m[0]))
            notes = {n: defined[n] for n, _ in here if n in defined and n not in placed}
            placed.update(notes)
            t.paragraph(para.text, here, notes)
    if book.bibliography:
        t.heading("Littérature")
        for entry in book.bibliography:
            t.paragraph(f"{entry.number}. {entry.text}")
    return t.pdf()


def compare(text_book: Book, pdf_book: Book) -> dict[str, tuple[int, int]]:
    """Per aspect, ``(identical, total)`` between the text ingestion and the PDF one."""

    def agree(a: list, b: list) -> tuple[int, int]:
        return sum(x == y for x, y in zip(a, b, strict=False)), max(len(a), len(b))

    def paragraphs(book: Book) -> list:
        return [(p.id, p.text, p.footnotes) for p in book.paragraphs()]

    def notes(book: Book) -> list:
        return [
            (f.number, f.text, [s.normalized for s in f.sources], f.markers) for f in book.footnotes
        ]

    return {
        "chapters": agree(
            [(c.number, c.title) for c in text_book.chapters if c.paragraphs],
            [(c.number, c.title) for c in pdf_book.chapters if c.paragraphs],
        ),
        "paragraphs": agree(paragraphs(text_book), paragraphs(pdf_book)),
        "footnotes": agree(notes(text_book), notes(pdf_book)),
        "bibliography": agree(
            [(b.number, b.text) for b in text_book.bibliography],
            [(b.number, b.text) for b in pdf_book.bibliography],
        ),
    }


def roundtrip(
    book: Book, links: bool = True, context: list[Book] | None = None
) -> tuple[Book, dict[str, tuple[int, int]]]:
    """Render ``book``, read the PDF back, and compare; returns the PDF book and the agreement.

    :param context: the other books ingested with ``book``: the PDF book's sources are repaired
        with the same evidence as the text book's were (:mod:`searchlib.ingest.source_repair`).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{book.id}.pdf"
        path.write_bytes(render_book(book, links))
        pdf_book = read(path, replace(book.meta, format="pdf"))
    repair_sources([pdf_book], context=context)
    return pdf_book, compare(book, pdf_book)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", default="b1")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--no-links", action="store_true")
    args = parser.parse_args()
    from searchlib.corpus import ingest_books

    books = ingest_books(args.corpus)
    (book,) = [b for b in books if b.id == args.book]
    others = [b for b in books if b.id != args.book]
    pdf_book, agreement = roundtrip(book, links=not args.no_links, context=others)
    print(f"{args.book}: {pdf_book.pages} PDF pages")
    for aspect, (same, total) in agreement.items():
        print(f"  {aspect:13} {same}/{total} identical")


if __name__ == "__main__":
    main()
