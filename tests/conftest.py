"""Shared fixtures: a clean environment, a CLI runner, and the real books ingested once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
REAL_CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("SEARCHLIB_"):
            monkeypatch.delenv(name)


@pytest.fixture
def cli_runner() -> CliRunner:
    return CliRunner()


def copy_real_corpus(dest: Path) -> Path:
    """A copy of the repo's manifest and sources under ``dest`` (never touch the repo's corpus)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REAL_CORPUS / "books.toml", dest / "books.toml")
    shutil.copytree(REAL_CORPUS / "sources", dest / "sources")
    for extra in REAL_CORPUS.glob("*.tsv"):
        shutil.copy(extra, dest / extra.name)
    return dest


@pytest.fixture(scope="session")
def real_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two real books, ingested once into a temporary corpus directory (read-only for tests)."""
    from searchlib.corpus import ingest_books, write_corpus

    corpus_dir = copy_real_corpus(tmp_path_factory.mktemp("real") / "corpus")
    write_corpus(ingest_books(corpus_dir), corpus_dir / "ingested")
    return corpus_dir


@pytest.fixture(scope="session")
def real_books(real_corpus_dir: Path):
    from searchlib.corpus import load_corpus

    return {b.id: b for b in load_corpus(real_corpus_dir)}
