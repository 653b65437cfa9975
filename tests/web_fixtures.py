"""A tiny literal corpus (two books, a few paragraphs, notes with BelTA sources) for web tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from searchlib.corpus import write_corpus
from searchlib.ingest.records import resolve_records
from searchlib.ingest.urls import make_source
from searchlib.model import Book, BookMeta, Chapter, Footnote, Marker, Paragraph

BELTA = "https://www.belta.by/economics/view/traktory-469260-2021/"
MANIFEST = """\
[[book]]
id = "b1"
file = "sources/b1.txt"
format = "markdown-export"
title = "Chronique de l'intégration"
author = "Boris Zalessky"
publisher = "Sciencia Scripts"
year = 2023
isbn = "978-620-6-04071-2"

[[book]]
id = "b2"
file = "sources/b2.txt"
format = "page-text"
title = "Un district, un projet"
"""

TEXTS = {
    "b1.c01.p001": "La région de Kostanay accueille une usine de tracteurs biélorusses.",
    "b1.c01.p002": "Les partenaires de Gomel signent un accord <script>alert(1)</script> & co.",
    "b1.c02.p001": "La zone économique libre attire des investisseurs de Minsk.",
    "b2.c01.p001": "À Kostanai, les tracteurs sont assemblés pour le Kazakhstan.",
    "b2.c01.p002": "Le projet « Un district, un projet » crée des emplois.",
}
TITLES = {("b1", 1): "Le Kazakhstan", ("b1", 2): "Les zones franches", ("b2", 1): "Les districts"}
NOTES = {
    # (book, number): (text, urls, paragraph, marker offset)
    ("b1", 1): (f"Tracteurs biélorusses au Kazakhstan. - 2021. - URL : {BELTA}", [BELTA],
                "b1.c01.p001", 29),
    ("b1", 2): ("Accord de Gomel <b>signé</b>. - URL : https://mfa.gov.by/accord", [
        "https://mfa.gov.by/accord"], "b1.c01.p002", 30),
    ("b2", 1): ("Tracteurs à Kostanai. - URL : https://belta.by/economics/view/x-469260-2021",
                ["https://belta.by/economics/view/x-469260-2021"], "b2.c01.p001", 11),
}


def tiny_books() -> list[Book]:
    books = []
    for book_id in ("b1", "b2"):
        chapters = []
        for (bid, number), title in TITLES.items():
            if bid != book_id:
                continue
            paragraphs = [
                Paragraph(pid, bid, number, text, 10 * number + int(pid[-1]),
                          [n for (b, n), v in NOTES.items() if v[2] == pid])
                for pid, text in TEXTS.items()
                if pid.startswith(f"{bid}.c{number:02d}.")
            ]
            chapters.append(Chapter(number, title, 10 * number, paragraphs))
        notes = [
            Footnote(b, n, text, [make_source(u) for u in urls], [Marker(pid, offset)], 12)
            for (b, n), (text, urls, pid, offset) in NOTES.items()
            if b == book_id
        ]
        meta = BookMeta(book_id, f"sources/{book_id}.txt", "markdown-export", "")
        books.append(resolve_records(Book(meta, chapters, notes)))  # as ingest leaves them
    return books


def write_tiny_corpus(corpus_dir: Path) -> Path:
    """The manifest and the ingested JSON of :func:`tiny_books` under ``corpus_dir``."""
    import tomllib

    corpus_dir.mkdir(parents=True, exist_ok=True)
    (corpus_dir / "books.toml").write_text(MANIFEST, encoding="utf-8")
    metas = {b["id"]: b for b in tomllib.loads(MANIFEST)["book"]}
    books = tiny_books()
    for book in books:
        book.meta = BookMeta.from_dict(metas[book.id])
    write_corpus(books, corpus_dir / "ingested")
    return corpus_dir


@pytest.fixture(scope="session")
def tiny_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny corpus and its index, built once (read-only for tests)."""
    from searchlib.index import build_index

    root = tmp_path_factory.mktemp("web")
    corpus_dir = write_tiny_corpus(root / "corpus")
    build_index(corpus_dir, root / "index")
    return corpus_dir, root / "index"


@pytest.fixture
def app(tiny_dirs: tuple[Path, Path]) -> Flask:
    from web import create_app

    corpus_dir, index_dir = tiny_dirs
    return create_app({"TESTING": True, "CORPUS_DIR": corpus_dir, "INDEX_DIR": index_dir})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
