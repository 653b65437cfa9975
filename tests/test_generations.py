"""Index generations: build into a fresh directory, atomic switch, open, (tiny literal fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields

from searchlib.errors import EmptyCorpus, IndexNotFound
from searchlib.index import generations as gen
from searchlib.model import Book, BookMeta, Chapter, Paragraph

SCHEMA = fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT(stored=True))


def tiny_writer(books, directory: Path, *, corpus_dir: Path, progress=None) -> int:
    """A real (if minimal) Whoosh index: one document per paragraph."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(directory), SCHEMA)
    count = 0
    with ix.writer() as w:
        for book in books:
            for p in book.paragraphs():
                w.add_document(id=p.id, text=p.text)
                count += 1
                if progress:
                    progress(1)
    return count


def make_books(*texts: str, book_id: str = "t1") -> list[Book]:
    paragraphs = [
        Paragraph(id=f"{book_id}.c01.p{n:03d}", book=book_id, chapter=1, text=t)
        for n, t in enumerate(texts, 1)
    ]
    meta = BookMeta(id=book_id, file="sources/t1.txt", format="markdown-export", title="Alpha")
    return [Book(meta=meta, chapters=[Chapter(number=1, title="One", paragraphs=paragraphs)])]


def build(tmp_path: Path, *texts: str, **kw):
    return gen.build_index(
        tmp_path / "corpus", tmp_path / "index", books=make_books(*texts), writer=tiny_writer, **kw
    )


def doc_ids(index_dir: Path) -> list[str]:
    ix = gen.open_index(index_dir)
    with ix.searcher() as s:
        return sorted(d["id"] for d in s.all_stored_fields())


def test_no_index(tmp_path: Path) -> None:
    assert not gen.index_exists(tmp_path / "index")
    with pytest.raises(IndexNotFound, match="no index in .* \\(run: searchlib index\\)"):
        gen.open_index(tmp_path / "index")


def test_build_switches_current_and_keeps_previous(tmp_path: Path) -> None:
    first = build(tmp_path, "alpha", "bravo")
    assert first.generation == "gen-000001" and first.documents == 2 and first.previous is None
    assert gen.index_exists(tmp_path / "index")
    assert (tmp_path / "index" / "CURRENT").read_text() == "gen-000001\n"
    second = build(tmp_path, "charlie")
    assert second.generation == "gen-000002" and second.previous == "gen-000001"
    assert doc_ids(tmp_path / "index") == ["t1.c01.p001"]
    assert gen.previous_generation(tmp_path / "index") == "gen-000001"
    meta = gen.read_metadata(tmp_path / "index" / "gen-000002")
    assert meta["documents"] == 1 and meta["corpus_checksum"] == second.corpus_checksum


def test_empty_corpus_leaves_live_index(tmp_path: Path) -> None:
    build(tmp_path, "alpha")
    with pytest.raises(EmptyCorpus):
        build(tmp_path)
    assert gen.generations(tmp_path / "index") == ["gen-000001"]
    assert doc_ids(tmp_path / "index") == ["t1.c01.p001"]


def test_failing_writer_removes_partial_generation(tmp_path: Path) -> None:
    build(tmp_path, "alpha", "bravo")

    def broken(books, directory, *, corpus_dir, progress=None):
        tiny_writer(books, directory, corpus_dir=corpus_dir)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        gen.build_index(tmp_path, tmp_path / "index", books=make_books("x"), writer=broken)
    assert gen.generations(tmp_path / "index") == ["gen-000001"]
    assert len(doc_ids(tmp_path / "index")) == 2
