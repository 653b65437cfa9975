"""``search``: ranked passages for a query, readable (terminal bold) or the ``--json`` contract."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

# The message catalogue is a few strings: cheap to import with the command line.
from ..messages import english
from . import cli
from .options import corpus_option, index_option, json_option

if TYPE_CHECKING:  # the search stack is imported by the command itself, not by ``--help``
    from ..search import Hit, SearchResults

_URL_TAIL = re.compile(r"\s*[-–.]*\s*URL\s*:.*$", re.S | re.I)


def terminal_snippet(snippet: str) -> str:
    """The HTML snippet as terminal text: ``<mark>`` becomes bold, entities are unescaped."""
    # With the search, not with every command: html imports its table of entities (2 ms).
    import html

    from ..search.snippets import MARK_CLOSE, MARK_OPEN

    marked = re.compile(re.escape(MARK_OPEN) + "(.*?)" + re.escape(MARK_CLOSE), re.S)
    parts, pos = [], 0
    for m in marked.finditer(snippet):
        parts.append(html.unescape(snippet[pos : m.start()]))
        parts.append(click.style(html.unescape(m.group(1)), bold=True))
        pos = m.end()
    parts.append(html.unescape(snippet[pos:]))
    return "".join(parts)


def _note_title(text: str | None, width: int = 110) -> str:
    """A footnote's text without its URL part, shortened: what the source is called."""
    title = _URL_TAIL.sub("", text or "").strip() or "(text lost in the source)"
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _format_hit(rank: int, hit: Hit, labels: Mapping[str, str]) -> list[str]:
    where = [labels.get(hit.book, hit.book)]
    if hit.chapter is not None:
        where.append(f"chapter {hit.chapter}")
    if hit.page is not None:
        where.append(f"p. {hit.page}")
    lines = [f"{rank}. {' · '.join(where)} · {hit.id}", f"   {terminal_snippet(hit.snippet)}"]
    for note in hit.footnotes:
        urls = " ".join(note.urls) if note.urls else ""
        lines.append(f"   [{note.number}] {_note_title(note.text)} {urls}".rstrip())
    return lines


def format_results(results: SearchResults, labels: Mapping[str, str] | None = None) -> str:
    """The readable listing: a header, then rank, place, id, snippet and sources of each hit.

    :param labels: each book's label (:attr:`~searchlib.model.BookMeta.label`) by id; a book
        missing from it is named by its id.
    """
    lines = []
    if results.message:
        # The search speaks French to the web's readers; the terminal speaks English.
        lines.append(english(results.message) or "")
    if not results.total:
        lines.append(f"No results for {results.query!r}.")
    else:
        first = (results.page - 1) * results.page_len + 1
        noun = "passage" if results.total == 1 else "passages"
        lines.append(
            f"{results.total} {noun} for {results.corrected or results.query!r} "
            f"(page {results.page} of {results.pages}):"
        )
        for rank, hit in enumerate(results.hits, first):
            lines.append("")
            lines.extend(_format_hit(rank, hit, labels or {}))
    if results.suggestion and not results.corrected:
        lines.append(f"Did you mean: {results.suggestion}?")
    return "\n".join(lines)


@cli.command("search")
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Hits per page.")
@click.option("--page", "-p", type=click.IntRange(min=1), default=1, show_default=True,
              help="Page of results.")
@click.option("--book", "book", default=None, help="Only passages of this book (e.g. b2).")
@json_option
@index_option
@corpus_option
def search_command(query: str, limit: int, page: int, book: str | None, as_json: bool,
                   index_dir: Path, corpus_dir: Path) -> None:
    """Search the passages of the books, best first.

    QUERY: words (all required), "a phrase", OR, NOT or -word, book:b2, chapter:3, prefix*,
    fuzzy~. The variant and synonym tables the live index was built with expand the words.

    \b
    Example:
        searchlib search Kostanay
        searchlib search '"zone de libre-échange" CEI' --book b1 --json
        searchlib search -- '-lait Minsk'      (a query starting with -)
    """
    from ..corpus import load_manifest, select_books
    from ..index import open_live
    from ..search import ready_searcher, search

    # The live generation holds the index and the manifest and tables it was built with.
    generation = open_live(index_dir)
    generation.verify()  # a damaged file is one Error line naming it, not a traceback or garbage
    if generation.built_by_other_code:
        click.echo(f"Warning: {generation.name} was built by another version of the analyzer; "
                   "some words may be missed until `searchlib index` rebuilds it.", err=True)
    manifest = generation.corpus_dir / "books.toml"
    metas = load_manifest(manifest) if manifest.exists() else []
    if book and metas:
        select_books(metas, [book])  # UnknownBook: one line
    labels = {m.id: m.label for m in metas}
    filters = {"book": book} if book else None
    with ready_searcher(generation) as searcher, generation.guard():
        results = search(searcher, query, page=page, page_len=limit, filters=filters,
                         corpus_dir=generation.corpus_dir)
    if as_json:
        data = results.to_json()
        data["message"] = english(data["message"])
        for hit in data["hits"]:  # the contract adds fields, never renames them
            hit["book_label"] = labels.get(hit["book"], hit["book"])
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(format_results(results, labels))
