"""``ingest``, ``books`` and ``footnotes``: build the corpus and look at what it holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import cli
from .options import corpus_option, index_option, json_option, quiet_option

if TYPE_CHECKING:  # the corpus stack (the readers' parsing) is imported by each command
    from ..corpus import QAReport
    from ..model import Book, Footnote, Paragraph


def _echo_report(report: QAReport) -> None:
    def numbers(values: list[int]) -> str:
        shown = ", ".join(map(str, values[:20])) + (" …" if len(values) > 20 else "")
        return f"{len(values)}" + (f" ({shown})" if values else "")

    pages = f", {report.pages} pages" if report.pages is not None else ""
    lines = [
        f"{report.book}: {report.chapters} chapters, {report.paragraphs} paragraphs{pages}, "
        f"{report.bibliography} bibliography entries",
        f"  footnote markers            {report.markers}",
        f"  definitions                 {report.definitions}",
        f"  markers without definition  {numbers(report.markers_without_definition)}",
        f"  definitions without marker  {numbers(report.definitions_without_marker)}",
        f"  footnotes without URL       {numbers(report.footnotes_without_url)}",
        f"  URLs repaired               {report.urls_repaired}",
    ]
    for name, count in report.reader_counts.items():
        lines.append(f"  {name.replace('_', ' '):<28}{count}")
    if report.repairs:
        kinds = ", ".join(f"{kind} {count}" for kind, count in report.repairs.items())
        lines.append(f"  repairs by kind             {kinds}")
    if report.damaged:
        left = ", ".join(f"{kind} {count}" for kind, count in report.damaged.items())
        lines.append(f"  still damaged               {left}")
    click.echo("\n".join(lines), err=True)


@cli.command()
@click.option("--book", "book_ids", multiple=True, help="Ingest only this book (repeatable).")
@click.option("--force", is_flag=True,
              help="Replace a book even if it lost most of its paragraphs or looks nothing "
              "like a book (a giant paragraph, no punctuation).")
@click.option("--wait", is_flag=True,
              help="If a build runs, wait for it instead of exiting 75.")
@corpus_option
@index_option
@quiet_option
def ingest(book_ids: tuple[str, ...], force: bool, wait: bool, corpus_dir: Path,
           index_dir: Path, quiet: bool) -> None:
    """Parse the books of the manifest and write the corpus JSON, with a QA report on stderr.

    Holds the index's build lock while it writes, as a build does. The site and the other
    commands keep reading the live index generation until `searchlib index` builds a new one.
    Exit codes: 0 ok, 1 failed, 75 a build runs (nothing written: retry later, or --wait).

    \b
    Example:
        searchlib ingest
        searchlib ingest --book b2 -q
    """
    from .. import corpus
    from ..jobs import ingest as ingest_job

    try:
        books, paths = ingest_job(corpus_dir, index_dir, book_ids=list(book_ids) or None,
                                  force=force, wait=wait)
    except OSError as e:  # a read-only corpus or index directory, a full disk: no traceback
        raise click.ClickException(f"cannot write {e.filename or corpus_dir}: "
                                   f"{e.strerror or e}") from None
    if not quiet:
        for book in books:
            _echo_report(corpus.qa_report(book))
        click.echo(f"Wrote {', '.join(str(p) for p in paths)}", err=True)


def _reading(corpus_dir: Path, index_dir: Path) -> Path:
    """The live index generation's copy of the corpus, else the ingested corpus (no index yet)."""
    from ..index.generation import reading_corpus

    return reading_corpus(corpus_dir, index_dir)


def book_summary(book: Book) -> dict[str, object]:
    """The ``books --json`` contract for one book."""
    return {
        "id": book.id,
        "title": book.meta.title,
        "label": book.meta.label,
        "author": book.meta.author,
        "year": book.meta.year,
        "chapters": [{"number": c.number, "title": c.title, "page": c.page} for c in book.chapters],
        "pages": book.pages,
        "paragraphs": len(book.paragraphs()),
        "footnotes": len(book.footnotes),
    }


@cli.command()
@corpus_option
@index_option
@json_option
def books(corpus_dir: Path, index_dir: Path, as_json: bool) -> None:
    """List the books and their chapters (as the live index holds them, else as ingested).

    \b
    Example:
        searchlib books --json
    """
    from ..corpus import load_corpus

    summaries = [book_summary(b) for b in load_corpus(_reading(corpus_dir, index_dir))]
    if as_json:
        click.echo(json.dumps(summaries, ensure_ascii=False, indent=2))
        return
    for s in summaries:
        click.secho(f"{s['id']}  {s['label']} · {s['title']}", bold=True)
        click.echo(f"    {s['author'] or 'author not stated'}, {s['year'] or 'year not stated'}; "
                   f"{s['paragraphs']} paragraphs, {s['footnotes']} footnotes")
        for c in s["chapters"]:  # type: ignore[attr-defined]
            page = f"p. {c['page']}" if c["page"] is not None else ""
            click.echo(f"    {c['number']:>3}  {c['title']}  {page}")


def footnote_record(
    book: Book, note: Footnote, paragraphs: dict[str, Paragraph]
) -> dict[str, object]:
    """The ``footnotes --json`` contract for one footnote (``paragraphs``: the book's, by id)."""
    return {
        "book": book.id,
        "number": note.number,
        "text": note.text,
        "urls": note.urls,
        "year": note.year,  # the one year rule's, resolved at ingest
        "paragraphs": [
            {
                "id": pid,
                "text": paragraphs[pid].text,
                "chapter": paragraphs[pid].chapter,
                "page": paragraphs[pid].page,
            }
            for pid in note.paragraphs
        ],
    }


@cli.command()
@click.option("--book", "book_id", required=True, help="Book id, e.g. b1.")
@corpus_option
@index_option
@json_option
def footnotes(book_id: str, corpus_dir: Path, index_dir: Path, as_json: bool) -> None:
    """Print every footnote of a book with its URLs and the paragraphs that carry it.

    \b
    Example:
        searchlib footnotes --book b1 --json | head -1
    """
    from ..corpus import load_corpus

    (book,) = load_corpus(_reading(corpus_dir, index_dir), [book_id])
    paragraphs = book.paragraphs_by_id()
    for note in book.footnotes:
        record = footnote_record(book, note, paragraphs)
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        click.secho(f"{book.id}:{note.number}", bold=True, nl=False)
        missing = "(definition missing in the source)"
        click.echo(f"  {note.text if note.text is not None else missing}")
        for url in note.urls:
            click.echo(f"    {url}")
        for pid in note.paragraphs:
            click.echo(f"    in {pid}")
