"""``searchlib cite`` (look up and export footnote citations) and ``searchlib sources``.

``sources`` is a group that lists when called alone, so that other modules can add subcommands
(``sources import``) to it. ``cite --search`` is orchestrated here, above both the search package
(which ranks passages) and :mod:`searchlib.cite` (which gives their footnotes): the library
packages import downward only.

The library is imported inside each command, so that ``searchlib --help`` loads none of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import cli
from .options import corpus_option, index_option, json_option

if TYPE_CHECKING:
    from ..cite import Resolution
    from ..model import Book

#: The formats of ``cite --format`` (:data:`searchlib.cite.FORMATS`, which a test keeps equal):
#: spelled here so that building the command line imports no library module.
FORMATS = ("text", "gost", "csl-json", "bibtex", "ris", "json")
#: The styles of ``cite --style`` (:data:`searchlib.cite.styles.STYLES`, which a test keeps equal).
STYLES = ("iso690", "chicago", "apa")


def _warn_missing(resolutions: list[Resolution]) -> None:
    for resolution in resolutions:
        for citation in resolution.citations:
            if citation.missing_definition:
                click.echo(
                    f"Warning: footnote {citation.key} has no definition in the source; "
                    "its passage is shown",
                    err=True,
                )


def _search(books: list[Book], query: str, limit: int, index_dir: Path) -> list[Resolution]:
    """The footnotes of the top passages for ``query``: ranked by the index when there is one."""
    from ..cite import paragraph_citations, search_citations
    from ..index import index_exists, open_live
    from ..search import ready_searcher, search

    if not index_exists(index_dir):
        click.echo(f"No index at {index_dir}: matching exact words (run: searchlib index).",
                   err=True)
        return search_citations(books, query, limit)
    generation = open_live(index_dir)
    with ready_searcher(generation) as searcher, generation.guard():
        # Ask for more hits than needed: passages without footnotes are skipped.
        results = search(searcher, query, page_len=min(100, max(20, limit * 4)),
                         corpus_dir=generation.corpus_dir)
    return paragraph_citations(books, [h.id for h in results.hits], limit)


@cli.command("cite")
@click.argument("ref", required=False)
@click.option("--url", help="Reverse lookup: every footnote citing this URL.")
@click.option("--belta", "belta_id", type=click.IntRange(min=1), help="Reverse lookup by BelTA id.")
@click.option("--search", "query", help="The footnotes of the top passages for a query.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="Passages to take with --search.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--style", type=click.Choice(STYLES),
              help="A formatted reference per passage and source, in this CSL style "
                   "(instead of --format).")
@corpus_option
@index_option
def cite(
    ref: str | None,
    url: str | None,
    belta_id: int | None,
    query: str | None,
    limit: int,
    fmt: str,
    style: str | None,
    corpus_dir: Path,
    index_dir: Path,
) -> None:
    """The citation behind a passage, or every passage resting on one source.

    REF is a footnote (b1:32) or a paragraph id (b1.c03.p012, all its footnotes).
    --search ranks passages with the index when there is one, else matches exact words.

    \b
    Example:
        searchlib cite b1:32
        searchlib cite b1.c03.p012 --format bibtex
        searchlib cite --url https://www.belta.by/society/view/...-462339-2021/
        searchlib cite --belta 469260 --format ris
        searchlib cite --search "Kostanay"
        searchlib cite b1.c02.p002 --style iso690
    """
    from ..archive import load_archive
    from ..cite import Resolution, find_citing, resolve
    from ..cite.lookup import reference_book, with_archive
    from ..cite.render import render_resolutions
    from ..corpus import load_corpus
    from ..index import reading_corpus

    given = [x for x in (ref, url, belta_id, query) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of REF, --url, --belta or --search")
    # What the live index was built from (what `search` and the site show), else the ingested one.
    corpus_dir = reading_corpus(corpus_dir, index_dir)
    # A reference needs its own book only: loading the other books would double the command.
    book_id = reference_book(ref) if ref is not None else None
    books = load_corpus(corpus_dir, [book_id] if book_id else None)
    if ref is not None:
        resolutions = [resolve(books, ref)]
    elif query is not None:
        resolutions = _search(books, query, limit, index_dir)
        if not resolutions:
            click.echo(f"No passage with footnotes matches {query!r}.")
            return
    else:
        target = url if url is not None else f"BelTA article {belta_id}"
        citations = find_citing(books, url=url, belta_id=belta_id)
        if not citations and fmt == "text":
            click.echo(f"No footnote cites {target}.")
            return
        resolutions = [Resolution(str(url or belta_id), "source", citations)]
    _warn_missing(resolutions)
    resolutions = with_archive(resolutions, load_archive(corpus_dir))
    if style is not None:
        from ..cite.styles import render_styled

        click.echo(render_styled(resolutions, style, books))
        return
    click.echo(render_resolutions(resolutions, fmt))


@cli.group("sources", invoke_without_command=True)
@click.option("--domain", help="Only sources on this domain (and its subdomains).")
@json_option
@corpus_option
@index_option
@click.pass_context
def sources(
    ctx: click.Context, domain: str | None, as_json: bool, corpus_dir: Path, index_dir: Path
) -> None:
    """Every distinct source the footnotes cite, with counts per domain and per year.

    \b
    Example:
        searchlib sources --domain belta.by
        searchlib sources --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..cite import bibliography_summary, list_sources
    from ..corpus import load_corpus
    from ..index import reading_corpus

    books = load_corpus(reading_corpus(corpus_dir, index_dir))
    listing = list_sources(books, domain)
    # Books with their own bibliography: what only one of the two lists holds (from the records).
    reconciled = [r for r in (bibliography_summary(b) for b in books) if r.has_bibliography]
    if as_json:
        data = listing.as_dict()
        data["bibliography"] = {
            r.book: {"bibliography_only": r.bibliography_only, "footnotes_only": r.footnotes_only}
            for r in reconciled
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not listing.sources:
        click.echo(f"No source cited on {domain}." if domain else "No source cited.")
        return
    for s in listing.sources:
        year = s.year if s.year is not None else "----"
        more = f" (+{len(s.variants) - 1} spellings)" if len(s.variants) > 1 else ""
        click.echo(f"{s.count:4d}  {year}  {s.source.url}{more}  [{', '.join(s.citations)}]")
    click.echo(f"\n{len(listing.sources)} sources. Per domain (sources / citations):")
    for name, counts in listing.per_domain.items():
        click.echo(f"  {name:30} {counts['sources']:4d} / {counts['citations']}")
    click.echo("Per year (sources / citations):")
    for year_label, counts in listing.per_year.items():
        click.echo(f"  {year_label:30} {counts['sources']:4d} / {counts['citations']}")
    for r in reconciled:
        click.echo(f"{r.book}: in the bibliography only: entries "
                   f"{', '.join(map(str, r.bibliography_only)) or 'none'}; in the footnotes only: "
                   f"{', '.join(f'{r.book}:{n}' for n in r.footnotes_only) or 'none'}")
