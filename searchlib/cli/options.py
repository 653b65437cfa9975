"""Option bundles shared by several commands (the corpus and index locations, ``--json``, ``-q``).

Each bundle is a decorator, so a command declares ``@corpus_option`` once and every command spells
the option, its default (from :class:`searchlib.config.Config`) and its envvar the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config import Config

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


#: The project directory: where ``corpus/`` and ``index/`` are when the CLI runs elsewhere.
HOME_ENVVAR = "SEARCHLIB_HOME"


def home_default(default: Path) -> Path:
    """``default`` under ``$SEARCHLIB_HOME`` when it is set, else relative to the current
    directory (read when a command runs, never at import)."""
    home = os.environ.get(HOME_ENVVAR)
    return Path(home) / default if home else default


def _directory_option(flag: str, dest: str, default: Path, envvar: str, help: str) -> Decorator:
    return click.option(
        flag,
        dest,
        type=click.Path(file_okay=False, path_type=Path),
        default=lambda: home_default(default),
        show_default=f"{default}, or ${HOME_ENVVAR}/{default}",
        envvar=envvar,
        help=help,
    )


#: ``--corpus DIR`` (``SEARCHLIB_CORPUS``), passed as ``corpus_dir``.
corpus_option = _directory_option(
    "--corpus",
    "corpus_dir",
    Config.corpus_dir,
    "SEARCHLIB_CORPUS",
    "Corpus directory (books.toml, sources/, ingested/).",
)

#: ``--index DIR`` (``SEARCHLIB_INDEX``), passed as ``index_dir``.
index_option = _directory_option(
    "--index", "index_dir", Config.index_dir, "SEARCHLIB_INDEX", "Index directory."
)

#: ``--json``, passed as ``as_json``.
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")

#: ``-q/--quiet``: nothing on stderr.
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress or report on stderr.")
