"""``index`` and ``rebuild``: build the search index, as a command or as a nightly batch job.

Output contract, for cron and CI: progress and a one-line human summary on stderr (``-q`` silences
them; errors still print), and one machine-readable JSON line per run on stdout, or appended to
``--log FILE`` — on failure too (``"ok": false`` with the ``error``). Exit codes: 0 done, 1 failed
(bad corpus, build error, ``--check`` mismatch), 2 usage error, 75 (``EX_TEMPFAIL``) another build
holds the lock — retry later, or pass ``--wait``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import IndexLocked, SearchlibError
from . import Locked, cli
from .options import corpus_option, index_option, quiet_option

if TYPE_CHECKING:  # the index stack is imported by each command, not by ``--help``
    from ..index.generations import BuildSummary

def _emit(line: str, log_file: Path | None) -> None:
    if log_file is None:
        click.echo(line)
        return
    with log_file.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


@contextmanager
def _job(event: str, log_file: Path | None) -> Iterator[None]:
    """Log a failed run as a JSON line too, and map a held lock to exit code 75."""
    from ..jobs import json_line

    try:
        yield
    except SearchlibError as e:
        _emit(json_line(event, {"error": str(e)}, ok=False), log_file)
        if isinstance(e, IndexLocked):
            raise Locked(str(e)) from None
        raise
    except OSError as e:  # a full disk, a read-only or foreign index directory: no traceback
        _emit(json_line(event, {"error": str(e)}, ok=False), log_file)
        raise click.ClickException(str(e)) from None


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` that drives a progress bar on stderr, created on first call."""
    state: dict[str, Any] = {"bar": None, "done": 0}
    # Test-only: slow each step down so that process tests can kill a build midway.
    delay = float(os.environ.get("SEARCHLIB_TEST_BUILD_DELAY") or 0)

    def step(done: int, total: int) -> None:
        if delay:
            time.sleep(delay)
        if quiet:
            return
        if state["bar"] is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        state["bar"].update(done - state["done"])
        state["done"] = done

    try:
        yield step
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


def _built(summary: BuildSummary, quiet: bool, log_file: Path | None) -> None:
    from ..jobs import json_line

    _emit(json_line("index-build", summary.as_dict()), log_file)
    if summary.unchanged:
        _say(quiet, f"Nothing changed since {summary.generation}: no new generation "
                    "(--force builds one)")
        return
    reused = f"; {', '.join(summary.reused)} unchanged, reused" * bool(summary.reused)
    recovered = f"; removed {', '.join(summary.recovered)} left by a killed build" * bool(
        summary.recovered
    )
    _say(quiet, f"Indexed {summary.documents} documents into {summary.index_dir} "
                f"({summary.generation}) in {summary.seconds:.1f}s{reused}{recovered}")


def wait_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--wait", is_flag=True, help="If another build runs, wait for it instead of exiting 75."
    )(f)


def log_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--log", "log_file", type=click.Path(dir_okay=False, path_type=Path),
        help="Append the JSON summary line to this file instead of printing it on stdout.",
    )(f)


@cli.command("index")
@click.option("--check", is_flag=True,
              help="Verify every file of the live generation, and that it matches the corpus.")
@click.option("--rollback", is_flag=True, help="Make the previous generation live again.")
@click.option("--force", is_flag=True,
              help="Build a new generation, re-indexing every book, even when nothing changed.")
@wait_option
@log_option
@corpus_option
@index_option
@quiet_option
def index_command(check: bool, rollback: bool, force: bool, wait: bool,
                  log_file: Path | None, corpus_dir: Path, index_dir: Path, quiet: bool) -> None:
    """Build the index from the ingested corpus, beside the live one, then switch to it.

    Only the books that changed are re-indexed; when nothing changed, nothing is switched.
    Prints one JSON summary line on stdout. Exit codes: 0 ok, 1 failed, 75 another build runs.

    \b
    Example:
        searchlib index -q
        searchlib index --check
        searchlib index --rollback
    """
    from ..index import generations
    from ..index.check import check_index
    from ..jobs import json_line

    if check and rollback:
        raise click.UsageError("--check and --rollback cannot be combined")
    if check:
        with _job("index-check", log_file):
            report = check_index(corpus_dir, index_dir)
        _emit(json_line("index-check", report.as_dict(), ok=report.ok), log_file)
        if not report.ok:
            raise click.ClickException("the index does not match the corpus: "
                                       + "; ".join(report.problems))
        _say(quiet, f"{index_dir} ({report.generation}) matches the corpus: "
                    f"{report.documents} documents, checksum {report.corpus_checksum[:12]}")
    elif rollback:
        with _job("index-rollback", log_file):
            done = generations.rollback(index_dir, wait=wait)
        _emit(json_line("index-rollback", done.as_dict()), log_file)
        kept = f" ({done.replaced} kept)" if done.replaced else ""
        _say(quiet, f"Rolled {index_dir} back to {done.generation}{kept}")
    else:
        with _job("index-build", log_file), _progress(quiet, "Indexing") as step:
            summary = generations.build_index(corpus_dir, index_dir, wait=wait, progress=step,
                                              force=force)
        _built(summary, quiet, log_file)


@cli.command()
@click.option("--book", "book_ids", multiple=True, help="Re-ingest only this book (repeatable).")
@wait_option
@log_option
@corpus_option
@index_option
@quiet_option
def rebuild(book_ids: tuple[str, ...], wait: bool, log_file: Path | None,
            corpus_dir: Path, index_dir: Path, quiet: bool) -> None:
    """Re-ingest the books and rebuild the index: the nightly job (for cron or CI).

    Readers keep the old index until the new one is complete. A book that fails to parse leaves
    the corpus and the live index as they were. Exit codes: 0 ok, 1 failed, 75 another build runs.

    \b
    Example:
        searchlib rebuild -q --log /var/log/searchlib/rebuild.jsonl
    """
    from .. import jobs

    with _job("index-build", log_file), _progress(quiet, "Indexing") as step:
        summary = jobs.rebuild(
            corpus_dir, index_dir, book_ids=list(book_ids) or None, wait=wait, progress=step
        )
    _built(summary, quiet, log_file)
