"""Option bundles shared by several commands (the corpus and index locations, ``--json``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config import Config


def corpus_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--corpus",
        "corpus_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Config.corpus_dir,
        show_default=True,
        envvar="SEARCHLIB_CORPUS",
        help="Corpus directory (books.toml, sources/, ingested/).",
    )(f)


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Config.index_dir,
        show_default=True,
        envvar="SEARCHLIB_INDEX",
        help="Index directory.",
    )(f)


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")(f)


def quiet_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-q", "--quiet", is_flag=True, help="No progress or report on stderr.")(f)
