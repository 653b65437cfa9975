"""Shared fixtures: a clean environment, a CLI runner, tiny ingested corpora written from literal
books, and the real books ingested (and indexed) once per session."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# Hypothesis fails an example that takes over 200 ms: a timing, and this machine is shared (a
# loaded run failed the cleandoc fuzz test at 349 ms). The fuzz tests check results; speed is
# bench/'s, so no example has a deadline.
settings.register_profile("searchlib", deadline=None)
settings.load_profile("searchlib")

REPO = Path(__file__).resolve().parent.parent
REAL_CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("SEARCHLIB_"):
            monkeypatch.delenv(name)
    # A command given only --corpus still uses the default index (``ingest`` takes its lock):
    # never the repo's own index/ directory.
    monkeypatch.setenv("SEARCHLIB_INDEX", str(tmp_path / "default-index"))


@pytest.fixture
def cli_runner() -> CliRunner:
    return CliRunner()


def write_ingested_corpus(corpus_dir: Path, books: list) -> Path:
    """A corpus directory holding ``books`` as ``searchlib ingest`` leaves it: a manifest listing
    them (from their metadata) and their ingested JSON, every footnote resolved into its record.
    No source files."""
    from searchlib.corpus import write_corpus
    from searchlib.ingest.records import resolve_records

    books = [resolve_records(b) for b in books]
    corpus_dir.mkdir(parents=True, exist_ok=True)
    # JSON strings are TOML basic strings (same quotes and escapes).
    entries = [
        "[[book]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                               for k, v in asdict(b.meta).items() if v is not None)
        for b in books
    ]
    (corpus_dir / "books.toml").write_text("\n".join(entries), encoding="utf-8")
    write_corpus(books, corpus_dir / "ingested", force=True)  # a fixture writes what it wants
    return corpus_dir


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


@pytest.fixture(scope="session")
def real_book_words(real_books) -> list[str]:
    """Every word both books print (text, titles, footnotes), as printed and in lower case: what
    a reader may type, for checks that a query-time shortcut answers as the long way does."""
    from searchlib.analysis.words import WORD_RE

    books = list(real_books.values())
    texts = [t for b in books for c in b.chapters
             for t in (c.title, *(p.text for p in c.paragraphs))]
    texts += [n.text or "" for b in books for n in b.footnotes]
    printed = {w for t in texts for w in WORD_RE.findall(t)}
    return sorted(printed | {w.lower() for w in printed})


@pytest.fixture(scope="session")
def real_index_dir(real_corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real books' index, built once as ``searchlib index`` builds it (read-only for tests)."""
    from searchlib.index import build_index

    index_dir = tmp_path_factory.mktemp("real-index") / "index"
    build_index(real_corpus_dir, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def real_searcher(real_index_dir: Path) -> Iterator:
    """A Whoosh searcher over :func:`real_index_dir`, open for the whole session."""
    from searchlib.index import open_index

    with open_index(real_index_dir).searcher() as searcher:
        yield searcher
