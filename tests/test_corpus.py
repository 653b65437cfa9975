"""The manifest, source-file checks, atomic corpus writes and the QA report (tiny fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searchlib import atomic, corpus, ingest
from searchlib.errors import (
    EmptyCorpus,
    ManifestError,
    ParseError,
    SourceFileError,
    UnknownBook,
)
from searchlib.ingest import read_source_text
from searchlib.ingest.urls import make_source
from searchlib.model import (
    Book,
    BookMeta,
    Chapter,
    Footnote,
    Marker,
    Paragraph,
    Source,
    paragraph_id,
)

MANIFEST = """
[[book]]
id = "t1"
file = "sources/t1.txt"
format = "markdown-export"
title = "Alpha Bravo"
year = 2023

[[book]]
id = "t2"
file = "sources/t2.txt"
format = "page-text"
title = "Charlie Delta"
"""


def tiny_book(book_id: str = "t1", text: str = "Alpha bravo charlie.") -> Book:
    pid = paragraph_id(book_id, 1, 1)
    source = make_source("http://www.belta.by/economics/view/alpha-bravo-469260-2021/")
    return Book(
        meta=BookMeta(id=book_id, file=f"sources/{book_id}.txt", format="markdown-export",
                      title="Alpha Bravo"),
        chapters=[Chapter(1, "Alpha", 2, [Paragraph(pid, book_id, 1, text, None, [1, 2])])],
        footnotes=[
            Footnote(book_id, 1, "Alpha [Ressource électronique]", [source], [Marker(pid, 5)]),
            Footnote(book_id, 2, None, [], [Marker(pid, 19)]),
            Footnote(book_id, 3, "Orphan definition", [], []),
        ],
    )


def write_manifest(tmp_path: Path, text: str = MANIFEST) -> Path:
    (tmp_path / "books.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_manifest_lists_books_in_order(tmp_path):
    metas = corpus.load_manifest(write_manifest(tmp_path) / "books.toml")
    assert [(m.id, m.format, m.year) for m in metas] == [
        ("t1", "markdown-export", 2023),
        ("t2", "page-text", None),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[book]]\nid = 'x'\nfile = 'f'\nformat = 'pdf'\n", "lacks title"),
        ("[[book\n", "not valid TOML"),
        ("title = 'x'\n", r"no \[\[book\]\] entry"),
        (MANIFEST + "\n[[book]]\nid='t1'\nfile='f'\nformat='pdf'\ntitle='t'\n", "appears twice"),
        ("[[book]]\nid='x'\nfile='f'\nformat='pdf'\ntitle='t'\npages=3\n", "unknown keys"),
        ("book = [1, 2]\n", r"book #1 is not a \[\[book\]\] table"),
        ("[[book]]\nid='x'\nfile=3\nformat=['pdf']\ntitle='t'\n",
         r"wrong type: \['file', 'format'\]"),
        ("[[book]]\nid='x'\nfile='f'\nformat='pdf'\ntitle='t'\nyear='2021'\n",
         r"wrong type: \['year'\]"),
        ("[[book]]\nid='../x'\nfile='f'\nformat='pdf'\ntitle='t'\n", "'../x' is not one word"),
        ("[[book]]\nid='b1.c01'\nfile='f'\nformat='pdf'\ntitle='t'\n", "'b1.c01' is not one word"),
    ],
)
def test_manifest_errors_are_one_line(tmp_path, text, message):
    with pytest.raises(ManifestError, match=message) as info:
        corpus.load_manifest(write_manifest(tmp_path, text) / "books.toml")
    assert "\n" not in str(info.value)


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match="manifest not found"):
        corpus.load_manifest(tmp_path / "books.toml")


def test_unknown_format_and_book(tmp_path):
    write_manifest(tmp_path, "[[book]]\nid='x'\nfile='f'\nformat='docx'\ntitle='t'\n")
    with pytest.raises(ManifestError, match="unknown book format 'docx'"):
        corpus.ingest_books(tmp_path)
    with pytest.raises(UnknownBook, match="unknown book 'zz'"):
        corpus.ingest_books(tmp_path, ["zz"])


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "not found"),
        (b"", "empty"),
        (b" \n\n", "empty"),
        (b"abc\x00def", "binary"),
        ("Économie".encode("latin-1"), "not UTF-8"),
    ],
)
def test_source_file_checks(tmp_path, content, message):
    path = tmp_path / "book.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceFileError, match=message):
        read_source_text(path)


def test_source_text_strips_bom_and_crlf(tmp_path):
    path = tmp_path / "book.txt"
    path.write_bytes("\ufeffLigne une\r\nLigne deux\r\n".encode())
    assert read_source_text(path) == "Ligne une\nLigne deux\n"


def test_write_and_load_round_trip(tmp_path):
    write_manifest(tmp_path)
    book = tiny_book()
    corpus.write_corpus([book], tmp_path / "ingested")
    (loaded,) = corpus.load_corpus(tmp_path)
    assert loaded == book
    assert loaded.footnotes[0].paragraphs == ["t1.c01.p001"]
    assert loaded.footnotes[0].sources[0].belta_id == 469260


def test_corpus_json_is_deterministic(tmp_path):
    first = corpus.write_corpus([tiny_book()], tmp_path / "a")[0].read_bytes()
    second = corpus.write_corpus([tiny_book()], tmp_path / "b")[0].read_bytes()
    assert first == second
    assert json.loads(first)["meta"]["id"] == "t1"


def test_checksum_of_the_ingested_files_is_that_of_the_books(tmp_path):
    books = [tiny_book("t1"), tiny_book("t2", "Delta echo.")]
    corpus.write_corpus(books, tmp_path / "ingested")
    read = corpus.ingested_checksum(tmp_path, ["t1", "t2"])
    assert read == corpus.corpus_checksum(books)
    assert read != corpus.ingested_checksum(tmp_path, ["t2", "t1"])
    corpus.write_corpus([tiny_book("t2", "Delta foxtrot.")], tmp_path / "ingested")
    assert corpus.ingested_checksum(tmp_path, ["t1", "t2"]) != read


def test_failed_ingest_leaves_previous_corpus_untouched(tmp_path, monkeypatch):
    write_manifest(tmp_path)
    corpus.write_corpus([tiny_book("t1"), tiny_book("t2")], tmp_path / "ingested")
    before = {p.name: p.read_bytes() for p in (tmp_path / "ingested").iterdir()}

    def reader(fmt):
        def read(path, meta):
            if meta.id == "t2":
                raise ParseError("t2: cannot parse")
            return tiny_book(meta.id, "Changed text.")
        return read

    monkeypatch.setattr(ingest, "reader_for", reader)
    with pytest.raises(ParseError):
        corpus.write_corpus(corpus.ingest_books(tmp_path), tmp_path / "ingested")
    after = {p.name: p.read_bytes() for p in (tmp_path / "ingested").iterdir()}
    assert after == before  # no temporary file left behind either


def test_atomic_write_keeps_old_file_when_serialising_fails(tmp_path, monkeypatch):
    path = corpus.write_corpus([tiny_book()], tmp_path)[0]
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        corpus.write_corpus([tiny_book(text="Other text.")], tmp_path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t1.json"]


def test_load_corpus_errors(tmp_path):
    write_manifest(tmp_path)
    with pytest.raises(EmptyCorpus, match="searchlib ingest"):
        corpus.load_corpus(tmp_path)
    corpus.write_corpus([tiny_book("t1")], tmp_path / "ingested")
    with pytest.raises(UnknownBook, match="'t2' has not been ingested"):
        corpus.load_corpus(tmp_path, ["t2"])
    (tmp_path / "ingested" / "t1.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(Exception, match="unreadable"):
        corpus.load_corpus(tmp_path)


def test_a_corpus_of_another_schema_is_refused_not_misread(tmp_path, cli_runner):
    from searchlib.cli import cli
    from searchlib.errors import CorpusError

    write_manifest(tmp_path)
    (path,) = corpus.write_corpus([tiny_book("t1")], tmp_path / "ingested")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == corpus.SCHEMA_VERSION
    for old in ({k: v for k, v in data.items() if k != "schema"}, {**data, "schema": 1}):
        path.write_text(json.dumps(old), encoding="utf-8")
        with pytest.raises(CorpusError, match="re-run searchlib ingest"):
            corpus.load_corpus(tmp_path)
        result = cli_runner.invoke(cli, ["books", "--corpus", str(tmp_path)])
        assert result.exit_code == 1, result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith("Error: corpus file") and line.endswith("re-run searchlib ingest")


def test_ingest_stores_each_footnote_resolved(tmp_path, monkeypatch):
    write_manifest(tmp_path)
    monkeypatch.setattr(ingest, "reader_for", lambda fmt: lambda path, meta: tiny_book(meta.id))
    corpus.write_corpus(corpus.ingest_books(tmp_path, ["t1"]), tmp_path / "ingested")
    (book,) = corpus.load_corpus(tmp_path)
    cited, missing, orphan = book.footnotes
    assert cited.fields is not None and cited.fields.medium == "Ressource électronique"
    assert (cited.year, cited.sources[0].year) == (2021, 2021)  # the slug's year
    assert cited.markers[0].page is None  # the paragraph's page is unknown in this book
    assert (missing.fields, missing.year) == (None, None)
    assert orphan.fields is not None and orphan.fields.kind == "note"
    assert all(n.bibliography is None for n in book.footnotes)  # t1 has no bibliography


def test_qa_report_counts():
    book = tiny_book()
    book.stats = {"urls_truncated": 4, "urls_repaired": 0}
    report = corpus.qa_report(book)
    assert report.chapters == 1 and report.paragraphs == 1
    assert report.markers == 2
    assert report.definitions == 2
    assert report.markers_without_definition == [2]
    assert report.definitions_without_marker == [3]
    assert report.footnotes_without_url == [3]
    assert report.urls_repaired == 0
    assert report.reader_counts == {"urls_truncated": 4}  # urls_repaired is counted per source


def test_consistency_check_catches_dangling_marker():
    book = tiny_book()
    corpus.check_corpus_consistency(book)
    book.footnotes[0].markers.append(Marker("t1.c09.p999", 0))
    with pytest.raises(Exception, match="unknown paragraph"):
        corpus.check_corpus_consistency(book)


def test_source_identity():
    a = make_source("http://www.belta.by/economics/view/alpha-bravo-469260-2021/")
    b = make_source("https://belta.by/economics/view/alpha-bravo-469260-2021")
    assert a.normalized == b.normalized
    assert (a.belta_id, a.year, a.domain) == (469260, 2021, "belta.by")
    assert isinstance(a, Source)


def test_a_book_that_lost_most_of_its_paragraphs_is_refused(tmp_path):
    write_manifest(tmp_path)
    whole = tiny_book()
    whole.chapters[0].paragraphs *= 1  # one paragraph...
    extra = [Paragraph(paragraph_id("t1", 1, n), "t1", 1, f"Texte {n}.") for n in range(2, 5)]
    whole.chapters[0].paragraphs.extend(extra)  # ...and three more: four in all
    corpus.write_corpus([whole], tmp_path / "ingested")
    before = (tmp_path / "ingested" / "t1.json").read_bytes()
    with pytest.raises(ParseError, match="gives 1 paragraphs where the corpus has 4"):
        corpus.write_corpus([tiny_book()], tmp_path / "ingested")
    assert (tmp_path / "ingested" / "t1.json").read_bytes() == before
    corpus.write_corpus([tiny_book()], tmp_path / "ingested", force=True)
    assert len(corpus.load_book(tmp_path / "ingested", "t1").paragraphs()) == 1


def test_a_reader_crash_or_a_book_without_chapters_is_a_parse_error(tmp_path, monkeypatch):
    write_manifest(tmp_path)

    def crashing(path, meta):
        raise AssertionError("page label table is broken")

    def chapterless(path, meta):
        return Book(meta=meta)

    for reader, message in [(crashing, "could not be read as markdown-export \\(AssertionError"),
                            (chapterless, "no chapter found in sources/t1.txt")]:
        monkeypatch.setattr(ingest, "reader_for", lambda fmt, reader=reader: reader)
        with pytest.raises(ParseError, match=message):
            corpus.ingest_books(tmp_path, ["t1"])


def test_corpus_files_are_readable_by_other_users(tmp_path):
    (path,) = corpus.write_corpus([tiny_book()], tmp_path)
    assert path.stat().st_mode & 0o777 == 0o644
