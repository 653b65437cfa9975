"""``searchlib sources import``: store saved pages of cited articles beside the corpus.

Registered on the ``sources`` group of :mod:`searchlib.cli.cite_commands`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from .cite_commands import sources
from .options import corpus_option, index_option, json_option


@sources.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--wait", is_flag=True,
              help="If a build runs, wait for it instead of exiting 75.")
@json_option
@corpus_option
@index_option
def import_command(paths: tuple[Path, ...], wait: bool, as_json: bool, corpus_dir: Path,
                   index_dir: Path) -> None:
    """Import saved HTML pages of cited articles (from a browser or the Wayback Machine).

    Reads each page's URL, title, publication date and lead paragraph, stores them in
    the corpus's archive.json and lists the footnotes that cite each page. Holds the index's
    build lock while it writes, as ingest and index do. Exit codes: 0 ok, 1 a page is unreadable,
    75 a build runs (nothing written: retry later, or --wait).

    \b
    Example:
        searchlib sources import saved/lebedev.html saved/kostanay.html
        searchlib sources import --json saved/*.html
    """
    from ..archive import ARCHIVE_FILE  # reads HTML (bs4): only when importing
    from ..jobs import import_sources

    try:
        results = import_sources(list(paths), corpus_dir, index_dir, wait=wait)
    except OSError as e:  # a read-only corpus or index directory, a full disk: no traceback
        raise click.ClickException(f"cannot write {e.filename or corpus_dir}: "
                                   f"{e.strerror or e}") from None
    if as_json:
        rows = [
            {**asdict(r.page), "footnotes": r.footnotes, "replaced": r.replaced} for r in results
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in results:
            cited = ", ".join(r.footnotes) if r.footnotes else "no footnote cites it"
            click.echo(f"{r.page.url}\n  {r.page.published or 'date unknown'}  {r.page.title}")
            click.echo(f"  cited by: {cited}")
    click.echo(f"Imported {len(results)} page(s) into {corpus_dir / ARCHIVE_FILE}", err=True)
