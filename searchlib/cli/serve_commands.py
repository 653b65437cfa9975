"""``searchlib serve``: the web UI under gunicorn, a production WSGI server (not Flask's own).

One gunicorn worker process per core by default (``--workers``), each with ``--threads`` threads,
all serving one socket; a stuck worker is replaced after ``--timeout`` seconds, ``kill -HUP``
restarts the workers gracefully (:mod:`web.server`).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from . import cli
from .options import corpus_option, index_option


@cli.command()
@corpus_option
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker process.")
@click.option("--workers", default=os.cpu_count() or 1, show_default="CPU count",
              type=click.IntRange(1, 64), help="Worker processes sharing the port.")
@click.option("--timeout", default=30, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds after which a stuck worker is replaced.")
def serve(corpus_dir: Path, index_dir: Path, host: str, port: int, threads: int,
          workers: int, timeout: int) -> None:
    """Serve the search UI and its JSON twins over HTTP.

    The index is opened read-only and followed across rebuilds: `searchlib rebuild` in another
    shell switches the live generation without a restart and without a failed request.
    `kill -HUP` restarts the workers gracefully; `kill -TERM` stops them.

    \b
    Example:
        searchlib serve --port 5000
        # then open http://127.0.0.1:5000
    """
    # Here, not at the top: every command (``--help`` too) imports this module, and logging with
    # its dependencies is some 5 ms of a command's start; only the server configures it.
    import logging

    from web import create_app
    from web.server import serve as serve_app

    from ..index import index_exists

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = {"CORPUS_DIR": corpus_dir.resolve(), "INDEX_DIR": index_dir.resolve()}
    if not index_exists(index_dir):
        click.echo(f"Warning: no index in {index_dir} yet (run: searchlib index)", err=True)
    click.echo(f"Serving on http://{host}:{port} (Ctrl-C to stop)", err=True)
    try:
        serve_app(lambda: create_app(settings), host, port, threads=threads, workers=workers,
                  timeout=timeout)
    except OSError as e:  # port in use, no such address: the user's choice, not a bug
        raise click.ClickException(f"cannot serve on {host}:{port}: {e.strerror or e}") from None
